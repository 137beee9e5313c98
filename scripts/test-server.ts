/**
 * Starts the real server in this process on 127.0.0.1 with a random port, for the browser and end-to-end
 * test runners (which are plain Node scripts and load this file bundled by esbuild).
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { createProviders } from '../server/src/providers/index.ts';
import { AudioStore } from '../server/src/stores/audio-store.ts';
import { ConversationStore } from '../server/src/stores/conversation-store.ts';

/** A running test server. */
export interface TestServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts a server with these environment variables (on top of a temp audio folder and port 0). */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig({ AUDIO_DIR: mkdtempSync(join(tmpdir(), 'ccw-e2e-audio-')), PORT: '0', ...env });
  const providers = await createProviders(config);
  const audio = new AudioStore(config.audio);
  await audio.init();
  const conversations = new ConversationStore(config.conversations);
  const app = createApp(config, { providers, audio, conversations });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
