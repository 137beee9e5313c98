/** `GET /api/health` and `GET /api/config`: liveness, and what a widget may use on this server. */
import { z } from 'zod';
import { Language, Persona, PersonaNames, ProviderName } from './common.ts';

const ProviderNames = z.object({ stt: ProviderName, tts: ProviderName, chat: ProviderName });

/** `GET /api/health`. */
export const Health = z
  .object({
    status: z.literal('ok'),
    providers: ProviderNames,
    uptime_seconds: z.number().int().nonnegative(),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof Health>;

/** `GET /api/config`: every capability says whether it is available, so nothing is ever faked. */
export const ServerConfig = z
  .object({
    livekit: z.object({
      enabled: z.boolean(),
      url: z.string().nullable(),
      agent: z
        .literal(true)
        .optional()
        .meta({ description: 'Present when customer tokens dispatch the AI agent into each call\'s room (LiveKit configured, LIVEKIT_AGENT not off): once an agent worker joins, the room carries the call, not `/api/voice-turn`. Absent when off.' }),
    }),
    providers: ProviderNames,
    stt: z.object({
      available: z.boolean(),
      languages: z.array(z.string()),
      /** Container formats accepted, e.g. ['wav'] or ['wav','webm','mp3','ogg','m4a','flac']. */
      formats: z.array(z.string()),
      /** `free` understands open speech; `phrases` only the persona engine's own phrases. */
      vocabulary: z.enum(['free', 'phrases']),
      note: z.string().nullable().meta({ description: 'Why something is absent, in one sentence, when it is.' }),
    }),
    tts: z.object({
      available: z.boolean(),
      languages: z.array(z.string()),
      voices: z.array(z.string()),
      default_voice: z.record(z.string(), z.string()).meta({ description: 'Default voice per language.' }),
      voice_aliases: z
        .record(z.string(), z.string())
        .meta({ description: 'Other names taken for `voice` (OpenAI\'s, as in the seed\'s examples) and the voice that speaks each.' }),
      format: z.enum(['mp3', 'wav']),
      note: z.string().nullable(),
    }),
    chat: z.object({
      available: z.boolean(),
      languages: z.array(z.string()),
      /** `free` for a language model; `scripted` for the local persona engine. */
      kind: z.enum(['free', 'scripted']),
    }),
    personas: z.array(z.object({ id: Persona, name: PersonaNames })),
    languages: z.array(Language),
    limits: z.object({
      max_audio_bytes: z.number().int(),
      max_text_chars: z.number().int(),
      max_concurrent: z.number().int(),
    }),
  })
  .meta({ id: 'ServerConfig' });
export type ServerConfig = z.infer<typeof ServerConfig>;
