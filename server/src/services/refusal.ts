/**
 * A spoken turn the recognizer refused (`not_understood`): instead of a bare error, the agent says it did not
 * catch that and offers requests it would understand, in words and, when speaking, in voice. Nothing joins the
 * conversation's history, so the customer simply tries again.
 */
import type { TurnEvent } from '@call-center-widget/protocol';
import { ProviderError, type Language } from '../providers/types.ts';
import type { Conversation } from '../stores/conversation-store.ts';
import { EXAMPLE_REQUESTS, NOT_UNDERSTOOD, spokenRefusal } from '../text/refusals.ts';
import type { TurnDeps } from './turn.ts';

/** What the refusal needs. */
export interface RefusalInput {
  readonly conversation: Conversation;
  readonly language: Language;
  readonly speak: boolean;
  readonly voice?: string;
  /** `performance.now()` when the turn began. */
  readonly startedAt: number;
}

/** The events of a refused spoken turn. */
export async function* refuseTurn(deps: TurnDeps, input: RefusalInput, signal: AbortSignal): AsyncGenerator<TurnEvent> {
  const { conversation, language } = input;
  const persona = conversation.persona;
  yield { type: 'start', conversation_id: conversation.id, persona };
  const offered = deps.providers.stt.examples?.(language);
  const examples = [...(offered?.length ? offered : EXAMPLE_REQUESTS[language])].slice(0, 3);
  const text = NOT_UNDERSTOOD[language];
  yield { type: 'not_understood', persona, text, examples };
  let firstAudio: number | undefined;
  const voices = deps.providers.tts.capabilities();
  if (input.speak && voices.available && voices.languages.includes(language)) {
    try {
      const sentence = spokenRefusal(language, examples);
      const audio = await deps.providers.tts.synthesize(sentence, { voice: input.voice, language, signal });
      const name = await deps.audio.save(audio.data, audio.format);
      firstAudio = Math.round(performance.now() - input.startedAt);
      yield { type: 'audio', index: 0, text: sentence, audio_url: `/audio/${name}`, audio_base64: Buffer.from(audio.data).toString('base64'), format: audio.format, voice: audio.voice };
    } catch (err) {
      if (signal.aborted) return;
      const code = err instanceof ProviderError ? err.code : 'internal_error';
      yield { type: 'error', code, message: err instanceof ProviderError ? err.message : 'The reply could not be spoken.', stage: 'synthesis', retryable: true };
    }
  }
  const total = Math.round(performance.now() - input.startedAt);
  yield {
    type: 'done',
    conversation_id: conversation.id,
    response: text,
    persona,
    language,
    handoff: false,
    committed: false,
    timings_ms: firstAudio === undefined ? { total } : { first_audio: firstAudio, total },
  };
}
