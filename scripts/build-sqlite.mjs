// Builds better-sqlite3's native binding from the SQLite sources its package ships, offline. Its own install
// script (left unapproved in package.json's allowScripts) first downloads a prebuilt binary from GitHub, and its
// fallback, node-gyp, downloads Node's headers: neither host is reachable from these machines. Here node-gyp
// (the copy npm ships) compiles against the headers of the Node that runs this script, so nothing is fetched.
// Runs as the root package's postinstall; `node scripts/build-sqlite.mjs [folder]` builds the package in
// `folder` (default: the one the server resolves). Skips when the binding is there and loads.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The better-sqlite3 folder the server package resolves. */
export function sqlitePackageDir() {
  const require = createRequire(join(root, 'server/package.json'));
  return dirname(require.resolve('better-sqlite3/package.json'));
}

/** Whether the binding in `dir` loads in this Node. */
export function bindingLoads(dir) {
  if (!existsSync(join(dir, 'build/Release/better_sqlite3.node'))) return false;
  try {
    const Database = createRequire(join(dir, 'package.json'))(dir);
    new Database(':memory:').close();
    return true;
  } catch {
    return false;
  }
}

/** The node-gyp that came with npm, or undefined. */
function nodeGyp() {
  const candidates = [];
  if (process.env.npm_execpath) candidates.push(join(dirname(process.env.npm_execpath), '../node_modules/node-gyp/bin/node-gyp.js'));
  candidates.push(join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'));
  return candidates.find((c) => existsSync(c));
}

/** Builds the binding in `dir`; returns a line saying what it did. */
export function buildSqlite(dir = sqlitePackageDir()) {
  if (bindingLoads(dir)) return `better-sqlite3: binding present (${dir})`;
  // The headers of this very Node: <prefix>/include/node, as Node's tarballs and Debian/NodeSource packages lay them out.
  const nodedir = dirname(dirname(process.execPath));
  if (!existsSync(join(nodedir, 'include/node/node_version.h'))) {
    throw new Error(`better-sqlite3: Node's headers are not in ${nodedir}/include/node; install them (they come with Node's tarball and its Debian package) or let npm run better-sqlite3's own install script where GitHub is reachable`);
  }
  const tools = ['make', 'g++', 'python3'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (tools.length > 0) throw new Error(`better-sqlite3: building its binding needs ${tools.join(', ')}: sudo apt-get install g++ make python3`);
  const gyp = nodeGyp();
  if (!gyp) throw new Error('better-sqlite3: npm\'s node-gyp was not found; run this through npm (npm run build:sqlite) or install node-gyp');
  const started = Date.now();
  execFileSync(process.execPath, [gyp, 'rebuild', '--release', `--nodedir=${nodedir}`, '-j', 'max'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  if (!bindingLoads(dir)) throw new Error(`better-sqlite3: built in ${dir} but the binding does not load`);
  return `better-sqlite3: built offline from its bundled SQLite in ${Math.round((Date.now() - started) / 1000)} s (headers: ${nodedir}/include/node)`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(buildSqlite(process.argv[2]));
  } catch (err) {
    console.error(err.stderr ? `${err.message}\n${String(err.stderr).slice(-4000)}` : err.message);
    process.exit(1);
  }
}
