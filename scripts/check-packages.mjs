// The two packages as a site gets them (`npm run test:packages`, part of `npm test`; run after `npm run build`):
//   1. `npm pack` the widget and the server; every path each package.json names (exports, types, module,
//      customElements, bin, files) is in its tarball.
//   2. Both tarballs installed into an empty folder, offline: their dependencies come from npm's cache, as the
//      repository's own lockfile pinned them (no network: a lockfile is derived for the new folder).
//   3. The widget's installed dependency tree holds no server library, and TypeScript compiles a consumer
//      against the installed widget alone (its declarations need neither the protocol package nor zod).
//   4. `npx call-center-server` starts from the installed package on a free port and serves /api/health, the
//      demo page and the widget script.
//   5. `npx call-center-server agent` registers with a real LiveKit server from the installed package, and the
//      call process it forks (from the installed dist/agent.js) joins a room LiveKit dispatches to it.
// Prints what it measured (packed sizes, dependency counts) and one plain `packages: N passed, N failed` line.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';
import { requireLiveKit, startLiveKit } from './livekit-dev.mjs';
import { bindingLoads, sqlitePackageDir } from './build-sqlite.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = { 'call-center-widget': 'widget', 'call-center-server': 'server' };
/** What a page that embeds the widget must never install. */
const SERVER_LIBRARIES = /^(hono|@hono\/.*|openai|livekit-server-sdk|zod|@echogarden\/.*|@call-center-widget\/.*|call-center-server)$/;

const results = { passed: 0, failed: 0 };
function check(name, fn) {
  return Promise.resolve()
    .then(fn)
    .then(
      (detail) => {
        results.passed += 1;
        console.log(`  ✓ ${name}${detail ? ` (${detail})` : ''}`);
      },
      (err) => {
        results.failed += 1;
        console.log(`  ✗ ${name}\n    ${String(err?.stack ?? err).split('\n').join('\n    ')}`);
      },
    );
}
const assert = (ok, message) => {
  if (!ok) throw new Error(message);
};

const work = mkdtempSync(join(tmpdir(), 'ccw-packages-'));
const site = join(work, 'site');
mkdirSync(site);
const npm = (args, cwd = root) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

console.log('packages:');
const packed = JSON.parse(npm(['pack', '--workspace', 'widget', '--workspace', 'server', '--pack-destination', work, '--ignore-scripts', '--json', '--silent']));
const tarball = Object.fromEntries(packed.map((p) => [p.name, p]));

for (const [name, folder] of Object.entries(PACKAGES)) {
  await check(`${name}: every path its package.json names is in the tarball`, () => {
    const manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
    const files = new Set(tarball[name].files.map((f) => f.path));
    const named = [manifest.types, manifest.module, manifest.main, manifest.customElements, ...leaves(manifest.exports), ...leaves(manifest.bin)]
      .filter((p) => typeof p === 'string')
      .map((p) => p.replace(/^\.\//, ''));
    const missing = named.filter((p) => !files.has(p));
    const emptyFolders = (manifest.files ?? []).filter((f) => !files.has(f) && ![...files].some((p) => p.startsWith(`${f}/`)));
    assert(missing.length === 0, `named but not packed: ${missing.join(', ')}`);
    assert(emptyFolders.length === 0, `"files" entries with nothing packed: ${emptyFolders.join(', ')}`);
    return `${named.length} paths, ${files.size} files, ${kb(tarball[name].size)} packed, ${kb(tarball[name].unpackedSize)} unpacked`;
  });
}

await check('both tarballs install into an empty folder, offline, from the lockfile\'s versions', () => {
  const { manifest, lock } = siteLockfile();
  writeFileSync(join(site, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(site, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  try {
    npm(['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], site);
  } catch (err) {
    const text = `${err.stdout ?? ''}${err.stderr ?? ''}`;
    if (/ENOTCACHED/.test(text)) throw new Error(`npm's cache lacks a package the repository's lockfile names; run \`npm ci\` first.\n${text}`);
    throw err;
  }
  // better-sqlite3's binding: its install script (not run here, as in the repository) would download one from
  // GitHub; the one the repository built offline for this Node (scripts/build-sqlite.mjs) is the same version,
  // from the same lockfile.
  const binding = 'build/Release/better_sqlite3.node';
  const installed = join(site, 'node_modules/better-sqlite3');
  mkdirSync(join(installed, 'build/Release'), { recursive: true });
  copyFileSync(join(sqlitePackageDir(), binding), join(installed, binding));
  assert(bindingLoads(installed), 'better-sqlite3 does not load in the installed package');
  return `${Object.keys(lock.packages).length - 1} packages`;
});

await check('the installed widget depends on no server library', () => {
  const tree = installedTree(join(site, 'node_modules/call-center-widget'));
  const server = [...tree].filter((n) => SERVER_LIBRARIES.test(n));
  assert(server.length === 0, `the widget installs ${server.join(', ')}`);
  assert(tree.has('lit') && tree.has('livekit-client'), 'lit and livekit-client are its dependencies');
  const direct = Object.keys(JSON.parse(readFileSync(join(site, 'node_modules/call-center-widget/package.json'), 'utf8')).dependencies);
  return `${direct.length} direct (${direct.join(', ')}), ${tree.size} in all`;
});

await check('the installed server package brings what it runs with', () => {
  const tree = installedTree(join(site, 'node_modules/call-center-server'));
  for (const needed of ['hono', '@hono/node-server', '@hono/zod-openapi', 'zod', 'openai', 'livekit-server-sdk', 'call-center-widget', 'better-sqlite3']) {
    assert(tree.has(needed), `missing ${needed}`);
  }
  for (const tool of ['esbuild', 'rollup', 'typescript', 'vitest', '@call-center-widget/protocol']) assert(!tree.has(tool), `a build tool came along: ${tool}`);
  const direct = Object.keys(JSON.parse(readFileSync(join(site, 'node_modules/call-center-server/package.json'), 'utf8')).dependencies);
  return `${direct.length} direct, ${tree.size} in all`;
});

await check('TypeScript compiles a consumer against the installed widget alone', () => {
  writeFileSync(join(site, 'consumer.ts'), readFileSync(join(root, 'widget/types-check/consumer.ts'), 'utf8'));
  const tsconfig = {
    compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [], strict: true, noEmit: true, skipLibCheck: false },
    files: ['consumer.ts'],
  };
  writeFileSync(join(site, 'tsconfig.json'), JSON.stringify(tsconfig));
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(site, 'tsconfig.json')], { stdio: 'pipe' });
});

await check('npx call-center-server starts from the installed package and serves the API, the demo, the widget, and the console with its sign-in for staff added with its staff command', async () => {
  const password = 'a staff password for the check';
  execFileSync('npx', ['--offline', '--no', 'call-center-server', 'staff', 'add', 'Sam'], {
    cwd: site,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: join(work, 'data'), STAFF_PASSWORD: password },
    stdio: 'pipe',
  });
  const server = await startInstalledServer();
  try {
    const signIn = await fetch(`${server.url}/api/console/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url },
      body: JSON.stringify({ name: 'Sam', password }),
    });
    assert(signIn.status === 200 && /^ccw_staff=/.test(signIn.headers.get('set-cookie') ?? ''), `console sign-in: HTTP ${signIn.status}`);
    const page = await fetch(`${server.url}/console`);
    assert(page.status === 200 && /default-src 'none'/.test(page.headers.get('content-security-policy') ?? '') && (await page.text()).includes('<ccw-console>'), 'the console page');
    const consoleScript = await fetch(`${server.url}/console/console.js`);
    assert(consoleScript.status === 200 && (await consoleScript.text()).includes('ccw-console'), 'the console script');
    const health = await fetch(`${server.url}/api/health`);
    assert(health.status === 200 && (await health.json()).status === 'ok', '/api/health');
    const demo = await fetch(`${server.url}/`);
    assert(demo.status === 200 && (await demo.text()).includes('<call-center-widget'), 'the demo page');
    const script = await fetch(`${server.url}/widget/call-center-widget.js`);
    assert(script.status === 200 && /javascript/.test(script.headers.get('content-type') ?? '') && (await script.text()).length > 10_000, 'the widget script');
    const api = await fetch(`${server.url}/api/openapi.json`);
    assert(api.status === 200 && (await api.json()).openapi === '3.1.0', '/api/openapi.json');
    return server.line;
  } finally {
    await server.stop();
  }
});

const livekitBinary = requireLiveKit('the packaged agent worker check');
if (livekitBinary) {
  await check('npx call-center-server agent registers with LiveKit from the installed package and joins a dispatched call', async () => {
    const livekit = await startLiveKit({ binary: livekitBinary });
    let worker;
    try {
      worker = await startInstalled(['agent'], { LIVEKIT_URL: livekit.wsUrl, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret }, /registered as call-center-agent/, 60_000);
      const room = `call-package-check-${Date.now()}`;
      await new AgentDispatchClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret).createDispatch(room, 'call-center-agent');
      const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
      const deadline = Date.now() + 30_000;
      let agent;
      while (!agent && Date.now() < deadline) {
        agent = (await rooms.listParticipants(room).catch(() => [])).find((p) => p.identity.startsWith('agent-'));
        if (!agent) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      assert(agent, `no agent joined the dispatched room within 30 s:\n${worker.output()}`);
      return worker.line;
    } finally {
      await worker?.stop();
      await livekit.stop();
    }
  });
}

rmSync(work, { recursive: true, force: true });
console.log(`packages: ${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed ? 1 : 0);

// ---

function leaves(value) {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** The package names installed under `dir`'s dependency closure, resolved the way Node resolves them. */
function installedTree(dir, seen = new Set(), names = new Set()) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
    const found = findInstalled(dir, dep);
    if (!found) {
      if (manifest.optionalDependencies?.[dep]) continue;
      throw new Error(`${manifest.name}: ${dep} is not installed`);
    }
    names.add(dep);
    if (!seen.has(found)) {
      seen.add(found);
      installedTree(found, seen, names);
    }
  }
  return names;
}

function findInstalled(from, name) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === site || dirname(dir) === dir) return undefined;
  }
}

/**
 * package.json and package-lock.json for the empty folder: the two tarballs, and every package they need at the
 * version and place the repository's lockfile has it (workspace-nested packages move under the installed
 * package), so `npm ci --offline` installs from npm's cache without asking the registry anything.
 */
function siteLockfile() {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const entries = lock.packages;
  const folderOf = Object.fromEntries(Object.entries(PACKAGES).map(([name, folder]) => [folder, name]));
  const wanted = new Map();

  const resolveFrom = (path, name) => {
    for (let base = path; ; ) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (entries[candidate]) return candidate;
      if (!base) return undefined;
      const i = base.lastIndexOf('/node_modules/');
      base = i < 0 ? '' : base.slice(0, i);
    }
  };
  const visit = (path) => {
    const entry = entries[path];
    const deps = { ...entry.dependencies, ...entry.optionalDependencies };
    for (const [name, meta] of Object.entries(entry.peerDependencies ?? {})) if (!entry.peerDependenciesMeta?.[name]?.optional) deps[name] = meta;
    for (const name of Object.keys(deps)) {
      const found = resolveFrom(path, name);
      if (!found) {
        if (entry.optionalDependencies?.[name] || entry.peerDependencies?.[name]) continue;
        throw new Error(`${path}: cannot place ${name} from the lockfile`);
      }
      const target = entries[found].link ? entries[found].resolved : found;
      if (folderOf[target] || wanted.has(target)) continue;
      wanted.set(target, true);
      visit(target);
    }
  };
  for (const folder of Object.values(PACKAGES)) visit(folder);

  const packages = {};
  const manifestDeps = {};
  for (const [name, folder] of Object.entries(PACKAGES)) {
    const file = `file:${tarball[name].filename}`;
    const pkg = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
    manifestDeps[name] = file;
    packages[`node_modules/${name}`] = {
      version: pkg.version,
      resolved: file,
      integrity: `sha512-${createHash('sha512').update(readFileSync(join(work, tarball[name].filename))).digest('base64')}`,
      license: pkg.license,
      dependencies: pkg.dependencies,
      ...(pkg.bin ? { bin: pkg.bin } : {}),
      ...(pkg.engines ? { engines: pkg.engines } : {}),
    };
  }
  // These machines keep download addresses out of lockfiles (omit-lockfile-registry-resolved); written back in,
  // npm takes each tarball from its cache by address and integrity without asking the registry for metadata.
  const registry = npm(['config', 'get', 'registry']).trim().replace(/\/?$/, '/');
  for (const path of wanted.keys()) {
    const [first, ...rest] = path.split('/node_modules/');
    const placed = folderOf[first] ? [`node_modules/${folderOf[first]}`, ...rest].join('/node_modules/') : path;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = entries[path];
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    entry.resolved ??= `${registry}${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
    packages[placed] = entry;
  }
  const manifest = { name: 'ccw-package-check', version: '1.0.0', private: true, dependencies: manifestDeps };
  return { manifest, lock: { name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages: { '': { name: manifest.name, version: manifest.version, dependencies: manifestDeps }, ...packages } } };
}

/** `npx call-center-server` in the folder, on 127.0.0.1 and a free port; resolves once it says where it listens. */
function startInstalledServer() {
  return startInstalled([], {}, /listening on (http:\/\/\S+)/, 20_000).then((started) => ({
    ...started,
    url: /listening on (http:\/\/\S+)/.exec(started.line)[1].replace('localhost', '127.0.0.1'),
  }));
}

/** Runs `npx call-center-server ...args` from the installed package until it prints `ready` (its line is returned). */
function startInstalled(args, env, ready, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--offline', '--no', 'call-center-server', ...args], {
      cwd: site,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', AUDIO_DIR: join(work, 'audio'), DATA_DIR: join(work, 'data'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npx runs the server as a child, and stopping npx alone left the server running.
      detached: true,
    });
    const signalAll = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    let output = '';
    const timer = setTimeout(() => {
      signalAll('SIGKILL');
      reject(new Error(`no start-up line within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    let started = false;
    const onData = (chunk) => {
      output += chunk;
      if (started || !ready.test(output)) return;
      started = true;
      clearTimeout(timer);
      // Stopping waits for the command to exit, then kills what it left in its group (the agent's call processes).
      const stop = async () => {
        signalAll('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        signalAll('SIGKILL');
      };
      resolve({ line: output.split('\n').find((l) => ready.test(l)).trim(), output: () => output, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const exited = new Promise((r) => child.once('exit', r));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`call-center-server exited with ${code}:\n${output}`));
    });
  });
}
