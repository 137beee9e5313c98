// `npm run test:e2e`: builds what the end-to-end tests need (the widget when stale, the bundled test server),
// then runs e2e/*.test.mjs with node's test runner, one file at a time (each starts its own server and Chromium;
// the offline speech engines want the CPU). Ends with a plain "N passed, N failed" line.
//   npm run test:e2e                          every file
//   npm run test:e2e -- e2e/arabic.test.mjs   some files
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildTestServer } from './build-test-server.mjs';
import { ensureWidgetBuilt } from './build-widget.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
await ensureWidgetBuilt();
await buildTestServer();

const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(`${root}e2e`).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => `e2e/${f}`);
const args = [
  '--test',
  '--test-concurrency=1',
  '--test-timeout=180000',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=./e2e/support/summary-reporter.mjs',
  '--test-reporter-destination=stdout',
  ...files,
];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, CCW_E2E_BUILT: '1' } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  console.log(`e2e: ${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(code ?? (signal ? 1 : 0));
});
