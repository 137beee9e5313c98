/**
 * Starts the real server in this process on 127.0.0.1 with a random port, for the browser and end-to-end
 * test runners (which are plain Node scripts and load this file bundled by esbuild).
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { createProviders } from '../server/src/providers/index.ts';
import { staticDirs } from '../server/src/static-dirs.ts';
import { AudioStore } from '../server/src/stores/audio-store.ts';
import { ConversationStore } from '../server/src/stores/conversation-store.ts';

/** A running test server. */
export interface TestServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Options of `startTestServer`. */
export interface TestServerOptions {
  /** Also serve the widget build, the demo site and the vendor packages, as `npm start` does. */
  readonly static?: boolean;
}

/**
 * Starts a server with these environment variables (on top of a temp audio folder and port 0), and with the
 * static routes when `options.static` is set.
 */
export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const config = loadConfig({ AUDIO_DIR: mkdtempSync(join(tmpdir(), 'ccw-e2e-audio-')), PORT: '0', ...env });
  const providers = await createProviders(config);
  const audio = new AudioStore(config.audio);
  await audio.init();
  const conversations = new ConversationStore(config.conversations);
  const app = createApp(config, { providers, audio, conversations, static: options.static ? staticDirs(packageRoot()) : undefined });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // The offline engines' helper processes (Flite's keeps a stderr pipe open): stopped, so the process can exit.
      await Promise.all(Object.values(providers).map((p: { close?: () => Promise<void> }) => p.close?.()));
    },
  };
}

/** The folder of this package's package.json, found upwards from this file (bundled into dist/test/ or not). */
function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'call-center-widget') return dir;
  }
  throw new Error('test server: cannot find the call-center-widget package root');
}
