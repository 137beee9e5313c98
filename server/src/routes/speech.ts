/** The seed's speech routes: `POST /api/transcribe` (multipart `audio_file`) and `POST /api/synthesize` (JSON). */
import { createRoute } from '@hono/zod-openapi';
import { SynthesizeRequest, Synthesis, TranscribeForm, Transcription } from '@call-center-widget/protocol';
import type { Config } from '../config.ts';
import { checkTextLength, checkVoice, chosenLanguage, ensureAvailable, uploadedAudio } from '../http/checks.ts';
import type { Limits } from '../http/limits.ts';
import { errorAnswers, formBody, jsonAnswer, jsonBody } from '../http/openapi.ts';
import { routeGroup } from '../http/validation.ts';
import { ProviderError, type Providers } from '../providers/types.ts';
import type { AudioStore } from '../stores/audio-store.ts';
import { detectLanguage } from '../text/language.ts';

/** What the speech routes run on. */
export interface SpeechDeps {
  readonly providers: Providers;
  readonly audio: AudioStore;
}

const transcribe = createRoute({
  method: 'post',
  path: '/transcribe',
  summary: 'Speech to text (the seed\'s route)',
  request: { body: formBody(TranscribeForm, 'The recording in `audio_file` (WAV, or what /api/config `stt.formats` lists).') },
  responses: {
    200: jsonAnswer(Transcription, 'What was heard.'),
    ...errorAnswers('missing_field', 'invalid_field', 'empty_audio', 'unknown_language', 'invalid_multipart', 'payload_too_large', 'unsupported_media_type', 'unsupported_audio', 'no_speech', 'not_understood', 'unsupported_language', 'too_many_concurrent', 'provider_error', 'provider_unavailable', 'provider_rate_limited', 'provider_timeout'),
  },
});

const synthesize = createRoute({
  method: 'post',
  path: '/synthesize',
  summary: 'Text to speech (the seed\'s route)',
  request: { body: jsonBody(SynthesizeRequest) },
  responses: {
    200: jsonAnswer(Synthesis, 'The audio, inline and as a URL.'),
    ...errorAnswers('invalid_json', 'invalid_body', 'missing_field', 'invalid_field', 'empty_field', 'text_too_long', 'unknown_voice', 'unknown_language', 'payload_too_large', 'unsupported_media_type', 'unsupported_language', 'too_many_concurrent', 'provider_error', 'provider_unavailable', 'provider_rate_limited', 'provider_timeout'),
  },
});

/** Transcription and synthesis routes, mounted at `/api`. */
export function createSpeechRoutes(config: Config, deps: SpeechDeps, limits: Limits) {
  const { stt, tts } = deps.providers;

  return routeGroup()
    .openapi({ ...transcribe, middleware: limits.aiAudio }, async (c) => {
      const form = c.req.valid('form');
      const audio = await uploadedAudio(form, ['audio_file', 'audio', 'file']);
      const language = chosenLanguage(form.language);
      ensureAvailable(stt.capabilities().available, 'Speech recognition');
      const heard = await stt.transcribe(audio, { language, signal: c.req.raw.signal });
      return c.json(
        { text: heard.text, language: heard.language, duration_seconds: heard.durationSeconds, confidence: heard.confidence, provider: stt.name },
        200,
      );
    })
    .openapi({ ...synthesize, middleware: limits.aiJson }, async (c) => {
      const body = c.req.valid('json');
      const text = checkTextLength(body.text, config.limits.textChars, 'text');
      const language = chosenLanguage(body.language) ?? detectLanguage(text) ?? 'en';
      const voice = checkVoice(deps.providers, body.voice);
      const capabilities = tts.capabilities();
      ensureAvailable(capabilities.available, 'Speech synthesis');
      if (!capabilities.languages.includes(language)) {
        throw new ProviderError('unsupported_language', `Speech synthesis in "${language}" is not available on this server.`);
      }
      const audio = await tts.synthesize(text, { voice, language, signal: c.req.raw.signal });
      const name = await deps.audio.save(audio.data, audio.format);
      return c.json(
        {
          audio_url: `/audio/${name}`,
          audio_base64: Buffer.from(audio.data).toString('base64'),
          format: audio.format,
          voice: audio.voice,
          language,
          provider: tts.name,
        },
        200,
      );
    });
}
