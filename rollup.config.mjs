// Widget builds:
// - widget/dist/call-center-widget.js      script-tag build: one minified IIFE with Lit inlined (the budget: <= 15 KB gzip)
// - widget/dist/ccw-livekit.js             livekit-client as its own ES module, imported only when a call starts
// - widget/dist/ccw-vad-worklet.js         the voice-activity AudioWorklet (a real file: strict CSPs forbid blob:)
// - widget/dist/ccw-session.js             the panel's regions and the call machinery, fetched on first intent
// - widget/dist/esm/                       ESM for bundlers: lit and livekit-client stay external
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const out = 'widget/dist';
const ts = () => esbuild({ target: 'es2021', tsconfig: 'widget/tsconfig.json', minify: false });
const min = () =>
  terser({
    ecma: 2021,
    module: true,
    compress: { passes: 2, pure_getters: true },
    format: { comments: false },
  });

/**
 * The IIFE cannot code-split, so each lazy `import()` in a loader module becomes an import of a sibling file,
 * resolved against the script's own URL captured when the bundle is evaluated. This runs after esbuild, so
 * type-only mentions of the modules are already gone.
 */
function lazySiblingFiles(map) {
  return {
    name: 'ccw-lazy-siblings',
    transform(code, id) {
      const entry = Object.entries(map).find(([loader]) => id.endsWith(loader));
      if (!entry) return null;
      const [loader, { specifier, file }] = entry;
      const pattern = new RegExp(`import\\(\\s*["']${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}["']\\s*\\)`, 'g');
      const rewritten = code.replace(pattern, 'import(CCW_LAZY_MODULE_URL)');
      if (rewritten === code) this.error(`${loader} no longer contains import("${specifier}")`);
      // Resolved when the bundle is evaluated, while document.currentScript is still this script.
      const base = `const CCW_LAZY_MODULE_URL = new URL('./${file}', import.meta.url).href;\n`;
      return { code: base + rewritten, map: null };
    },
  };
}

/**
 * ccw-session.js is only ever loaded by the script-tag build, which publishes its lit-html on a global symbol
 * (script-tag.ts). Every import of lit-html's core in this bundle reads that copy instead of bundling a second
 * one: one copy on the page (a Trusted Types CSP allows the policy name 'lit-html' once) and ~3 KB less to
 * fetch. Directives still bundle here and reach the shared core through its `_$LH`. Lit's element classes
 * must not end up in this bundle at all (they would be a second, unshared copy), so importing them fails.
 */
function sharedLitHtml() {
  const shared = '\0ccw-shared-lit-html';
  return {
    name: 'ccw-shared-lit-html',
    async resolveId(source, importer, options) {
      if (source === shared) return shared;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved) return null;
      if (/[\\/]lit-html[\\/](?:development[\\/])?lit-html\.js$/.test(resolved.id)) return shared;
      if (/[\\/](?:lit-element|@lit[\\/]reactive-element)[\\/]/.test(resolved.id)) {
        this.error(`${importer} imports ${source}: the call module may use lit-html only (import from 'lit/html.js', not 'lit')`);
      }
      return null;
    },
    load(id) {
      if (id !== shared) return null;
      return "export const { _$LH, html, mathml, noChange, nothing, render, svg } = globalThis[Symbol.for('call-center-widget.lit-html')];";
    },
  };
}

const lazy = {
  'transports/livekit-loader.ts': { specifier: 'livekit-client', file: 'ccw-livekit.js' },
  'session/load-session.ts': { specifier: './call-module.ts', file: 'ccw-session.js' },
};

export default [
  {
    input: 'widget/src/script-tag.ts',
    output: { file: `${out}/call-center-widget.js`, format: 'iife', sourcemap: true },
    plugins: [nodeResolve({ browser: true }), ts(), lazySiblingFiles(lazy), min()],
    onwarn(warning, warn) {
      if (warning.code !== 'CIRCULAR_DEPENDENCY') warn(warning);
    },
  },
  {
    input: 'widget/src/transports/livekit-entry.ts',
    output: { file: `${out}/ccw-livekit.js`, format: 'es', sourcemap: false },
    plugins: [nodeResolve({ browser: true }), ts(), min()],
    onwarn(warning, warn) {
      if (warning.code !== 'CIRCULAR_DEPENDENCY' && warning.code !== 'THIS_IS_UNDEFINED') warn(warning);
    },
  },
  {
    // The panel's regions and the call machinery (audio, network, transport controllers), fetched when the
    // customer reaches for the widget.
    input: 'widget/src/session/call-module.ts',
    output: { file: `${out}/ccw-session.js`, format: 'es', sourcemap: true },
    plugins: [
      sharedLitHtml(),
      nodeResolve({ browser: true }),
      ts(),
      lazySiblingFiles({ 'transports/livekit-loader.ts': lazy['transports/livekit-loader.ts'] }),
      min(),
    ],
  },
  {
    input: 'widget/src/worklet/vad-processor.ts',
    // Beside both builds: the element resolves it next to whichever file loaded it.
    output: [
      { file: `${out}/ccw-vad-worklet.js`, format: 'es' },
      { file: `${out}/esm/ccw-vad-worklet.js`, format: 'es' },
    ],
    plugins: [ts(), min()],
  },
  {
    input: 'widget/src/index.ts',
    // Bundlers get the call session as its own chunk through the plain dynamic import.
    output: { dir: `${out}/esm`, entryFileNames: 'call-center-widget.js', chunkFileNames: '[name]-[hash].js', format: 'es', sourcemap: true },
    external: (id) => id === 'lit' || id.startsWith('lit/') || id.startsWith('@lit/') || id === 'livekit-client',
    plugins: [ts()],
  },
];
