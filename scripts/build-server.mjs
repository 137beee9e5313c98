// Builds the call-center-server package: server/src bundled into server/dist/main.js with esbuild (Node 20
// cannot run TypeScript; the protocol goes into the bundle, npm packages stay external), and the demo site
// copied into server/dist/examples so the installed package serves it.
import { cpSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { nodeBundle } from './node-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds server/dist; resolves when written. */
export async function buildServer() {
  await build({ ...nodeBundle, entryPoints: [`${root}server/src/main.ts`], outfile: `${root}server/dist/main.js`, sourcemap: true });
  rmSync(`${root}server/dist/examples`, { recursive: true, force: true });
  cpSync(`${root}examples`, `${root}server/dist/examples`, { recursive: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildServer();
