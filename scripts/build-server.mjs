// Bundles server/src into dist/server/main.js with esbuild (Node 20 cannot run TypeScript itself).
// Dependencies stay external: they are installed next to it by npm.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds the server bundle; resolves when written. */
export async function buildServer() {
  await build({
    entryPoints: [`${root}server/src/main.ts`],
    outfile: `${root}dist/server/main.js`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildServer();
