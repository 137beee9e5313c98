// `npm start`: build what is missing or stale (the widget when its sources are newer than dist/widget, the
// server always: esbuild takes a moment), then run the server in this process's place.
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
// node:wasi (the offline English voice) is marked experimental on Node 20; its warning is noise for operators.
const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--enable-source-maps', `${root}dist/server/main.js`], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
