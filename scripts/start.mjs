// `npm start`: build what is missing or stale (the widget when its sources are newer than widget/dist; the
// server package always: esbuild takes a moment), then run the server package's own command in this process's
// place, exactly as `npx call-center-server` runs it where the package is installed. With LIVEKIT_URL set (and
// LIVEKIT_AGENT not `off`), one AI agent worker (`call-center-server agent`) runs beside it, as a process of its own.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildServer } from './build-server.mjs';
import { ensureWidgetBuilt } from './build-widget.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}server/bin/call-center-server.mjs`;
try {
  await ensureWidgetBuilt();
} catch (err) {
  // The API still works without the widget; its files answer 503 with how to build them.
  console.error(`widget build failed (${err.message}); starting the server anyway`);
}
await buildServer();
const server = spawn(process.execPath, ['--enable-source-maps', bin], { stdio: 'inherit' });
// The server validates both variables; a value it refuses stops it, and then nothing starts.
const agentOn = (process.env.LIVEKIT_AGENT ?? '').trim().toLowerCase() !== 'off' && (process.env.LIVEKIT_URL ?? '').trim() !== '';
const worker = agentOn ? spawn(process.execPath, ['--enable-source-maps', bin, 'agent'], { stdio: 'inherit' }) : undefined;
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    server.kill(signal);
    worker?.kill(signal);
  });
}
// The server carries on without its worker (the API, direct turns); say so once.
worker?.on('exit', (code, signal) => {
  if (!stopping) console.error(`agent worker stopped (${signal ?? `exit ${code}`}); no AI agent joins calls until one runs (npx call-center-server agent)`);
});
server.on('exit', (code, signal) => {
  const done = () => process.exit(code ?? (signal ? 1 : 0));
  if (!worker || worker.exitCode !== null || worker.signalCode !== null) return done();
  worker.once('exit', done);
  worker.kill('SIGTERM');
});
