// Bundles scripts/test-server.ts for the browser test runners, which are plain Node and cannot load .ts. The
// bundle goes under server/ (server/.build/, never packed), so it resolves the server's own dependencies
// wherever npm placed them (root node_modules or server/node_modules).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { buildConsole } from './build-server.mjs';
import { nodeBundle } from './node-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds server/.build/test-server.mjs (and the staff console it serves) and returns its path. */
export async function buildTestServer() {
  const outfile = `${root}server/.build/test-server.mjs`;
  await Promise.all([build({ ...nodeBundle, entryPoints: [`${root}scripts/test-server.ts`], outfile }), buildConsole()]);
  return outfile;
}
