// The load generator, run in its own process (child_process.fork) so it never shares an event loop with the
// server it measures. For each job it opens `connections` keep-alive connections, each sending requests back
// to back: a warm-up, then a fixed measurement window in which every completed request is counted and timed.
// The same client measures the real server and the bare baseline, so their ratio is fair.
import { Agent, request } from 'node:http';
import { percentileSorted } from './stats.mjs';

/** Runs one job: `{ url, method, path, body, headers, connections, warmupMs, durationMs }`. */
export async function runLoad(job) {
  const target = new URL(job.path, job.url);
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections, maxFreeSockets: job.connections });
  const body = job.body === undefined ? undefined : Buffer.from(typeof job.body === 'string' ? job.body : JSON.stringify(job.body));
  const headers = { ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}), ...job.headers };
  const latencies = [];
  const statuses = {};
  let measuring = false;
  let stopped = false;
  let errors = 0;

  const once = () => new Promise((resolve) => {
    const started = performance.now();
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: job.method, agent, headers }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => {
        if (measuring) {
          latencies.push(performance.now() - started);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        }
        resolve();
      });
    });
    req.on('error', () => {
      if (measuring) errors++;
      resolve();
    });
    req.end(body);
  });
  const loop = async () => {
    while (!stopped) await once();
  };

  const loops = Array.from({ length: job.connections }, loop);
  await new Promise((r) => setTimeout(r, job.warmupMs));
  measuring = true;
  const start = performance.now();
  await new Promise((r) => setTimeout(r, job.durationMs));
  measuring = false;
  const elapsed = performance.now() - start;
  stopped = true;
  await Promise.all(loops);
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const ok = Object.entries(statuses).filter(([s]) => s >= 200 && s < 300).reduce((n, [, c]) => n + c, 0);
  return {
    requests: latencies.length,
    rps: (latencies.length / elapsed) * 1000,
    p50: percentileSorted(latencies, 50),
    p99: percentileSorted(latencies, 99),
    non2xx: latencies.length - ok,
    errors,
    statuses,
    elapsedMs: elapsed,
  };
}

// As a forked child: one job per message, answered in order.
if (process.send) {
  process.on('message', async (job) => {
    if (job?.type !== 'load') return;
    process.send({ type: 'result', result: await runLoad(job) });
  });
  process.on('disconnect', () => process.exit(0));
}
