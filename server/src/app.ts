/**
 * The app factory: `createApp(config, deps)` puts the app-wide middleware (security headers, client address,
 * origin guard) in front of the route groups. Each group carries its own limits and validation in its route
 * definitions, and every API route is described in the OpenAPI document served at `/api/openapi.json`.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { except } from 'hono/combine';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './app-env.ts';
import type { Config } from './config.ts';
import { errorBody, toErrorResponse } from './http/error-response.ts';
import { createLimits } from './http/limits.ts';
import { clientIp } from './middleware/client-ip.ts';
import { originGuard } from './middleware/origin-guard.ts';
import type { Providers } from './providers/types.ts';
import { createAdminRoutes } from './routes/admin.ts';
import { createAudioRoutes } from './routes/audio.ts';
import { createConsoleRoutes } from './routes/console.ts';
import { createConsoleChatRoutes } from './routes/console-chats.ts';
import { createConversationRoutes } from './routes/conversation.ts';
import { createInfoRoutes } from './routes/info.ts';
import { createLiveKitWebhookRoutes } from './routes/livekit-webhook.ts';
import { createOpenApiRoute } from './routes/openapi.ts';
import { createRoomRoutes } from './routes/room.ts';
import { createSpeechRoutes } from './routes/speech.ts';
import { createStaticRoutes, type StaticRoutesOptions } from './routes/static.ts';
import { createVoiceTurnRoutes } from './routes/voice-turn.ts';
import type { AudioStore } from './stores/audio-store.ts';
import type { CallRegistry } from './stores/call-registry.ts';
import type { ConversationStore } from './stores/conversation-store.ts';
import type { CallNotes } from './stores/call-notes.ts';
import { Desk } from './stores/desk.ts';
import type { StaffStore } from './stores/staff-store.ts';
import type { TicketStore } from './stores/ticket-store.ts';

/** What the app runs on, built by `composeServer` (or by a test). */
export interface AppDeps {
  readonly providers: Providers;
  readonly conversations: ConversationStore;
  readonly audio: AudioStore;
  /** Where unexpected errors are reported; never given request bodies or keys. */
  readonly logError?: (message: string, err: unknown) => void;
  /** Where operators are told what they can fix (a site refused for want of ALLOWED_ORIGINS); default stderr. */
  readonly logWarning?: (message: string) => void;
  /** The widget build, the demo site and the bundler example's packages; no static routes when absent. */
  readonly static?: StaticRoutesOptions;
  /** Per-call timeout towards LiveKit's API (default 5 s). */
  readonly livekitTimeoutMs?: number;
  /** The live calls, from LiveKit's webhooks. */
  readonly calls: CallRegistry;
  /** Tickets the turns record, in the database under DATA_DIR. */
  readonly tickets?: TicketStore;
  /** Staff accounts and their console sessions, in the same database. */
  readonly staff?: StaffStore;
  /** Where the AI agent's call processes note where each live call stands. */
  readonly callNotes?: CallNotes;
  /** Conversations over HTTP waiting for or held by staff; made here when there are staff accounts. */
  readonly desk?: Desk;
}

/** Builds the Hono app. */
export function createApp(config: Config, deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const logError = deps.logError ?? ((message, err) => console.error(message, err));
  const limits = createLimits(config);

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
  const onRefused = deps.logWarning ?? ((message: string) => console.warn(message));
  app.use(except('/widget/*', originGuard({ allowedOrigins: config.allowedOrigins, publicOrigins: config.publicOrigins, onRefused })));

  const staff = deps.staff;
  const desk = deps.desk ?? (staff ? new Desk({ idleMs: config.conversations.idleTtlSeconds * 1000 }) : undefined);
  const turnDeps = {
    providers: deps.providers,
    conversations: deps.conversations,
    audio: deps.audio,
    tickets: deps.tickets,
    staffOnline: staff ? () => staff.online() : undefined,
    desk,
    logError,
  };
  app.route('/api', createInfoRoutes(config, deps.providers, limits));
  app.route('/api', createSpeechRoutes(config, turnDeps, limits));
  app.route('/api', createConversationRoutes(config, turnDeps, limits));
  app.route('/api', createVoiceTurnRoutes(config, turnDeps, limits));
  app.route('/api/room', createRoomRoutes(config, limits, { livekitTimeoutMs: deps.livekitTimeoutMs }));
  app.route('/api/admin', createAdminRoutes(config, deps.calls, limits, { livekitTimeoutMs: deps.livekitTimeoutMs, tickets: deps.tickets, staff: deps.staff }));
  if (deps.staff) {
    const consoleDeps = { staff: deps.staff, tickets: deps.tickets, calls: deps.calls, callNotes: deps.callNotes, chat: deps.providers.chat, desk };
    app.route('/api/console', createConsoleRoutes(config, consoleDeps, limits));
    if (desk) app.route('/api/console', createConsoleChatRoutes(config, { staff: deps.staff, desk, conversations: deps.conversations, tickets: deps.tickets }, limits));
  }
  app.route('/api/livekit', createLiveKitWebhookRoutes(config, deps.calls, limits, deps.tickets));
  app.route('/audio', createAudioRoutes(deps.audio, limits));
  app.route('/api', createOpenApiRoute(app, limits));
  if (deps.static) app.route('/', createStaticRoutes(deps.static, { livekitUrl: config.livekit.url }, limits.files));

  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404));
  app.onError((err, c) => {
    const { status, body, headers } = toErrorResponse(err);
    // Only the unexpected: provider trouble and refused requests are answered, not logged as failures.
    if (status === 500) logError(`${c.req.method} ${c.req.path} failed:`, err);
    return c.json(body, status, headers);
  });
  return app;
}
