/**
 * More than one agent worker, against the real LiveKit server: two worker processes (the same agent module, as the
 * build makes it) register under the agent's name, six customers each open a call of their own (six tokens, six
 * rooms, six Node customers with @livekit/rtc-node), and LiveKit gives every call to one of the workers. Which
 * worker took a call is LiveKit's own record: the room's dispatch names the job's worker, and each worker
 * prints its id when it registers. The local engines answer (no API key).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AGENT_NAME, AgentEvent, TokenResponse } from '@call-center-widget/protocol';
import { buildAgentBundle, startAgentWorker, type AgentBundle, type AgentWorker } from '../../scripts/agent-worker-dev.mjs';
import { requireLiveKit, startLiveKit, type LiveKitServer } from '../../scripts/livekit-dev.mjs';
import { joinRoom, type RoomParticipant } from '../../scripts/livekit-participant.mjs';
import { RECOGNIZER, skipWithoutEngines } from './support/require-engines.ts';
import { makeTestApp } from './support/test-app.ts';

const CALLS = 6;
const WORKERS = 2;
/** How long a room is watched after its agent joined, for a second agent that should never come. */
const SECOND_AGENT_GRACE_MS = 3_000;

const binary = requireLiveKit('agent scale tests');
const noEngines = skipWithoutEngines('agent scale tests', RECOGNIZER);
const skip = !binary || noEngines;

/** A running worker and the calls it takes at once (from its start line). */
interface WorkerProcess extends AgentWorker {
  readonly capacity: number;
}

async function startWorker(bundle: AgentBundle, livekit: LiveKitServer, audioDir: string): Promise<WorkerProcess> {
  const worker = await startAgentWorker({ bundle, livekit, env: { AUDIO_DIR: audioDir }, registerTimeoutMs: 45_000 });
  const capacity = Number(/up to (\d+) calls/.exec(worker.output())?.[1]);
  return Object.assign(worker, { capacity });
}

/** One customer's call and when (Date.now()) each step of it happened. */
interface Call {
  readonly room: string;
  readonly customer: RoomParticipant;
  agentIdentity?: string;
  agentJoinedAt?: number;
  /** The written answer to the typed question began (its text stream opened, as its voice starts) and ended. */
  answerStartedAt?: number;
  answeredAt?: number;
}

describe.skipIf(skip)('two agent workers and six calls, with the real LiveKit server', () => {
  let livekit: LiveKitServer;
  let bundle: AgentBundle | undefined;
  let workers: WorkerProcess[] = [];
  const tempDirs: string[] = [];
  const calls: Call[] = [];

  beforeAll(async () => {
    livekit = await startLiveKit({ binary });
    // Built once: both workers, and every job process they fork, run this one file.
    bundle = await buildAgentBundle();
    workers = await Promise.all(
      Array.from({ length: WORKERS }, () => {
        const audioDir = mkdtempSync(join(tmpdir(), 'ccw-agent-audio-'));
        tempDirs.push(audioDir);
        return startWorker(bundle!, livekit, audioDir);
      }),
    );
    expect(new Set(workers.map((w) => w.id)).size).toBe(WORKERS);
  }, 90_000);

  // A failing test shows what the workers said (the framework logs warnings and errors as JSON lines).
  beforeEach(({ onTestFailed }) =>
    onTestFailed(() => {
      for (const worker of workers) console.log(`worker ${worker.id} output:\n${worker.output()}`);
    }),
  );

  afterAll(async () => {
    await Promise.all(calls.map((call) => call.customer.leave().catch(() => undefined)));
    await Promise.all(workers.map((w) => w.stop()));
    bundle?.dispose();
    await livekit?.stop();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  }, 40_000);

  it('answers six customers calling at once, each in its own room, in writing', async () => {
    const app = await makeTestApp({
      env: { LIVEKIT_URL: livekit.wsUrl, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret, LIVEKIT_AGENT: 'on' },
    });
    const tokens = await Promise.all(
      Array.from({ length: CALLS }, async () => {
        const res = await app.app.request('/api/room/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
        expect(res.status).toBe(200);
        return TokenResponse.parse(await res.json());
      }),
    );
    expect(new Set(tokens.map((t) => t.room_name)).size).toBe(CALLS);

    const openedAt = Date.now();
    await Promise.all(
      tokens.map(async ({ token, room_name: room }) => {
        const customer = await joinRoom(livekit.wsUrl, token);
        const call: Call = { room, customer };
        calls.push(call);
        // As the widget does when a call starts: the microphone is open (and silent) before anyone speaks.
        await customer.openMicrophone();
        // Calls wait for a warm job process, which a worker prepares one at a time: the last ones take a while.
        const agent = await customer.waitForParticipant((p) => p.kind === 'agent', 60_000);
        call.agentIdentity = agent.identity;
        call.agentJoinedAt = Date.now();
        const conversation = await customer.waitForAgentEvent('conversation', 30_000);
        expect(conversation.from).toBe(agent.identity);
        expect(AgentEvent.parse(conversation.event)).toMatchObject({ type: 'conversation', persona: 'reception', language: 'en' });
        await customer.sendText('What plans do you have?');
        const reply = await customer.waitForTranscription((t) => t.from === agent.identity && /basic|pro|business/i.test(t.text), 40_000);
        expect(reply.text).toMatch(/\$29/);
        call.answerStartedAt = reply.startedAt;
        call.answeredAt = reply.at;
      }),
    );
    // Informal (the benchmark measures properly): from the six customers joining to each step, in seconds.
    const times = (pick: (call: Call) => number | undefined): string =>
      calls
        .map((call) => (pick(call)! - openedAt) / 1000)
        .sort((a, b) => a - b)
        .map((s) => s.toFixed(1))
        .join(' ');
    console.log(
      `agent scale: ${CALLS} calls on ${WORKERS} workers, all answered within ${((Math.max(...calls.map((c) => c.answerStartedAt!)) - openedAt) / 1000).toFixed(1)} s ` +
        `| agent joined at ${times((c) => c.agentJoinedAt)} | answer began at ${times((c) => c.answerStartedAt)} | answer spoken by ${times((c) => c.answeredAt)}`,
    );
  }, 150_000);

  it('gave each call to one agent of one worker, with one conversation, and both workers took calls', async () => {
    expect(calls.map((call) => call.answeredAt).filter(Boolean)).toHaveLength(CALLS);
    // Time for a second agent (a call given twice) to show up, counted from the last agent joining.
    const lastJoin = Math.max(...calls.map((call) => call.agentJoinedAt!));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastJoin + SECOND_AGENT_GRACE_MS - Date.now())));
    const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
    const dispatches = new AgentDispatchClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
    const taken = new Map<string, number>(workers.map((w) => [w.id, 0]));
    for (const call of calls) {
      // What the customer sees and what LiveKit lists agree: the customer and one agent, nobody else.
      expect(call.customer.participants().map((p) => [p.identity, p.kind])).toEqual([[call.agentIdentity, 'agent']]);
      const listed = await rooms.listParticipants(call.room);
      expect(listed.map((p) => p.identity).sort()).toEqual([call.agentIdentity, call.customer.identity].sort());
      expect(call.customer.agentEvents.filter((e) => e.event.type === 'conversation')).toHaveLength(1);
      // The room's one dispatch (the customer's token made it) ran one job, as that agent, on one of our workers.
      const dispatch = await dispatches.listDispatch(call.room);
      expect(dispatch.map((d) => d.agentName)).toEqual([AGENT_NAME]);
      const jobs = dispatch[0]!.state?.jobs ?? [];
      expect(jobs.map((job) => job.state?.participantIdentity)).toEqual([call.agentIdentity]);
      const worker = jobs[0]!.state?.workerId ?? '';
      expect([...taken.keys()]).toContain(worker);
      taken.set(worker, taken.get(worker)! + 1);
    }
    console.log(`agent scale: calls per worker ${workers.map((w) => `${w.id} ${taken.get(w.id)} (up to ${w.capacity})`).join(', ')}`);
    // LiveKit offers each call to a worker at random, weighted by the spare capacity each last reported; a worker
    // refuses a call past its capacity. So a worker that cannot take all six guarantees the other some.
    for (const worker of workers) expect(taken.get(worker.id)).toBeLessThanOrEqual(worker.capacity);
    if (workers.every((w) => w.capacity < CALLS)) {
      for (const worker of workers) expect(taken.get(worker.id)).toBeGreaterThan(0);
    } else {
      // Three cores or more: one worker could take all six, as LiveKit's draw does about one time in 32.
      console.log(`agent scale: both workers took calls: ${[...taken.values()].every((n) => n > 0)} (not asserted: a worker takes up to ${workers[0]!.capacity} calls here)`);
    }
  }, 30_000);
});
