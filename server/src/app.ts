/**
 * The app factory: `createApp(config, deps)` wires middleware and route modules into one Hono app. The Node
 * entry (main.ts) only reads configuration and serves it; tests build it with their own providers.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './app-env.ts';
import type { Config } from './config.ts';
import { ApiError, errorBody, toErrorResponse } from './errors.ts';
import { clientIp } from './middleware/client-ip.ts';
import { concurrencyLimit } from './middleware/concurrency.ts';
import { originGuard } from './middleware/origin-guard.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import type { Providers } from './providers/types.ts';
import { createAdminRoutes } from './routes/admin.ts';
import { createAudioRoutes } from './routes/audio.ts';
import { createConversationRoutes } from './routes/conversation.ts';
import { createInfoRoutes } from './routes/info.ts';
import { createRoomRoutes } from './routes/room.ts';
import { createSpeechRoutes } from './routes/speech.ts';
import { createStaticRoutes, type StaticRoutesOptions } from './routes/static.ts';
import { createVoiceTurnRoutes } from './routes/voice-turn.ts';
import type { AudioStore } from './stores/audio-store.ts';
import type { ConversationStore } from './stores/conversation-store.ts';

/** What the app runs on, built by main.ts (or by a test). */
export interface AppDeps {
  readonly providers: Providers;
  readonly conversations: ConversationStore;
  readonly audio: AudioStore;
  /** Where unexpected errors are reported; never given request bodies or keys. */
  readonly logError?: (message: string, err: unknown) => void;
  /** The widget build, the demo site and the bundler example's packages; no static routes when absent. */
  readonly static?: StaticRoutesOptions;
}

const AI_ROUTES = ['/api/transcribe', '/api/synthesize', '/api/conversation', '/api/voice-turn'] as const;
const AUDIO_UPLOAD_ROUTES = ['/api/transcribe', '/api/voice-turn'] as const;
const JSON_ROUTES = ['/api/synthesize', '/api/conversation', '/api/room/*', '/api/admin/*'] as const;
// Multipart framing around the file: boundaries, headers and the small text fields.
const MULTIPART_OVERHEAD = 64 * 1024;

/** Builds the Hono app. */
export function createApp(config: Config, deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const logError = deps.logError ?? ((message, err) => console.error(message, err));

  app.use(
    secureHeaders({
      // The widget's script and audio are loaded from customers' sites: they must be embeddable cross-origin.
      crossOriginResourcePolicy: 'cross-origin',
      crossOriginOpenerPolicy: false,
    }),
  );
  app.use(clientIp({ trustProxy: config.trustProxy }));
  // The widget's files are public and answer `Access-Control-Allow-Origin: *` themselves: customers' sites load
  // them with module scripts and worklet fetches, which send an Origin that need not be on the allowlist.
  app.use(except('/widget/*', originGuard({ allowedOrigins: config.allowedOrigins, trustProxy: config.trustProxy })));

  const { rate } = config.limits;
  app.use('/api/room/*', rateLimit(rate.token));
  const aiRate = rateLimit(rate.ai);
  const concurrency = concurrencyLimit(config.limits.concurrentPerIp);
  for (const path of AI_ROUTES) app.use(path, aiRate, concurrency);
  const readRate = rateLimit(rate.read);
  for (const path of ['/api/health', '/api/config', '/audio/*', '/api/admin/*']) app.use(path, readRate);

  const tooLarge = (what: string, max: number): MiddlewareHandler =>
    bodyLimit({
      maxSize: max,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `The ${what} is larger than ${formatBytes(max)}.`);
      },
    });
  for (const path of AUDIO_UPLOAD_ROUTES) app.use(path, tooLarge('audio upload', config.limits.audioBytes + MULTIPART_OVERHEAD));
  for (const path of JSON_ROUTES) app.use(path, tooLarge('request body', config.limits.jsonBytes));

  const turnDeps = { providers: deps.providers, conversations: deps.conversations, audio: deps.audio };
  app.route('/api', createInfoRoutes(config, deps.providers));
  app.route('/api', createSpeechRoutes(config, turnDeps));
  app.route('/api', createConversationRoutes(config, turnDeps));
  app.route('/api', createVoiceTurnRoutes(config, turnDeps));
  app.route('/api/room', createRoomRoutes(config));
  app.route('/api/admin', createAdminRoutes(config));
  app.route('/audio', createAudioRoutes(deps.audio));
  if (deps.static) app.route('/', createStaticRoutes(deps.static));

  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404));
  app.onError((err, c) => {
    const { status, body, headers } = toErrorResponse(err);
    if (status === 500) logError(`${c.req.method} ${c.req.path} failed:`, err);
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    return c.json(body, status);
  });
  return app;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}
