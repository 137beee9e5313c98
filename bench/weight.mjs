// Weight of what a visitor downloads, as gzip -9 bytes of the built files in widget/dist/ (building them first
// when they are missing), beside livekit-client's own browser build as the reference. Gzip is deterministic,
// so one measurement is the median of any number.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'widget/dist');
/** The script-tag budget, gzip bytes. */
export const SCRIPT_BUDGET = 15 * 1024;

/** Runs `npm run build:widget` when widget/dist has no script-tag build (or when `force`). */
export function ensureWidgetBuild({ force = false } = {}) {
  if (!force && existsSync(join(dist, 'call-center-widget.js'))) return false;
  const result = spawnSync('npm', ['run', 'build:widget'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  // check-size.mjs exits 1 over budget but the files are written; the table reports that budget itself.
  if (!existsSync(join(dist, 'call-center-widget.js'))) throw new Error(`npm run build:widget failed (exit ${result.status})`);
  return true;
}

function sizes(file) {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** The ESM entry plus the chunks it imports statically (what a bundler puts on the first load). */
function esmFirstLoad() {
  const dir = join(dist, 'esm');
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const code = readFileSync(join(dir, name), 'utf8');
    // Static `import ... from './x.js'` and `export ... from './x.js'` and bare `import './x.js'`; never import().
    for (const m of code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'"();]*?\sfrom\s*)?["']\.\/([^"']+\.js)["']/g)) visit(m[1]);
  };
  visit('call-center-widget.js');
  const files = [...seen];
  const lazy = readdirSync(dir).filter((f) => f.endsWith('.js') && !seen.has(f));
  const total = files.reduce((sum, f) => {
    const s = sizes(join(dir, f));
    return { raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip };
  }, { raw: 0, gzip: 0 });
  return { files, lazy, ...total };
}

/**
 * What a bundler user ships on first load: the ESM build bundled and minified by esbuild with Lit included
 * and livekit-client left out (it is loaded only when a call starts), the lazy chunk split off.
 */
async function esmBundled() {
  const result = await build({
    entryPoints: [join(dist, 'esm/call-center-widget.js')],
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    write: false,
    outdir: join(root, 'bench/.build/esm-bundled'),
    external: ['livekit-client'],
    platform: 'browser',
    target: 'es2021',
    logLevel: 'silent',
    metafile: true,
  });
  const outputs = result.outputFiles.filter((f) => f.path.endsWith('.js'));
  const entry = outputs.find((f) => f.path.endsWith('call-center-widget.js'));
  const meta = result.metafile.outputs;
  const key = Object.keys(meta).find((k) => k.endsWith('call-center-widget.js'));
  const firstLoad = new Set([key, ...meta[key].imports.filter((i) => i.kind === 'import-statement').map((i) => i.path)]);
  const gz = outputs
    .filter((f) => [...firstLoad].some((k) => f.path.endsWith(k.replace(/^.*\//, ''))))
    .reduce((sum, f) => sum + gzipSync(f.contents, { level: 9 }).length, 0);
  return { gzip: gz, files: firstLoad.size, entryRaw: entry?.contents.length };
}

/** Measures every file; gzip bytes. */
export async function benchWeight() {
  const built = ensureWidgetBuild();
  const file = (name) => ({ file: `widget/dist/${name}`, ...sizes(join(dist, name)) });
  const livekitRef = 'node_modules/livekit-client/dist/livekit-client.umd.js';
  return {
    builtNow: built,
    budget: SCRIPT_BUDGET,
    scriptTag: file('call-center-widget.js'),
    session: file('ccw-session.js'),
    livekit: file('ccw-livekit.js'),
    worklet: file('ccw-vad-worklet.js'),
    esm: { ...esmFirstLoad(), note: 'unminified, lit and livekit-client external' },
    esmBundled: { ...(await esmBundled()), note: 'esbuild --minify with lit bundled, livekit-client external' },
    // The minified browser build livekit-client ships (its package.json `unpkg` field: what a CDN script tag gets).
    livekitClient: { file: livekitRef, ...sizes(join(root, livekitRef)) },
  };
}
