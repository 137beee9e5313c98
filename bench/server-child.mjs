// The real server as a child process for the benchmarks: what server/src/main.ts does (configuration from the
// environment, providers, stores, createApp, @hono/node-server), on 127.0.0.1 and a free port. It reports
// its URL over IPC and answers `{ type: 'memory' }` with process.memoryUsage() taken after a full GC.
// bench/spawn.mjs bundles this file with esbuild (Node 20 cannot load the .ts sources itself).
import { serve } from '@hono/node-server';
import { fileURLToPath } from 'node:url';
import { createApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { createProviders } from '../server/src/providers/index.ts';
import { staticDirs } from '../server/src/static-dirs.ts';
import { AudioStore } from '../server/src/stores/audio-store.ts';
import { ConversationStore } from '../server/src/stores/conversation-store.ts';

const config = loadConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0' });
const providers = await createProviders(config);
const audio = new AudioStore(config.audio);
await audio.init();
const conversations = new ConversationStore(config.conversations);
// The bundle lives in bench/.build/, two levels below the package root, like dist/server/main.js.
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
// Errors are counted by the load client; printing each one would slow the server under load.
const app = createApp(config, { providers, audio, conversations, static: staticDirs(packageRoot), logError: () => undefined });

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.send({ type: 'ready', url: `http://127.0.0.1:${info.port}`, providers: { stt: providers.stt.name, tts: providers.tts.name, chat: providers.chat.name } });
});

process.on('message', async (message) => {
  if (message?.type === 'memory') {
    // Two passes: the first can leave finalizable objects for the second.
    for (let i = 0; i < 2 && globalThis.gc; i++) {
      globalThis.gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    process.send({ type: 'memory', usage: process.memoryUsage(), conversations: conversations.size ?? null, gc: Boolean(globalThis.gc) });
  }
  if (message?.type === 'close') server.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
