// The real server as a child process for the benchmarks: composed exactly as `call-center-server` composes it
// (configuration from the environment, providers, stores, app), on 127.0.0.1 and a free port. It reports its
// URL over IPC and answers `{ type: 'memory' }` with process.memoryUsage() taken after a full GC.
// bench/spawn.mjs bundles this file with esbuild (Node 20 cannot load the .ts sources itself).
import { fileURLToPath } from 'node:url';
import { composeServer, listen } from '../server/src/compose.ts';
import { loadConfig } from '../server/src/config.ts';
import { staticDirs } from '../server/src/static-dirs.ts';

const config = loadConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0' });
// The bundle lives in server/.build/, two levels below the repository root.
const examplesDir = fileURLToPath(new URL('../../examples', import.meta.url));
// Errors are counted by the load client; printing each one would slow the server under load.
const composed = await composeServer(config, { static: staticDirs({ examplesDir, from: import.meta.url }), logError: () => undefined });
const { providers, conversations } = composed.deps;
const server = await listen(composed, { port: 0, hostname: '127.0.0.1' });
process.send({ type: 'ready', url: server.url, providers: { stt: providers.stt.name, tts: providers.tts.name, chat: providers.chat.name } });

process.on('message', async (message) => {
  if (message?.type === 'memory') {
    // Two passes: the first can leave finalizable objects for the second.
    for (let i = 0; i < 2 && globalThis.gc; i++) {
      globalThis.gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    process.send({ type: 'memory', usage: process.memoryUsage(), conversations: conversations.size ?? null, gc: Boolean(globalThis.gc) });
  }
  if (message?.type === 'close') void server.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
