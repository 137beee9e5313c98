/** `GET /api/health` and `GET /api/config`: liveness, and what the widget may use on this server. */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { Config } from '../config.ts';
import { LANGUAGES, PERSONAS, type Providers } from '../providers/types.ts';
import { PERSONA_NAMES } from '../text/personas.ts';

/** Health and capability routes, mounted at `/api`. */
export function createInfoRoutes(config: Config, providers: Providers): Hono<AppEnv> {
  const startedAt = Date.now();
  const names = { stt: providers.stt.name, tts: providers.tts.name, chat: providers.chat.name };

  return new Hono<AppEnv>()
    .get('/health', (c) =>
      c.json({ status: 'ok', providers: names, uptime_seconds: Math.round((Date.now() - startedAt) / 1000) }),
    )
    .get('/config', (c) => {
      const stt = providers.stt.capabilities();
      const tts = providers.tts.capabilities();
      const chat = providers.chat.capabilities();
      c.header('Cache-Control', 'no-store');
      return c.json({
        livekit: { enabled: config.livekit.url !== undefined, url: config.livekit.url ?? null },
        providers: names,
        stt: { available: stt.available, languages: stt.languages, formats: stt.formats, vocabulary: stt.vocabulary, note: stt.note ?? null },
        tts: {
          available: tts.available,
          languages: tts.languages,
          voices: tts.voices,
          default_voice: tts.defaultVoice,
          format: tts.format,
          note: tts.note ?? null,
        },
        chat: { available: chat.available, languages: chat.languages, kind: chat.kind },
        personas: PERSONAS.map((id) => ({ id, name: PERSONA_NAMES[id] })),
        languages: LANGUAGES,
        limits: {
          max_audio_bytes: config.limits.audioBytes,
          max_text_chars: config.limits.textChars,
          max_concurrent: config.limits.concurrentPerIp,
        },
      });
    });
}
