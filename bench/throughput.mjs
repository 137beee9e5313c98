// Server throughput: requests/s and p50/p99 latency of POST /api/room/token at 50 and 200 keep-alive
// connections beside a bare node:http handler doing the same LiveKit signing, plus GET /api/config and a short
// POST /api/conversation ("hello", local chat) at 50. The load generator is its own process (load-client.mjs),
// the real server and the baseline are child processes too; every measurement is a warm-up then a fixed window,
// repeated, and the rounds interleave ours and the baseline so drift on a shared machine hits both alike.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ORIGIN } from './latency.mjs';
import { startBareTokenServer, startServer, UNLIMITED } from './spawn.mjs';
import { median, round } from './stats.mjs';

const LIVEKIT = { LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' };
const TOKEN_BODY = { participant_name: 'Bench Customer' };

/** The measurements, in the order each round runs them. */
function scenarios() {
  const headers = { Origin: ORIGIN };
  return [
    { id: 'token-50', target: 'ours', method: 'POST', path: '/api/room/token', body: TOKEN_BODY, headers, connections: 50 },
    { id: 'token-50', target: 'bare', method: 'POST', path: '/', body: TOKEN_BODY, connections: 50 },
    { id: 'token-50', target: 'hono', method: 'POST', path: '/', body: TOKEN_BODY, connections: 50 },
    { id: 'token-200', target: 'ours', method: 'POST', path: '/api/room/token', body: TOKEN_BODY, headers, connections: 200 },
    { id: 'token-200', target: 'bare', method: 'POST', path: '/', body: TOKEN_BODY, connections: 200 },
    { id: 'token-200', target: 'hono', method: 'POST', path: '/', body: TOKEN_BODY, connections: 200 },
    { id: 'config-50', target: 'ours', method: 'GET', path: '/api/config', headers, connections: 50 },
    { id: 'conversation-50', target: 'ours', method: 'POST', path: '/api/conversation', body: { message: 'hello', persona: 'reception' }, headers, connections: 50 },
  ];
}

/** A forked load client; `run(job)` resolves with its result. */
function startLoadClient() {
  const child = fork(fileURLToPath(new URL('./load-client.mjs', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    run: (job) => new Promise((resolve, reject) => {
      const onExit = (code) => reject(new Error(`load client exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (m) => (child.off('exit', onExit), resolve(m.result)));
      child.send({ type: 'load', ...job });
    }),
    close: () => child.disconnect(),
  };
}

/**
 * Runs the throughput benchmark: `rounds` repetitions of every scenario, each a warm-up (`warmupMs` in the first
 * round, when the JIT is cold; `rewarmMs` later, to open the connections) and a `durationMs` window.
 */
export async function benchThroughput({ rounds = 5, warmupMs = 1000, rewarmMs = 300, durationMs = 2000, onProgress = () => undefined } = {}) {
  const ours = await startServer({ ...LIVEKIT, ...UNLIMITED, ALLOWED_ORIGINS: ORIGIN, STT_PROVIDER: 'local', TTS_PROVIDER: 'local', CHAT_PROVIDER: 'local' });
  const bare = await startBareTokenServer(LIVEKIT);
  // Reference only: the same handler on Hono with no middleware, to show how the gap to the baseline splits.
  const hono = await startBareTokenServer(LIVEKIT, 'hono');
  const urls = { ours: ours.url, bare: bare.url, hono: hono.url };
  const client = startLoadClient();
  const samples = {};
  try {
    for (let round = 0; round < rounds; round++) {
      for (const s of scenarios()) {
        const url = urls[s.target];
        const warmup = round === 0 ? warmupMs : rewarmMs;
        const result = await client.run({ url, method: s.method, path: s.path, body: s.body, headers: s.headers, connections: s.connections, warmupMs: warmup, durationMs });
        if (result.non2xx > 0 || result.errors > 0) {
          throw new Error(`${s.id} (${s.target}): ${result.non2xx} non-2xx answers ${JSON.stringify(result.statuses)} and ${result.errors} connection errors`);
        }
        const key = `${s.id}/${s.target}`;
        (samples[key] ??= []).push({ rps: round1(result.rps), p50: round2(result.p50), p99: round2(result.p99), requests: result.requests });
        onProgress(`${key} round ${round + 1}: ${Math.round(result.rps)} req/s`);
      }
    }
  } finally {
    client.close();
    await Promise.all([ours.close(), bare.close(), hono.close()]);
  }

  const summary = Object.fromEntries(
    Object.entries(samples).map(([key, runs]) => [key, {
      rps: median(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
    }]),
  );
  // Ratios pair each round's measurements, taken seconds apart, so load from other work on a shared machine
  // mostly cancels; the median of the paired ratios is the figure, their spread says how far to trust it.
  const roundRatios = (id, target = 'ours') => samples[`${id}/${target}`].map((r, i) => round(r.rps / samples[`${id}/bare`][i].rps, 2));
  const ratio = (id, target = 'ours') => median(roundRatios(id, target));
  return {
    rounds,
    warmupMs,
    rewarmMs,
    durationMs,
    summary,
    ratios: { 'token-50': ratio('token-50'), 'token-200': ratio('token-200') },
    honoRatios: { 'token-50': ratio('token-50', 'hono'), 'token-200': ratio('token-200', 'hono') },
    perRequestMs: perRequest(samples, 'token-50'),
    roundRatios: { 'token-50': roundRatios('token-50'), 'token-200': roundRatios('token-200') },
    samples,
  };
}

/**
 * Server time per token request at saturation (1000 / requests/s, ms) for each target, and how the extra over
 * the bare handler splits between the framework (bare Hono route) and our middleware and route: medians of the
 * per-round differences, so each difference compares measurements taken seconds apart.
 */
function perRequest(samples, id) {
  const ms = (target) => samples[`${id}/${target}`].map((r) => 1000 / r.rps);
  const [ours, hono, bare] = [ms('ours'), ms('hono'), ms('bare')];
  const round3 = (v) => round(v, 3);
  return {
    ours: round3(median(ours)),
    hono: round3(median(hono)),
    bare: round3(median(bare)),
    framework: round3(median(hono.map((h, i) => h - bare[i]))),
    middleware: round3(median(ours.map((o, i) => o - hono[i]))),
  };
}

const round1 = (v) => round(v, 1);
const round2 = (v) => round(v, 2);
