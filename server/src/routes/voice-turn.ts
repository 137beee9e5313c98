/**
 * `POST /api/voice-turn`: one spoken turn in one request. Multipart audio in; SSE out: `transcript`, `delta`,
 * `transfer`, `handoff`, `audio` (per sentence, in order), `done`, `error`. Transcription runs before the
 * stream opens, so unusable audio gets a plain 4xx (the transcript is the first event either way).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { Config } from '../config.ts';
import { badRequest } from '../errors.ts';
import { ProviderError } from '../providers/types.ts';
import type { TurnDeps } from '../services/turn.ts';
import { openConversation, personaField, streamTurn } from './conversation.ts';
import { ensureAvailable, languageField, voiceField } from './speech.ts';
import { readAudioForm } from './upload.ts';

/** The voice-turn route, mounted at `/api`. */
export function createVoiceTurnRoutes(_config: Config, deps: TurnDeps): Hono<AppEnv> {
  return new Hono<AppEnv>().post('/voice-turn', async (c) => {
    const startedAt = performance.now();
    const { audio, fields } = await readAudioForm(c, ['audio', 'audio_file', 'file']);
    const persona = personaField(fields['persona'] || undefined);
    const language = languageField(fields['language'] || undefined);
    const voice = voiceField(deps.providers, fields['voice'] || undefined);
    const speakField = fields['speak'];
    if (speakField !== undefined && !['true', 'false', '1', '0'].includes(speakField)) {
      throw badRequest('invalid_field', 'The field "speak" must be true or false.');
    }
    const speak = speakField === undefined || speakField === 'true' || speakField === '1';
    ensureAvailable(deps.providers.stt.capabilities().available, 'Speech recognition');
    ensureAvailable(deps.providers.chat.capabilities().available, 'Conversation');
    if (speak) ensureAvailable(deps.providers.tts.capabilities().available, 'Speech synthesis');
    // Check the id before spending a transcription on a conversation that is gone.
    const conversation = openConversation(deps.conversations, fields['conversation_id'] || undefined, persona, language ?? 'en');

    const transcript = await deps.providers.stt.transcribe(audio, { language, signal: c.req.raw.signal });
    const message = transcript.text.trim();
    if (message === '') throw new ProviderError('no_speech', 'No speech was heard in the recording. Please try again.');
    return streamTurn(c, deps, { conversation, message, transcript, startedAt, language: language ?? 'auto', speak, voice });
  });
}
