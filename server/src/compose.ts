/**
 * The one composition of a server: configuration -> providers -> stores -> app. The Node entry, the tests, the
 * browser tests' server and the benchmark all start servers through here, so they run what production runs.
 */
import { getRequestListener, type ServerType } from '@hono/node-server';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adapterError, answerClientError, missingHost, securityHeadersOf, writeError } from './http/node-errors.ts';
import { createApp, type AppDeps } from './app.ts';
import type { Config } from './config.ts';
import { createProviders } from './providers/index.ts';
import type { Providers } from './providers/types.ts';
import type { StaticRoutesOptions } from './routes/static.ts';
import { AudioStore } from './stores/audio-store.ts';
import { CallRegistry } from './stores/call-registry.ts';
import { ConversationStore } from './stores/conversation-store.ts';
import { openDatabase } from './stores/database.ts';
import { CallNotes } from './stores/call-notes.ts';
import { StaffStore } from './stores/staff-store.ts';
import { TicketStore } from './stores/ticket-store.ts';

/** Options of `composeServer`. */
export interface ComposeOptions {
  /** Replaces some or all of the providers the configuration chooses (tests). */
  readonly providers?: Partial<Providers> | Promise<Partial<Providers>>;
  /** The widget build, the demo site and vendor packages to serve; none when absent. */
  readonly static?: StaticRoutesOptions;
  readonly logError?: AppDeps['logError'];
  readonly logWarning?: AppDeps['logWarning'];
  readonly livekitTimeoutMs?: number;
}

/** A composed server, not yet listening. */
export interface ComposedServer {
  readonly config: Config;
  readonly app: ReturnType<typeof createApp>;
  readonly deps: AppDeps;
  /** Expires old audio files and idle conversations; `listen` runs it every AUDIO_SWEEP_INTERVAL_SECONDS. */
  sweep(): Promise<void>;
  /** Stops the offline engines' helper processes and closes the database. */
  close(): Promise<void>;
}

/** Builds providers and stores from `config` and the app on top of them. */
export async function composeServer(config: Config, options: ComposeOptions = {}): Promise<ComposedServer> {
  const overrides = await options.providers;
  const providers: Providers = overrides && isComplete(overrides) ? overrides : { ...(await createProviders(config)), ...overrides };
  const audio = new AudioStore(config.audio);
  await audio.init();
  const conversations = new ConversationStore(config.conversations);
  const db = openDatabase(config.data.dir);
  const deps: AppDeps = {
    providers,
    audio,
    conversations,
    tickets: new TicketStore(db),
    staff: new StaffStore(db),
    callNotes: new CallNotes(db),
    calls: new CallRegistry(),
    static: options.static,
    logError: options.logError,
    logWarning: options.logWarning,
    livekitTimeoutMs: options.livekitTimeoutMs,
  };
  return {
    config,
    app: createApp(config, deps),
    deps,
    async sweep() {
      conversations.sweep();
      await audio.sweep();
    },
    async close() {
      // The offline engines' helper processes (Flite's keeps a pipe open): stopped, so the process can exit.
      await Promise.all(Object.values(providers).map((p: { close?: () => Promise<void> }) => p.close?.()));
      db.close();
    },
  };
}

/** A server listening on a socket. */
export interface ListeningServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly server: ServerType;
  /** Stops listening, the sweep and the engines. */
  close(): Promise<void>;
}

/**
 * Serves a composed server on `hostname:port` (port 0: a free one) and sweeps its stores on a timer. What Node or
 * the adapter refuses before the app runs is answered as the app answers errors (http/node-errors.ts).
 */
export async function listen(composed: ComposedServer, address: { port: number; hostname: string }): Promise<ListeningServer> {
  const headers = await securityHeadersOf(composed.app);
  const toApp = getRequestListener(composed.app.fetch, { hostname: address.hostname, errorHandler: adapterError(headers) });
  // Node's own Host check answers an empty 400; ours answers in JSON.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    if (missingHost(req)) writeError(res, headers, 'bad_request', 'An HTTP/1.1 request must have a Host header.');
    else void toApp(req, res);
  });
  server.on('clientError', answerClientError(headers));
  return new Promise((resolve, reject) => {
    server.listen(address.port, address.hostname, () => {
      const info = server.address() as AddressInfo;
      server.off('error', reject);
      const sweep = setInterval(() => {
        composed.sweep().catch((err: unknown) => console.error('sweep failed:', err));
      }, composed.config.audio.sweepIntervalSeconds * 1000);
      sweep.unref();
      const host = info.address.includes(':') ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        server,
        close: async () => {
          clearInterval(sweep);
          await new Promise<void>((done) => {
            server.close(() => done());
            // Idle keep-alive sockets go now; requests still running get a moment, then their sockets go too,
            // so that a browser holding a connection open cannot keep the server from stopping.
            const sockets = server as Partial<{ closeIdleConnections(): void; closeAllConnections(): void }>;
            sockets.closeIdleConnections?.();
            setTimeout(() => sockets.closeAllConnections?.(), 2000).unref();
          });
          await composed.close();
        },
      });
    });
    server.once('error', reject);
  });
}

function isComplete(p: Partial<Providers>): p is Providers {
  return p.stt !== undefined && p.tts !== undefined && p.chat !== undefined;
}
