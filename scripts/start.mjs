// `npm start`: build what is missing or stale (the widget when its sources are newer than widget/dist; the
// server package always: esbuild takes a moment), then run the server package's own command in this process's
// place, exactly as `npx call-center-server` runs it where the package is installed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildServer } from './build-server.mjs';
import { ensureWidgetBuilt } from './build-widget.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
try {
  await ensureWidgetBuilt();
} catch (err) {
  // The API still works without the widget; its files answer 503 with how to build them.
  console.error(`widget build failed (${err.message}); starting the server anyway`);
}
await buildServer();
const child = spawn(process.execPath, ['--enable-source-maps', `${root}server/bin/call-center-server.mjs`], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
