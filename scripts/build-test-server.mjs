// Bundles scripts/test-server.ts for the browser test runners, which are plain Node and cannot load .ts.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { nodeBundle } from './node-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds dist/test/test-server.mjs and returns its path. */
export async function buildTestServer() {
  const outfile = `${root}dist/test/test-server.mjs`;
  await build({ ...nodeBundle, entryPoints: [`${root}scripts/test-server.ts`], outfile });
  return outfile;
}
