/** The Node entry: read configuration, build providers and stores, serve. Nothing else lives here. */
import { serve } from '@hono/node-server';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createProviders } from './providers/index.ts';
import { staticDirs } from './static-dirs.ts';
import { AudioStore } from './stores/audio-store.ts';
import { ConversationStore } from './stores/conversation-store.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const problem of err.problems) console.error(`config error: ${problem}`);
      process.exit(1);
    }
    throw err;
  }

  const providers = await createProviders(config);
  const audio = new AudioStore(config.audio);
  await audio.init();
  const conversations = new ConversationStore(config.conversations);
  // Two levels below the package root both as source (server/src/main.ts) and bundled (dist/server/main.js).
  const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
  const app = createApp(config, { providers, audio, conversations, static: staticDirs(packageRoot) });

  const sweep = setInterval(() => {
    audio.sweep().catch((err: unknown) => console.error('audio sweep failed:', err));
    conversations.sweep();
  }, config.audio.sweepIntervalSeconds * 1000);
  sweep.unref();

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const host = info.address.includes(':') ? `[${info.address}]` : info.address;
    const livekit = config.livekit.url ? `LiveKit on (${config.livekit.url})` : 'LiveKit off (direct mode)';
    console.log(
      `call-center-widget listening on http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${info.port}` +
        ` | stt: ${providers.stt.name}, tts: ${providers.tts.name}, chat: ${providers.chat.name} | ${livekit}`,
    );
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    console.error(err.code === 'EADDRINUSE' ? `config error: PORT: ${config.port} is already in use` : `server error: ${err.message}`);
    process.exit(1);
  });

  const shutdown = (): void => {
    clearInterval(sweep);
    server.close(() => process.exit(0));
    // Streams in flight get a moment to finish, then we go regardless.
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error('failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
