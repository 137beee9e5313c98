// AI agent latency: the real LiveKit server, the real server (LIVEKIT_AGENT=on) and one agent worker process (the
// agent module as the build makes it, run with `node`), against the provider simulator (fixed latencies), then
// against the local engines (no key: pocketsphinx, Flite, the offline persona engine). Rounds alternate:
//   agent:  a Node customer (@livekit/rtc-node; no browser) joins a fresh room, waits for the agent, speaks the
//           committed speech fixture into its microphone; measured from the end of its speech (the last loud 10 ms
//           going out) to the first loud 10 ms frame of the agent's audio received by the customer;
//   direct: POST /api/voice-turn with the utterance the widget would upload (the same fixture, cut where the
//           widget's VAD would end it), as bench/latency.mjs measures it: from the request start to the first
//           `audio` event.
// `node bench/agent-latency.mjs [--quick]` runs it alone, prints its table and stores it in bench/results.json
// (key `agentLatency`) beside the last full run's sections; `npm run bench` runs it as one of its sections.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildAgent } from '../scripts/build-server.mjs';
import { findLiveKitServer, startLiveKit } from '../scripts/livekit-dev.mjs';
import { nodeBundle } from '../scripts/node-bundle.mjs';
import { replyLeadIn, sileroTiming, speechOf } from './agent-audio.mjs';
import { agentCall, settle } from './agent-call.mjs';
import { agentLeadIn } from './agent-report.mjs';
import { ORIGIN, pcmWav, voiceTurn } from './latency.mjs';
import { criticalPath, startProviderSim } from './provider-sim.mjs';
import { buildServerChild, startServer, UNLIMITED } from './spawn.mjs';
import { median, round } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The speech fixture the agent worker tests speak ("i would like to talk to sales about a new plan"). */
export const SPEECH_FIXTURE = join(root, 'widget/test/fixtures/speech.wav');
const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

/**
 * End-of-speech waits that are settings, not measurements: the framework's minimum endpointing delay (its default,
 * counted from the last speech) and the widget's VAD hangover and pre-roll (widget/src/controllers/). The Silero
 * figures are read from the installed plugin when the benchmark runs (`sileroTiming`).
 */
export const END_OF_SPEECH = { minEndpointingDelayMs: 500, widgetHangoverMs: 700, widgetPreRollMs: 300 };
/** Why the benchmark cannot run here, as one line, or undefined. */
export function agentLatencySkipReason() {
  if (process.env.BENCH_AGENT === '0') return 'AI agent latency skipped (BENCH_AGENT=0)';
  if (!findLiveKitServer()) return 'AI agent latency skipped: livekit-server missing (go install github.com/livekit/livekit-server/cmd/server@v1.9.12, see scripts/livekit-dev.mjs)';
  if (!existsSync(join(root, 'node_modules/@livekit/agents/package.json'))) return 'AI agent latency skipped: @livekit/agents is not installed (npm ci)';
  return undefined;
}

/** Why the local-engine half cannot run here, or undefined. */
function localSkipReason() {
  const missing = spawnSync('sh', ['-c', 'command -v pocketsphinx_continuous']).status !== 0 || !existsSync(`${MODEL_DIR}/en-us/mdef`);
  return missing ? 'local engines skipped: apt-get install pocketsphinx pocketsphinx-en-us' : undefined;
}

/** Starts `node <agentFile>` (one worker) and resolves once LiveKit registered it. */
async function startWorker(agentFile, env) {
  const child = spawn(process.execPath, [agentFile], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the agent worker did not register within 60 s:\n${output}`)), 60_000);
    const read = (chunk) => {
      output = (output + chunk).slice(-20_000);
      if (/registered as /.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the agent worker exited (${code}) before registering:\n${output}`));
    });
  });
  return {
    output: () => output,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** One engine set: server and worker on it, a warm-up of each mode, then `rounds` rounds of agent and direct. */
async function measure({ label, env, livekit, agentFile, agentEnv, rounds, direct, participant, rtc, onProgress }) {
  const audioDir = mkdtempSync(join(tmpdir(), 'ccw-bench-agent-audio-'));
  const livekitEnv = { LIVEKIT_URL: livekit.wsUrl, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret };
  const server = await startServer({ ...env, ...livekitEnv, LIVEKIT_AGENT: 'on', ALLOWED_ORIGINS: ORIGIN, ...UNLIMITED });
  let worker;
  const agent = [];
  const directRuns = [];
  let leadInMs;
  try {
    worker = await startWorker(agentFile, { ...env, ...livekitEnv, AUDIO_DIR: audioDir, DATA_DIR: join(audioDir, 'data'), ...agentEnv });
    const token = async () => {
      const res = await fetch(`${server.url}/api/room/token`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: ORIGIN }, body: '{}' });
      if (!res.ok) throw new Error(`room token: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()).token;
    };
    const call = () => agentCall({ participant, rtc, wsUrl: livekit.wsUrl, token, fixture: SPEECH_FIXTURE });
    const turn = async () => {
      const quiet = await settle();
      return { ...(await voiceTurn(server.url, direct)), settle: quiet };
    };
    await call();
    await turn();
    for (let i = 0; i < rounds; i++) {
      // Alternating which goes first, so that drift on a shared machine hits both alike.
      const pair = i % 2 === 0 ? [call, turn] : [turn, call];
      for (const run of pair) (run === call ? agent : directRuns).push(await run());
      const a = agent.at(-1);
      onProgress?.(`${label} round ${i + 1}/${rounds}: agent ${a.firstLoudMs} ms (transcript ${a.transcriptMs}, thinking ${a.thinkingMs}, speaking ${a.speakingMs}), direct ${directRuns.at(-1).firstAudio} ms`);
    }
    leadInMs = await replyLeadIn(server.url, direct, participant);
  } catch (err) {
    if (worker) err.message += `\nworker output:\n${worker.output().slice(-4000)}`;
    throw err;
  } finally {
    await worker?.close();
    await server.close();
    rmSync(audioDir, { recursive: true, force: true });
  }
  return summarize(agent, directRuns, leadInMs ?? 0);
}

/** Medians of both modes' samples; `leadInMs`, the reply voice's quiet start, goes on direct mode's same-footing figure. */
function summarize(agent, direct, leadInMs) {
  const med = (list, f) => {
    const values = list.map(f).filter((v) => typeof v === 'number');
    return values.length ? round(median(values), 1) : null;
  };
  const agentMs = med(agent, (s) => s.firstLoudMs);
  const directMs = med(direct, (s) => s.firstAudio);
  // Direct mode as the customer hears it: the widget's end-of-speech wait, the turn, and the voice's own lead-in.
  const directHeardMs = round(END_OF_SPEECH.widgetHangoverMs + directMs + leadInMs, 1);
  return {
    agentMs,
    directMs,
    leadInMs,
    directHeardMs,
    ratio: round(agentMs / directMs, 2),
    ratioHeard: round(agentMs / directHeardMs, 2),
    agentMedians: {
      transcriptMs: med(agent, (s) => s.transcriptMs),
      thinkingMs: med(agent, (s) => s.thinkingMs),
      speakingMs: med(agent, (s) => s.speakingMs),
      firstSoundMs: med(agent, (s) => s.firstSoundMs),
      firstLoudMs: agentMs,
    },
    directMedians: {
      transcriptMs: med(direct, (s) => s.transcript),
      firstDeltaMs: med(direct, (s) => s.firstDelta),
      firstAudioMs: directMs,
      serverTranscriptMs: med(direct, (s) => s.server?.transcript),
      serverFirstDeltaMs: med(direct, (s) => s.server?.first_delta),
      serverFirstAudioMs: med(direct, (s) => s.server?.first_audio),
    },
    transcripts: [...new Set(agent.map((s) => s.transcript))],
    samples: { agent, direct },
  };
}

/**
 * Runs the benchmark: `rounds` measured rounds of each mode per engine set. `agentEntry` measures another agent
 * module than server/src/agent/index.ts (a patched copy, to try a setting) and `agentEnv` adds to its worker's
 * environment; `local: false` leaves out the local engines.
 */
export async function benchAgentLatency({ rounds = 9, onProgress, agentEntry, agentEnv = {}, local: withLocal = true } = {}) {
  const skipped = agentLatencySkipReason();
  if (skipped) return { skipped };
  const loadBefore = loadavg()[0];
  const started = performance.now();
  // Loaded here, not at the top: the rest of `npm run bench` runs where the agent's packages are not installed.
  const participant = await import('../scripts/livekit-participant.mjs');
  const rtc = await import('@livekit/rtc-node');
  const speech = speechOf(SPEECH_FIXTURE, participant);
  // What the widget uploads: its 300 ms pre-roll (the fixture's lead-in is 0.3 s) through its 700 ms hangover.
  const cut = Math.min(speech.samples.length, Math.round(((speech.lastLoudMs + END_OF_SPEECH.widgetHangoverMs) * speech.rate) / 1000));
  const direct = pcmWav(speech.samples.subarray(0, cut), speech.rate);

  await buildServerChild();
  const buildDir = join(root, 'server/.build/bench-agent');
  mkdirSync(buildDir, { recursive: true });
  const agentFile = join(buildDir, 'agent.js');
  if (agentEntry) await build({ ...nodeBundle, entryPoints: [agentEntry], outfile: agentFile, sourcemap: true });
  else await buildAgent(agentFile);
  const sim = await startProviderSim({ speechAudio: 'tone' });
  const livekit = await startLiveKit();
  const result = {
    rounds,
    customer: 'Node, @livekit/rtc-node (not a browser)',
    livekitServer: livekit.version,
    agentsVersion: JSON.parse(readFileSync(join(root, 'node_modules/@livekit/agents/package.json'), 'utf8')).version,
    endOfSpeech: END_OF_SPEECH,
    silero: await sileroTiming(speech, rtc),
    fixture: { file: 'widget/test/fixtures/speech.wav', durationMs: round(speech.durationMs), speechEndsMs: round(speech.lastLoudMs), directUploadMs: round((cut / speech.rate) * 1000) },
  };
  try {
    const shared = { livekit, agentFile, agentEnv, rounds, direct, participant, rtc, onProgress };
    const simEnv = { OPENAI_API_KEY: 'x', OPENAI_BASE_URL: `${sim.url}/v1`, STT_PROVIDER: 'openai', TTS_PROVIDER: 'openai', CHAT_PROVIDER: 'openai' };
    const simulated = await measure({ label: 'simulator', env: simEnv, ...shared });
    const c = criticalPath(sim.sim);
    simulated.criticalPath = { ...c, directMs: c.totalMs, agentMs: round(result.silero.detectionMs + c.totalMs + agentLeadIn(simulated.leadInMs), 1) };
    simulated.overCriticalMs = round(simulated.agentMs - simulated.criticalPath.agentMs, 1);
    simulated.directOverCriticalMs = round(simulated.directMs - c.totalMs, 1);
    simulated.simulator = sim.sim;
    result.simulator = simulated;

    const localSkipped = withLocal ? localSkipReason() : 'local engines left out';
    if (localSkipped) result.local = { skipped: localSkipped };
    else {
      const local = await measure({ label: 'local engines', env: { STT_PROVIDER: 'local', TTS_PROVIDER: 'local', CHAT_PROVIDER: 'local' }, ...shared });
      // No fixed latencies here: the engines' own share is what the server measured inside direct turns
      // (transcription, persona engine and the first sentence's synthesis, from the request's arrival).
      const enginesMs = local.directMedians.serverFirstAudioMs;
      local.criticalPath = { enginesMs, directMs: enginesMs, agentMs: round(result.silero.detectionMs + enginesMs + agentLeadIn(local.leadInMs), 1) };
      local.overCriticalMs = round(local.agentMs - local.criticalPath.agentMs, 1);
      local.directOverCriticalMs = round(local.directMs - enginesMs, 1);
      result.local = local;
    }
  } finally {
    await livekit.stop();
    await sim.close();
    await participant.disposeRtc();
    rmSync(buildDir, { recursive: true, force: true });
  }
  result.durationSeconds = Math.round((performance.now() - started) / 1000);
  result.loadAverage = { before: round(loadBefore, 2), after: round(loadavg()[0], 2) };
  return result;
}

// Alone: measure, store under `agentLatency` in bench/results.json (the other sections stay as the last full run
// left them; README.md is left alone, `npm run bench` rewrites it), print this section's table.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { agentMarkdown } = await import('./agent-report.mjs');
  const t0 = performance.now();
  const log = (message) => process.stderr.write(`[agent ${((performance.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
  const agentLatency = await benchAgentLatency({ rounds: process.argv.includes('--quick') ? 3 : 9, onProgress: log });
  const file = fileURLToPath(new URL('results.json', import.meta.url));
  const results = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  results.agentLatency = agentLatency;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log('wrote agentLatency to bench/results.json');
  process.stdout.write(`${agentMarkdown(agentLatency)}\n`);
}
