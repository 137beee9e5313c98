// Builds the widget (rollup -c) when widget/dist is missing or older than its sources: `npm start` and the
// end-to-end tests call this, so a fresh clone needs no separate build step.
//   node scripts/build-widget.mjs          build if stale
//   node scripts/build-widget.mjs --force  build regardless
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The files every page needs; if any is missing or older than a source, the build is stale. */
const OUTPUTS = ['call-center-widget.js', 'ccw-session.js', 'ccw-vad-worklet.js', 'ccw-livekit.js', 'esm/call-center-widget.js'];

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The newest modification time of any file under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : (mtime(path) ?? 0));
  }
  return latest;
}

/** Why the widget needs building, or undefined when widget/dist is current. */
export function widgetBuildReason() {
  const built = OUTPUTS.map((file) => mtime(join(root, 'widget/dist', file)));
  const missing = OUTPUTS.filter((_, i) => built[i] === undefined);
  if (missing.length) return `widget/dist/${missing[0]} is missing`;
  const sources = Math.max(newest(join(root, 'widget/src')), mtime(join(root, 'rollup.config.mjs')) ?? 0);
  return Math.min(...built) < sources ? 'widget/src changed since the last build' : undefined;
}

/** Runs the local rollup with rollup.config.mjs; rejects when it fails. */
export function buildWidget() {
  const rollup = createRequire(import.meta.url).resolve('rollup/dist/bin/rollup');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [rollup, '-c', 'rollup.config.mjs', '--silent'], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`rollup exited with code ${code}`))));
  });
}

/** Builds the widget when it is missing or stale; says why in one line. */
export async function ensureWidgetBuilt({ force = false } = {}) {
  const reason = force ? 'asked to' : widgetBuildReason();
  if (!reason) return false;
  console.log(`building the widget (${reason})…`);
  await buildWidget();
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await ensureWidgetBuilt({ force: process.argv.includes('--force') });
  } catch (err) {
    console.error(`widget build failed: ${err.message}`);
    process.exit(1);
  }
}
