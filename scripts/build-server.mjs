// Builds the call-center-server package: server/src bundled into server/dist/main.js (the HTTP server) and
// server/dist/agent.js (the AI agent worker) with esbuild (Node 20 cannot run TypeScript; the protocol goes into
// the bundles, npm packages stay external), the demo site copied into server/dist/examples so the installed
// package serves it, and the staff console (console/, Lit) bundled for the browser into server/dist/console.
//
// agent.js is one ESM file whose default export is the agent: the Agents framework forks each job process from
// its own module (@livekit/agents/dist/ipc/job_proc_lazy_main.js) and imports this file there by path, so the
// bundle must stay a single self-contained module beside its node_modules, with no side effect on import.
import { cpSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { nodeBundle } from './node-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundles the agent worker's module to `outfile` (default server/dist/agent.js); resolves when written. */
export async function buildAgent(outfile = `${root}server/dist/agent.js`) {
  await build({ ...nodeBundle, entryPoints: [`${root}server/src/agent/index.ts`], outfile, sourcemap: true });
  return outfile;
}

/**
 * The staff console: a browser module with Lit inside (console.js), livekit-client in a chunk of its own loaded
 * only when a member joins a call, and the page, in `outDir` (default server/dist/console).
 */
export async function buildConsole(outDir = `${root}server/dist/console`) {
  rmSync(outDir, { recursive: true, force: true });
  await build({
    entryPoints: { console: `${root}console/src/index.ts` },
    outdir: outDir,
    chunkNames: 'chunk-[hash]',
    splitting: true,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2021',
    minify: true,
    // No source maps: livekit-client's alone would add 2.2 MB to the server package.
    sourcemap: false,
    tsconfig: `${root}console/tsconfig.json`,
    // The protocol is imported for types only: nothing of zod may reach the page.
    plugins: [{ name: 'ccw-no-protocol-code', setup: (b) => b.onResolve({ filter: /^@call-center-widget\/protocol$/ }, () => ({ errors: [{ text: 'the console imports the protocol for types only (import type)' }] })) }],
    logLevel: 'warning',
  });
  cpSync(`${root}console/index.html`, `${outDir}/index.html`);
  return outDir;
}

/** Builds server/dist; resolves when written. */
export async function buildServer() {
  await Promise.all([
    build({ ...nodeBundle, entryPoints: [`${root}server/src/main.ts`], outfile: `${root}server/dist/main.js`, sourcemap: true }),
    build({ ...nodeBundle, entryPoints: [`${root}server/src/cli/staff.ts`], outfile: `${root}server/dist/staff.js`, sourcemap: true }),
    buildAgent(),
    buildConsole(),
  ]);
  rmSync(`${root}server/dist/examples`, { recursive: true, force: true });
  cpSync(`${root}examples`, `${root}server/dist/examples`, { recursive: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildServer();
