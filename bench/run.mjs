// `npm run bench`: weight, voice-turn latency, the AI agent's latency over LiveKit, server throughput, memory and
// offline speech recognition, each beside a baseline measured in the same run. Prints one Markdown table (stdout;
// progress goes to stderr), writes bench/results.json with every raw sample and bench/README-performance.md, the
// README's Performance section between markers.
// Options: --quick (fewer runs, for trying the harness), --build (rebuild the widget first);
// BENCH_RECOGNITION=0 leaves out the recognition benchmark (several minutes on two cores), BENCH_AGENT=0 the AI
// agent's (a few minutes; it needs livekit-server).
import { readFileSync, writeFileSync } from 'node:fs';
import { updateReadme } from '../scripts/readme-bench.mjs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchAgentLatency } from './agent-latency.mjs';
import { benchLatency } from './latency.mjs';
import { benchMemory } from './memory.mjs';
import { benchRecognition } from './recognition.mjs';
import { overheadParts, goals, renderMarkdown, renderReadmeSection } from './report.mjs';
import { buildServerChild } from './spawn.mjs';
import { benchThroughput } from './throughput.mjs';
import { benchWeight, ensureWidgetBuild } from './weight.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const quick = process.argv.includes('--quick');
const started = performance.now();
// Other work on a shared machine shows here: the 1-minute load average before and after the run.
const loadBefore = loadavg()[0];
const log = (message) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);

function machine() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? cpus()[0]?.model ?? 'unknown CPU';
  return {
    cpu: cpu.trim(),
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `${type()} ${release()}`,
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
    loadAverage: { before: Number(loadBefore.toFixed(2)), after: Number(loadavg()[0].toFixed(2)) },
  };
}

const versionOf = (pkg) => JSON.parse(readFileSync(here(`../node_modules/${pkg}/package.json`), 'utf8')).version;

if (process.argv.includes('--build')) {
  log('building the widget (npm run build:widget)');
  ensureWidgetBuild({ force: true });
}
log('weight');
const weight = await benchWeight();
log(`bundling the server (esbuild) and measuring voice-turn latency`);
await buildServerChild();
const latency = await benchLatency({ runs: quick ? 3 : 9 });
latency.overheadParts = overheadParts(latency);
log(`voice turn ${latency.voiceTurnMs} ms, seed flow ${latency.sequentialMs} ms`);
log('AI agent over LiveKit against direct voice turns (simulator, then the local engines)');
const agentLatency = await benchAgentLatency({ rounds: quick ? 3 : 9, onProgress: log });
if (agentLatency.skipped) log(agentLatency.skipped);
log('throughput');
const throughput = await benchThroughput({
  rounds: quick ? 1 : 5,
  durationMs: quick ? 1500 : 2000,
  onProgress: log,
});
log('memory');
const memory = await benchMemory({ repeats: quick ? 1 : 3 });
log('offline speech recognition (held-out sentences × synthetic voices, before and after)');
const recognition = await benchRecognition({ quick, onProgress: log });
if (recognition.skipped) log(recognition.skipped);

const results = {
  machine: machine(),
  versions: { livekitClient: versionOf('livekit-client'), hono: versionOf('hono'), nodeServer: versionOf('@hono/node-server'), livekitServerSdk: versionOf('livekit-server-sdk') },
  quick,
  durationSeconds: Math.round((performance.now() - started) / 1000),
  weight,
  latency,
  agentLatency,
  throughput,
  memory,
  recognition,
};
results.goals = goals(results);

writeFileSync(here('results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(here('README-performance.md'), renderReadmeSection(results));
updateReadme();
log(`done; wrote bench/results.json, bench/README-performance.md and README.md's Performance section`);
process.stdout.write(`${renderMarkdown(results)}\n`);
