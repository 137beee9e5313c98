/** The seed's speech routes: `POST /api/transcribe` (multipart `audio_file`) and `POST /api/synthesize` (JSON). */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { Config } from '../config.ts';
import { ApiError } from '../errors.ts';
import { LANGUAGES, ProviderError, type Language, type Providers } from '../providers/types.ts';
import type { AudioStore } from '../stores/audio-store.ts';
import { detectLanguage } from '../text/language.ts';
import { oneOf, readJsonObject, stringField } from './request.ts';
import { readAudioForm } from './upload.ts';

/** What the speech routes run on. */
export interface SpeechDeps {
  readonly providers: Providers;
  readonly audio: AudioStore;
}

/** Transcription and synthesis routes, mounted at `/api`. */
export function createSpeechRoutes(config: Config, deps: SpeechDeps): Hono<AppEnv> {
  const { stt, tts } = deps.providers;

  return new Hono<AppEnv>()
    .post('/transcribe', async (c) => {
      const { audio, fields } = await readAudioForm(c, ['audio_file', 'audio', 'file']);
      const language = languageField(fields['language']);
      ensureAvailable(stt.capabilities().available, 'Speech recognition');
      const heard = await stt.transcribe(audio, { language, signal: c.req.raw.signal });
      return c.json({
        text: heard.text,
        language: heard.language,
        duration_seconds: heard.durationSeconds,
        confidence: heard.confidence,
        provider: stt.name,
      });
    })
    .post('/synthesize', async (c) => {
      const body = await readJsonObject(c);
      const text = stringField(body, 'text', { required: true, maxLength: config.limits.textChars, tooLongCode: 'text_too_long' });
      const language = languageField(stringField(body, 'language')) ?? detectLanguage(text) ?? 'en';
      const voice = voiceField(deps.providers, stringField(body, 'voice'));
      const capabilities = tts.capabilities();
      ensureAvailable(capabilities.available, 'Speech synthesis');
      if (!capabilities.languages.includes(language)) {
        throw new ProviderError('unsupported_language', `Speech synthesis in "${language}" is not available on this server.`);
      }
      const audio = await tts.synthesize(text, { voice, language, signal: c.req.raw.signal });
      const name = await deps.audio.save(audio.data, audio.format);
      return c.json({
        audio_url: `/audio/${name}`,
        audio_base64: Buffer.from(audio.data).toString('base64'),
        format: audio.format,
        voice: audio.voice,
        language,
        provider: tts.name,
      });
    });
}

/** Validates `language`: en, ar or auto (auto and absent mean: detect). */
export function languageField(value: string | undefined): Language | undefined {
  const lang = oneOf(value?.toLowerCase(), [...LANGUAGES, 'auto'] as const, 'unknown_language', 'language');
  return lang === 'auto' ? undefined : lang;
}

/** Validates `voice` against the synthesis provider's voices. */
export function voiceField(providers: Providers, value: string | undefined): string | undefined {
  return oneOf(value?.toLowerCase(), providers.tts.capabilities().voices, 'unknown_voice', 'voice');
}

/** 503 when a capability is absent on this server, so nothing is ever faked. */
export function ensureAvailable(available: boolean, what: string): void {
  if (!available) {
    throw new ApiError(503, 'provider_unavailable', `${what} is not available on this server. See /api/config.`);
  }
}
