// AI agent workers for the tests and the benchmark: the agent module as `npm run build:server` makes it, bundled
// into a folder of the caller's own under server/.build (where its npm packages resolve: the Agents framework
// forks each call's process from that very file), run with `node` against a LiveKit server, exactly as
// `call-center-server agent` runs it where the package is installed.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAgent } from './build-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundles the agent module once into a fresh folder; `dispose()` removes it. */
export async function buildAgentBundle() {
  mkdirSync(join(root, 'server/.build'), { recursive: true });
  const dir = mkdtempSync(join(root, 'server/.build/agent-'));
  const file = await buildAgent(join(dir, 'agent.js'));
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts one worker from `bundle` registered with `livekit` and resolves once LiveKit registered it. `env` goes on
 * top of PATH, HOME and the LiveKit credentials (providers, AUDIO_DIR...). The worker runs in a process group of
 * its own, so `crash()` takes its call processes down with it, as a machine that dies would.
 */
export async function startAgentWorker({ bundle, livekit, env = {}, registerTimeoutMs = 30_000 }) {
  const child = spawn(process.execPath, [bundle.file], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LIVEKIT_URL: livekit.wsUrl,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
      // Tickets go to a database beside the bundle (removed with it), not the working directory's data/.
      DATA_DIR: join(dirname(bundle.file), 'data'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let exited = child.exitCode !== null;
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve(((exited = true), signal ?? code))));
  const id = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // A worker that cannot register is not left running.
      signalGroup('SIGKILL');
      reject(new Error(`the agent worker did not register within ${registerTimeoutMs} ms:\n${output}`));
    }, registerTimeoutMs);
    const read = (chunk) => {
      output = (output + chunk.toString()).slice(-50_000);
      const registered = /worker (\S+) registered as call-center-agent/.exec(output);
      if (registered) {
        clearTimeout(timer);
        resolve(registered[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exit.then((how) => {
      clearTimeout(timer);
      reject(new Error(`the agent worker exited (${how}) before registering:\n${output}`));
    });
  });
  return {
    /** LiveKit's id of the registered worker. */
    id,
    pid: child.pid,
    /** What the worker printed (its start line, the framework's warnings and errors as JSON lines). */
    output: () => output,
    running: () => !exited,
    /** Kills the worker and its call processes at once (SIGKILL to the group): no goodbye reaches the room. */
    async crash() {
      signalGroup('SIGKILL');
      await exit;
    },
    /** Stops the worker as an operator would (SIGTERM), killing the group if it takes over `ms`. */
    async stop(ms = 10_000) {
      if (exited) return;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), ms);
      await exit;
      clearTimeout(timer);
      // Call processes the worker left behind.
      signalGroup('SIGKILL');
    },
  };
}
