/**
 * The Node entry (`call-center-server`, `npm start`): read the configuration, compose the server, serve it, and
 * say in one line where it listens and what it runs on. Nothing else lives here.
 */
import { AGENT_NAME } from '@call-center-widget/protocol';
import { composeServer, listen } from './compose.ts';
import { agentDispatchOn, ConfigError, loadConfig, type Config } from './config.ts';
import { describeLiveKit, probeLiveKit } from './livekit/probe.ts';
import { packagedStaticDirs } from './static-dirs.ts';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const problem of err.problems) console.error(`config error: ${problem}`);
      process.exit(1);
    }
    throw err;
  }

  const composed = await composeServer(config, { static: packagedStaticDirs(import.meta.url) });
  let server;
  try {
    server = await listen(composed, { port: config.port, hostname: config.host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    console.error(code === 'EADDRINUSE' ? `config error: PORT: ${config.port} is already in use` : `server error: ${(err as Error).message}`);
    process.exit(1);
  }
  // Ready for a stop signal before saying so: a supervisor may send one the moment it reads the line below.
  const shutdown = (): void => {
    void server.close().then(() => process.exit(0));
    // Streams in flight get a moment to finish, then we go regardless.
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const { providers } = composed.deps;
  const probe = await probeLiveKit(config);
  // Unless LIVEKIT_AGENT=off, calls are answered by agent workers in the rooms (`call-center-server agent`).
  const livekit = `${describeLiveKit(config, probe)}${agentDispatchOn(config) ? ` | AI agent ${AGENT_NAME} dispatched to each call` : ''}`;
  const url = server.url.replace('//0.0.0.0:', '//localhost:').replace('//[::]:', '//localhost:');
  // What /api/config reports, so the operator sees at start what customers will be offered.
  const capabilities = { stt: providers.stt.capabilities(), tts: providers.tts.capabilities(), chat: providers.chat.capabilities() };
  const shown = (Object.keys(capabilities) as (keyof typeof capabilities)[]).map((kind) => {
    const c = capabilities[kind];
    return `${kind}: ${!c.available ? 'off' : c.languages.length < 2 ? `${providers[kind].name} (${c.languages.join(', ')} only)` : providers[kind].name}`;
  });
  console.log(`call-center-widget listening on ${url} | ${shown.join(', ')} | ${livekit}`);
  for (const [kind, c] of Object.entries(capabilities)) {
    if (!c.available) console.log(`  ${kind} is off: ${'note' in c && c.note ? c.note : 'see /api/config'}`);
  }
  if (config.livekit.url && !probe.ok) console.log(`  LiveKit is not usable: ${probe.message} (README: "Running LiveKit")`);
  // Reached at another name, this server's own pages (the demo, /console) are refused until that name is configured.
  if (config.publicOrigins.length === 0 && !['127.0.0.1', 'localhost', '::1'].includes(config.host)) {
    console.log('  PUBLIC_ORIGIN is unset: the pages this server serves (the demo, /console) work only at localhost; set PUBLIC_ORIGIN=https://your.name to serve them there');
  }
}

main().catch((err: unknown) => {
  console.error('failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
