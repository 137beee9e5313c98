/**
 * The AI agent as a participant of the call, against the real LiveKit server (started by this file) and a real
 * worker process (the agent module as the build makes it, run with `node`): LiveKit dispatches the worker into
 * the room a customer token creates, and a Node customer (@livekit/rtc-node) speaks from the committed WAV
 * fixtures, types on `lk.chat`, and collects what the agent publishes. The local engines answer (no API key).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AGENT_NAME, AgentDispatchMetadata, AgentEvent, ServerConfig, TokenResponse } from '@call-center-widget/protocol';
import { buildAgentBundle, startAgentWorker, type AgentBundle, type AgentWorker } from '../../scripts/agent-worker-dev.mjs';
import { requireLiveKit, startLiveKit, type LiveKitServer } from '../../scripts/livekit-dev.mjs';
import { joinRoom, readWav, type AgentEventLine, type Microphone, type RoomParticipant, type TranscriptionLine } from '../../scripts/livekit-participant.mjs';
import { encodeWav } from '../src/audio/wav.ts';
import { CallNotes } from '../src/stores/call-notes.ts';
import { openDatabase } from '../src/stores/database.ts';
import { TicketStore } from '../src/stores/ticket-store.ts';
import { NOT_UNDERSTOOD } from '../src/text/refusals.ts';
import { SPEECH_FIXTURE } from './support/fixtures.ts';
import { RECOGNIZER, skipWithoutEngines } from './support/require-engines.ts';
import { makeTestApp, type TestApp } from './support/test-app.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** The speech fixture played backwards: speech-like sound the offline recognizer refuses rather than guesses. */
const REVERSED_FIXTURE = join(root, 'widget/test/fixtures/reversed.wav');

const binary = requireLiveKit('agent worker tests');
const noEngines = skipWithoutEngines('agent worker tests', RECOGNIZER);
const skip = !binary || noEngines;

/** Builds the app with LiveKit configured against `livekit` (or a URL that is never dialled) and LIVEKIT_AGENT. */
function appFor(agent: 'on' | 'off' | undefined, livekit?: LiveKitServer): Promise<TestApp> {
  const env: Record<string, string> = livekit
    ? { LIVEKIT_URL: livekit.wsUrl, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret }
    : { LIVEKIT_URL: 'wss://livekit.example.test', LIVEKIT_API_KEY: 'key', LIVEKIT_API_SECRET: 'a-secret-of-at-least-32-characters!!' };
  if (agent) env.LIVEKIT_AGENT = agent;
  return makeTestApp({ env });
}

async function customerToken(app: TestApp): Promise<TokenResponse> {
  const res = await app.app.request('/api/room/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(200);
  return TokenResponse.parse(await res.json());
}

describe('LIVEKIT_AGENT', () => {
  it('off: no dispatch in customer tokens, and /api/config leaves the agent out', async () => {
    const app = await appFor('off');
    expect(app.config.livekit.agent).toBe(false);
    const { token } = await customerToken(app);
    const claims = await new TokenVerifier('key', 'a-secret-of-at-least-32-characters!!').verify(token);
    expect(claims.roomConfig?.agents ?? []).toEqual([]);
    const config = ServerConfig.parse(await (await app.app.request('/api/config')).json());
    expect(config.livekit).toEqual({ enabled: true, url: 'wss://livekit.example.test' });
  });

  it('on, the default with LiveKit: every customer token dispatches the agent by name, with how the call starts as its only metadata', async () => {
    expect((await appFor(undefined)).config.livekit.agent).toBe(true);
    const app = await appFor('on');
    const { token } = await customerToken(app);
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
    // Only the fields LiveKit 1.9.12 knows: it refuses a token with any other.
    expect(payload.roomConfig.agents).toEqual([{ agentName: AGENT_NAME, metadata: JSON.stringify({ persona: 'reception', language: 'en' }) }]);
    expect(AgentDispatchMetadata.parse(JSON.parse(payload.roomConfig.agents[0].metadata))).toEqual({ persona: 'reception', language: 'en' });
    const config = ServerConfig.parse(await (await app.app.request('/api/config')).json());
    expect(config.livekit).toEqual({ enabled: true, url: 'wss://livekit.example.test', agent: true });
  });

  it('on without LiveKit does nothing, and any other value stops start-up naming the variable', async () => {
    const app = await makeTestApp({ env: { LIVEKIT_AGENT: 'on' } });
    const config = ServerConfig.parse(await (await app.app.request('/api/config')).json());
    expect(config.livekit).toEqual({ enabled: false, url: null });
    await expect(makeTestApp({ env: { LIVEKIT_AGENT: 'yes' } })).rejects.toThrow('LIVEKIT_AGENT: expected one of off, on, got "yes"');
  });
});

/** Polls `probe` every 50 ms until it returns a value. */
async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(skip)('the AI agent in a call, with the real LiveKit server and a worker process', () => {
  let livekit: LiveKitServer;
  let worker: AgentWorker | undefined;
  let bundle: AgentBundle | undefined;
  let audioDir: string;
  let SHORT_SOUND: string;
  let customer: RoomParticipant;
  let mic: Microphone;
  let agentIdentity: string;
  let conversation: AgentEventLine;
  let roomName: string;

  beforeAll(async () => {
    livekit = await startLiveKit({ binary });
    audioDir = mkdtempSync(join(tmpdir(), 'ccw-agent-audio-'));
    // 0.4 s of voice that is no word (the reversed fixture): a cough or an "mm-hm" as far as the call can tell.
    const voice = readWav(REVERSED_FIXTURE);
    const onset = voice.samples.findIndex((v) => Math.abs(v) > 3000);
    SHORT_SOUND = join(audioDir, 'short-sound.wav');
    writeFileSync(SHORT_SOUND, encodeWav(voice.samples.subarray(onset, onset + Math.round(0.4 * voice.rate)), voice.rate));
    bundle = await buildAgentBundle();
    worker = await startAgentWorker({ bundle, livekit, env: { AUDIO_DIR: audioDir } });
    const app = await appFor('on', livekit);
    const { token, room_name } = await customerToken(app);
    roomName = room_name;
    customer = await joinRoom(livekit.wsUrl, token);
    // As the widget does when a call starts: the microphone is open (and silent) before anyone speaks.
    mic = await customer.openMicrophone();
  }, 90_000);

  // A failing test shows what the worker said (the framework logs warnings and errors as JSON lines).
  beforeEach(({ onTestFailed }) =>
    onTestFailed(() => console.log(`worker output:\n${worker?.output()}\nagent events: ${JSON.stringify(customer?.agentEvents.map((e) => e.event))}`)),
  );

  afterAll(async () => {
    await customer?.leave().catch(() => undefined);
    await worker?.stop();
    await livekit?.stop();
    bundle?.dispose();
    if (audioDir) rmSync(audioDir, { recursive: true, force: true });
  }, 30_000);

  it('joins the room as an agent participant and names the conversation, the persona and the language', async () => {
    const agent = await customer.waitForParticipant((p) => p.kind === 'agent', 20_000);
    agentIdentity = agent.identity;
    conversation = await customer.waitForAgentEvent('conversation', 20_000);
    expect(AgentEvent.parse(conversation.event)).toEqual({ type: 'conversation', conversation_id: expect.stringMatching(/^conv_/), persona: 'reception', language: 'en' });
    expect(conversation.from).toBe(agentIdentity);
    const attributes = customer.participants().find((p) => p.identity === agentIdentity)!.attributes;
    expect(attributes).toMatchObject({ 'ccw.persona': 'reception', 'ccw.language': 'en' });
    // The framework's own state attribute, which the widget shows as listening / thinking / speaking.
    expect(['initializing', 'listening']).toContain(attributes['lk.agent.state']);
    // The agent listens to the customer's microphone.
    await mic.subscribed;
    // A history past the JSON body limit (64 KB) is not read into memory, nor continued: the call keeps its own
    // conversation (the typed-text test below finds just the one conversation event).
    await customer.sendText(JSON.stringify({ messages: [{ role: 'customer', text: 'x'.repeat(100_000) }] }), 'ccw-history');
  }, 30_000);

  it('hears a spoken request, writes both sides as transcripts, transfers to sales and answers aloud', async () => {
    // Heard through WebRTC (Opus) the offline recognizer sometimes misreads the synthetic voice ("talk to your got
    // to do you", about one call in ten on this machine): the customer says it again, as a customer would.
    let hearing!: ReturnType<RoomParticipant['measureAudio']>;
    let speechEndsAt = 0;
    let heard: TranscriptionLine | undefined;
    const tries: string[] = [];
    while (tries.length < 3 && !heard) {
      const before = customer.transcriptions.length;
      hearing = customer.measureAudio(agentIdentity, 15_000);
      ({ speechEndsAt } = await mic.play(SPEECH_FIXTURE));
      const line = await customer.waitForTranscription((t) => customer.transcriptions.indexOf(t) >= before && t.trackId === mic.sid && t.final, 20_000);
      tries.push(line.text);
      if (/talk to sales/i.test(line.text)) heard = line;
      else await until('the agent answers what it heard', () => agentState() === 'listening', 30_000);
    }
    if (tries.length > 1) console.log(`agent worker: heard ${JSON.stringify(tries)}`);
    expect(heard, JSON.stringify(tries)).toBeDefined();
    if (!heard) return;
    const transfer = await customer.waitForAgentEvent('transfer', 20_000);
    expect(AgentEvent.parse(transfer.event)).toMatchObject({ type: 'transfer', from: 'reception', to: 'sales' });
    // The stream closes when the reply has been spoken (the transcript keeps pace with the voice).
    // The answer to what was heard: a misheard first try had an answer of its own, earlier in the list.
    const heardAt = customer.transcriptions.indexOf(heard);
    const reply = await customer.waitForTranscription(
      (t) => customer.transcriptions.indexOf(t) > heardAt && t.from === agentIdentity && t.trackId !== mic.sid && t.text.trim() !== '',
      40_000,
    );
    // Reception hands over, then sales answers, in one reply whose sentences read as written.
    expect(reply.text).toMatch(/sales/i);
    expect(reply.text).not.toMatch(/[.!?][A-Z]/);
    const audio = await hearing;
    // Speech, not silence or a click: the loudest 100 ms of the agent's voice.
    expect(audio.peakDbfs).toBeGreaterThan(-35);
    expect(customer.participants().find((p) => p.identity === agentIdentity)!.attributes['ccw.persona']).toBe('sales');
    // Informal (the benchmark measures properly): end of the customer's speech -> the agent's voice heard.
    console.log(
      `agent worker: speech end -> transcript ${heard.at - speechEndsAt} ms, -> transfer event ${transfer.at - speechEndsAt} ms, ` +
        `-> first agent audio ${audio.firstLoudAt === undefined ? 'n/a' : audio.firstLoudAt - speechEndsAt} ms (peak ${audio.peakDbfs.toFixed(1)} dBFS)`,
    );
  }, 60_000);

  it('answers a message typed on lk.chat in writing and aloud, in the same conversation', async () => {
    const before = customer.transcriptions.length;
    const hearing = customer.measureAudio(agentIdentity, 10_000);
    await customer.sendText('What plans do you have?');
    const reply = await customer.waitForTranscription(
      (t) => customer.transcriptions.indexOf(t) >= before && t.from === agentIdentity && /basic|pro|business/i.test(t.text),
      20_000,
    );
    expect(reply.text).toMatch(/\$\d+/);
    expect((await hearing).peakDbfs).toBeGreaterThan(-35);
    // Still the conversation announced on joining: no second one was started.
    expect(customer.agentEvents.filter((e) => e.event.type === 'conversation')).toHaveLength(1);
    // The oversized history sent on joining was refused, and said so in the worker's log.
    expect(worker!.output()).toContain('was too large');
  }, 40_000);

  const agentState = (): string | undefined => customer.participants().find((p) => p.identity === agentIdentity)?.attributes['lk.agent.state'];

  it('stops speaking when the customer talks over it (barge-in), and answers what they said instead', async () => {
    const before = customer.transcriptions.length;
    // A long answer (the three plans, several sentences) to talk over.
    await customer.sendText('Tell me about your plans and prices please.');
    await until('the agent speaks', () => agentState() === 'speaking', 20_000);
    const speaking = await customer.measureAudio(agentIdentity, 600);
    expect(speaking.peakDbfs).toBeGreaterThan(-35);
    // The customer talks over it: the framework's VAD hears speech, the agent stops its audio.
    const talkingFrom = Date.now();
    const played = mic.play(SPEECH_FIXTURE);
    // Its voice goes quiet and stays quiet (measured 250 ms at a time; a pause between two sentences is shorter
    // than the second it must last): the rest of the plans is not said.
    let quietFrom: number | undefined;
    let quietAt: number | undefined;
    while (quietAt === undefined && Date.now() - talkingFrom < 8_000) {
      const startedAt = Date.now();
      const window = await customer.measureAudio(agentIdentity, 250);
      if (window.peakDbfs >= -45) quietFrom = undefined;
      else if (quietFrom === undefined) quietFrom = startedAt;
      else if (Date.now() - quietFrom >= 1_000) quietAt = quietFrom;
    }
    await played;
    expect(quietAt, 'the agent did not fall silent for a second within 8 s of the customer speaking').toBeDefined();
    const interruptedAt = quietAt!;
    // What the customer said over it is heard and answered.
    const heard = await customer.waitForTranscription((t) => customer.transcriptions.indexOf(t) >= before && t.trackId === mic.sid && t.final, 20_000);
    // (Spoken over the agent's voice and through WebRTC, the offline recognizer sometimes misreads it — "i would
    // like the top do ya to do you" in one fresh-clone run — so the words are not checked here; the spoken-turn
    // test checks them.)
    expect(heard.text.trim()).not.toBe('');
    await customer.waitForTranscription((t) => customer.transcriptions.indexOf(t) >= before && t.from === agentIdentity && t.at > heard.at && t.text.trim() !== '', 30_000);
    console.log(`agent worker: barge-in: the agent stopped ${interruptedAt - talkingFrom} ms after the customer's audio began (speech 0.3 s into it) (speaking peak ${speaking.peakDbfs.toFixed(1)} dBFS)`);
  }, 60_000);

  it('lets a short sound over its voice pass (a cough, "mm-hm"): it keeps talking and asks nothing', async () => {
    const refusals = (): number => customer.agentEvents.filter((e) => e.event.type === 'not_understood').length;
    const before = refusals();
    const lines = customer.transcriptions.length;
    await until('the agent listens', () => agentState() === 'listening', 30_000);
    await customer.sendText('What plans do you have?');
    await until('the agent speaks', () => agentState() === 'speaking', 20_000);
    await customer.measureAudio(agentIdentity, 1_000);
    await mic.play(SHORT_SOUND);
    // It goes on talking (at most a moment's pause while the framework decides the sound was no interruption).
    const after = await customer.measureAudio(agentIdentity, 2_500);
    expect(after.peakDbfs).toBeGreaterThan(-35);
    // The whole answer is spoken (its stream closes with the last plan), and nobody was asked to repeat a cough.
    const reply = await customer.waitForTranscription((t) => customer.transcriptions.indexOf(t) >= lines && t.from === agentIdentity && /Business/.test(t.text), 30_000);
    expect(reply.text).toMatch(/Which plan would you like/);
    expect(refusals()).toBe(before);
  }, 60_000);

  it('passes on a request for a person as a handoff event, and says what happens next', async () => {
    const before = customer.transcriptions.length;
    await customer.sendText('I would like to talk to a person.');
    const handoff = await customer.waitForAgentEvent('handoff', 20_000);
    expect(AgentEvent.parse(handoff.event)).toMatchObject({ type: 'handoff', reason: expect.any(String) });
    // Waiting for the whole reply to be spoken, so the next test's speech does not talk over it.
    const reply = await customer.waitForTranscription(
      (t) => customer.transcriptions.indexOf(t) >= before && t.from === agentIdentity && /talk to a person/.test(t.text),
      30_000,
    );
    // Nobody can be brought in yet: the request is a ticket staff see, and the agent says so instead of pretending.
    expect(reply.text).toMatch(/I have recorded ticket \d+ for your request to speak with a person\. Nobody from our team can join this call right now/);
    expect(AgentEvent.parse((await customer.waitForAgentEvent('ticket', 5_000)).event)).toMatchObject({ type: 'ticket', kind: 'human_request' });
  }, 40_000);

  it('records a refund ticket in the database the server shares, and says its number only after', async () => {
    await customer.sendText('My order 48213 arrived damaged.');
    await customer.waitForTranscription((t) => t.from === agentIdentity && /48213/.test(t.text), 30_000);
    await until('the agent listens again', () => agentState() === 'listening', 30_000);
    await customer.sendText('I want a refund.');
    const ticket = await customer.waitForAgentEvent((e) => e.type === 'ticket' && e['kind'] === 'refund', 20_000);
    const event = AgentEvent.parse(ticket.event);
    expect(event).toEqual({ type: 'ticket', id: expect.any(Number), kind: 'refund' });
    const id = event.type === 'ticket' ? event.id : 0;
    const said = await customer.waitForTranscription((t) => t.from === agentIdentity && t.text.includes(`ticket ${id}`), 30_000);
    expect(said.text).toContain(`I have recorded ticket ${id} for your refund request on order 48213.`);
    // Written by the call's process into DATA_DIR, where the server reads it.
    const db = openDatabase(join(dirname(bundle!.file), 'data'));
    const tickets = new TicketStore(db);
    expect(tickets.get(id)).toMatchObject({ kind: 'refund', orderNumber: '48213', status: 'open', conversationId: conversation.event['conversation_id'], roomName });
    // And where the call stands, for staff who join it: the call note, after the answered turn.
    const notes = new CallNotes(db);
    await until('the call note is written', () => notes.get(roomName)?.memory['resolution_status'] === 'confirmed', 10_000);
    expect(notes.get(roomName)).toMatchObject({ conversationId: conversation.event['conversation_id'], persona: 'complaints', memory: { order_number: '48213' } });
    await until('the agent listens again', () => agentState() === 'listening', 30_000);
  }, 90_000);

  it('keeps quiet while a member of staff is in the call, and answers again once they leave', async () => {
    const token = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity: 'agent-noor', name: 'Noor', ttl: 300 });
    token.addGrant({ room: roomName, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
    const staff = await joinRoom(livekit.wsUrl, await token.toJwt());
    try {
      const standby = await customer.waitForAgentEvent((e) => e.type === 'standby' && e['active'] === true, 10_000);
      expect(AgentEvent.parse(standby.event)).toEqual({ type: 'standby', active: true });
      const before = customer.transcriptions.length;
      const eventsBefore = customer.agentEvents.length;
      await customer.sendText('What plans do you have?');
      // Speech it cannot understand gets no "did not catch that" either: the agent says nothing at all.
      await mic.play(REVERSED_FIXTURE);
      // Given the time it takes to answer (a few seconds), nothing comes: the person from staff answers now.
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(customer.transcriptions.slice(before).filter((t) => t.from === agentIdentity && t.text.trim() !== '')).toEqual([]);
      expect(customer.agentEvents.slice(eventsBefore).filter((e) => e.event.type === 'not_understood')).toEqual([]);
    } finally {
      await staff.leave();
    }
    await customer.waitForAgentEvent((e) => e.type === 'standby' && e['active'] === false, 10_000);
    const before = customer.transcriptions.length;
    await customer.sendText('What plans do you have?');
    await customer.waitForTranscription((t) => customer.transcriptions.indexOf(t) >= before && t.from === agentIdentity && /basic|pro|business/i.test(t.text), 20_000);
    await until('the agent listens again', () => agentState() === 'listening', 30_000);
  }, 90_000);

  it('refuses speech it cannot understand out loud, with examples to try, and never makes up a transcript', async () => {
    const heardBefore = customer.transcriptions.filter((t) => t.trackId === mic.sid).length;
    await mic.play(REVERSED_FIXTURE);
    const refusal = await customer.waitForAgentEvent('not_understood', 20_000);
    const event = AgentEvent.parse(refusal.event);
    expect(event).toMatchObject({ type: 'not_understood', text: NOT_UNDERSTOOD.en });
    expect(event.type === 'not_understood' && event.examples.length).toBeGreaterThan(0);
    const said = await customer.waitForTranscription((t) => t.from === agentIdentity && t.text.startsWith(NOT_UNDERSTOOD.en), 20_000);
    expect(said.text.length).toBeGreaterThan(NOT_UNDERSTOOD.en.length);
    // By the time the refusal has been said, any transcript of that speech would have arrived: there is none.
    expect(customer.transcriptions.filter((t) => t.trackId === mic.sid)).toHaveLength(heardBefore);
  }, 40_000);
});
