/** `GET /api/health` and `GET /api/config`: liveness, and what the widget may use on this server. */
import { createRoute } from '@hono/zod-openapi';
import { Health, LANGUAGES, PERSONAS, ServerConfig } from '@call-center-widget/protocol';
import { agentDispatchOn, type Config } from '../config.ts';
import type { Limits } from '../http/limits.ts';
import { errorAnswers, jsonAnswer } from '../http/openapi.ts';
import { routeGroup } from '../http/validation.ts';
import type { Providers } from '../providers/types.ts';
import { PERSONA_NAMES } from '../text/personas.ts';

const health = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Liveness, and which provider serves each capability',
  responses: { 200: jsonAnswer(Health, 'The server is up.'), ...errorAnswers() },
});

const config = createRoute({
  method: 'get',
  path: '/config',
  summary: 'What a widget may use on this server',
  description: 'LiveKit on or off; speech recognition, synthesis and chat availability, languages and voices; personas; limits.',
  responses: { 200: jsonAnswer(ServerConfig, 'The capabilities of this server.'), ...errorAnswers() },
});

/** Health and capability routes, mounted at `/api`. */
export function createInfoRoutes(settings: Config, providers: Providers, limits: Limits) {
  const startedAt = Date.now();
  const names = { stt: providers.stt.name, tts: providers.tts.name, chat: providers.chat.name };

  return routeGroup()
    .openapi({ ...health, middleware: limits.read }, (c) =>
      c.json({ status: 'ok' as const, providers: names, uptime_seconds: Math.round((Date.now() - startedAt) / 1000) }, 200),
    )
    .openapi({ ...config, middleware: limits.read }, (c) => {
      const stt = providers.stt.capabilities();
      const tts = providers.tts.capabilities();
      const chat = providers.chat.capabilities();
      c.header('Cache-Control', 'no-store');
      const body: ServerConfig = {
        livekit: {
          enabled: settings.livekit.url !== undefined,
          url: settings.livekit.url ?? null,
          ...(agentDispatchOn(settings) ? { agent: true as const } : {}),
        },
        providers: names,
        stt: { available: stt.available, languages: [...stt.languages], formats: [...stt.formats], vocabulary: stt.vocabulary, note: stt.note ?? null },
        tts: {
          available: tts.available,
          languages: [...tts.languages],
          voices: [...tts.voices],
          default_voice: { ...tts.defaultVoice },
          voice_aliases: { ...tts.aliases },
          format: tts.format,
          note: tts.note ?? null,
        },
        chat: { available: chat.available, languages: [...chat.languages], kind: chat.kind },
        personas: PERSONAS.map((id) => ({ id, name: { ...PERSONA_NAMES[id] } })),
        languages: [...LANGUAGES],
        limits: {
          max_audio_bytes: settings.limits.audioBytes,
          max_text_chars: settings.limits.textChars,
          max_concurrent: settings.limits.concurrentPerIp,
        },
      };
      return c.json(body, 200);
    });
}
