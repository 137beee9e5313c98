// Starts the processes the benchmarks measure: the real server (bundled from server/src by esbuild into
// server/.build/, where it resolves the server's dependencies as the server does) and the bare node:http token baseline, each a child process with IPC, on 127.0.0.1.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nodeBundle } from '../scripts/node-bundle.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const serverBundle = join(here, '../server/.build/bench-server.mjs');

/** Bundles bench/server-child.mjs (and the server/src it imports) into server/.build/bench-server.mjs. */
export async function buildServerChild() {
  await build({ ...nodeBundle, entryPoints: [join(here, 'server-child.mjs')], outfile: serverBundle });
  return serverBundle;
}

/** A child process serving HTTP: its URL and pid, `memory()` after a GC, and `close()`. */
function startChild(file, env, execArgv = []) {
  // A clean environment: only what we pass, so a developer's OPENAI_API_KEY or LIVEKIT_* never leaks in.
  const child = fork(file, [], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env },
    execArgv,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const waiters = [];
  child.on('message', (m) => waiters.shift()?.resolve(m));
  child.on('exit', (code) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`${file} exited (${code}): ${stderr}`));
  });
  const next = () => new Promise((resolve, reject) => waiters.push({ resolve, reject }));
  return next().then((ready) => ({
    url: ready.url,
    pid: child.pid,
    info: ready,
    async memory() {
      const answer = next();
      child.send({ type: 'memory' });
      const { usage, conversations } = await answer;
      return { ...usage, vmRss: procRss(child.pid), conversations };
    },
    close() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'close' });
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      });
    },
  }));
}

/** VmRSS of a process from /proc, in bytes (Linux), as a cross-check of process.memoryUsage().rss. */
function procRss(pid) {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** Starts the real server with these environment variables (plus a temporary AUDIO_DIR, and DATA_DIR inside it). */
export async function startServer(env) {
  const audioDir = mkdtempSync(join(tmpdir(), 'ccw-bench-audio-'));
  const server = await startChild(serverBundle, { AUDIO_DIR: audioDir, DATA_DIR: join(audioDir, 'data'), ...env }, ['--expose-gc']);
  const close = server.close;
  return { ...server, close: async () => (await close(), rmSync(audioDir, { recursive: true, force: true })) };
}

/** Starts the bare token baseline: `mode` 'node' (node:http, the baseline) or 'hono' (a one-route Hono app). */
export function startBareTokenServer(env, mode = 'node') {
  return startChild(join(here, 'bare-token-server.mjs'), { ...env, BARE_MODE: mode });
}

/** Rate limits high enough that no benchmark request is refused. */
export const UNLIMITED = {
  RATE_LIMIT_TOKEN: '1000000000/1',
  RATE_LIMIT_AI: '1000000000/1',
  RATE_LIMIT_READ: '1000000000/1',
  MAX_CONCURRENT_PER_IP: '100',
};
