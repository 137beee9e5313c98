/**
 * `POST /api/voice-turn`: one spoken turn in one request. Multipart audio in; turn events out as server-sent
 * events (`start`, `transcript`, `delta`, `transfer`, `handoff`, `audio` per sentence in order, `done`, `error`).
 * Transcription runs before the stream opens, so unusable audio gets a plain 4xx; speech that was heard but not
 * understood gets a spoken answer saying so (`not_understood`), since the customer deserves more than an error.
 */
import { createRoute } from '@hono/zod-openapi';
import { AUDIO_FIELDS, TurnEvent, VoiceTurnForm } from '@call-center-widget/protocol';
import { checkVoice, chosenLanguage, ensureAvailable, uploadedAudio } from '../http/checks.ts';
import type { Config } from '../config.ts';
import type { Limits } from '../http/limits.ts';
import { errorAnswers, eventStream, formBody } from '../http/openapi.ts';
import { streamTurn } from '../http/turn-stream.ts';
import { routeGroup } from '../http/validation.ts';
import { ProviderError } from '../providers/types.ts';
import { openConversation } from '../services/conversations.ts';
import { refuseTurn } from '../services/refusal.ts';
import { runTurn, type TurnDeps } from '../services/turn.ts';

const voiceTurn = createRoute({
  method: 'post',
  path: '/voice-turn',
  summary: 'A spoken turn: audio in, transcript, reply and spoken sentences out',
  request: { body: formBody(VoiceTurnForm, 'The utterance in `audio` (16 kHz mono WAV from the widget).') },
  responses: {
    200: eventStream(TurnEvent, 'The turn as server-sent events.'),
    ...errorAnswers('missing_field', 'invalid_field', 'empty_audio', 'unknown_persona', 'unknown_language', 'unknown_voice', 'invalid_multipart', 'conversation_not_found', 'payload_too_large', 'unsupported_media_type', 'unsupported_audio', 'no_speech', 'not_understood', 'unsupported_language', 'too_many_concurrent', 'provider_error', 'provider_unavailable', 'provider_rate_limited', 'provider_timeout'),
  },
});

/** The voice-turn route, mounted at `/api`. */
export function createVoiceTurnRoutes(config: Config, deps: TurnDeps, limits: Limits) {
  const heartbeatMs = config.limits.streamHeartbeatSeconds * 1000;
  return routeGroup().openapi({ ...voiceTurn, middleware: limits.aiAudio }, async (c) => {
    const startedAt = performance.now();
    const form = c.req.valid('form');
    const audio = await uploadedAudio(form, AUDIO_FIELDS);
    const language = chosenLanguage(form.language);
    const voice = checkVoice(deps.providers, form.voice);
    const speak = form.speak ?? true;
    ensureAvailable(deps.providers.stt.capabilities().available, 'Speech recognition');
    ensureAvailable(deps.providers.chat.capabilities().available, 'Conversation');
    // Check the id before spending a transcription on a conversation that is gone.
    const conversation = openConversation(deps.conversations, form.conversation_id, form.persona, language ?? 'en');

    let transcript;
    try {
      transcript = await deps.providers.stt.transcribe(audio, { language, signal: c.req.raw.signal });
    } catch (err) {
      // Heard but not understood: the agent says so, with requests it would understand, instead of a bare error.
      if (!(err instanceof ProviderError) || err.code !== 'not_understood') throw err;
      const refusal = { conversation, language: language ?? conversation.language, speak, voice, startedAt };
      return streamTurn(c, (signal) => refuseTurn(deps, refusal, signal), heartbeatMs);
    }
    const message = transcript.text.trim();
    if (message === '') throw new ProviderError('no_speech', 'No speech was heard in the recording. Please try again.');
    const input = { conversation, message, transcript, startedAt, language: language ?? 'auto', speak, voice } as const;
    return streamTurn(c, (signal) => runTurn(deps, input, signal), heartbeatMs);
  });
}
