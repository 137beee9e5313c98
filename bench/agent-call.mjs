// One measured call with the AI agent, from the customer's side: a Node customer (LiveKit's @livekit/rtc-node,
// not a browser) joins a fresh room with a token from the server, waits until the agent has joined, announced
// the conversation and subscribed to the microphone, then speaks a WAV file and times, against the end of its
// speech, what the agent sends back: the customer's transcript (lk.transcription), the agent's state attribute
// (`lk.agent.state`: thinking once the turn is committed, speaking once the first reply frame is played out) and
// the first loud 10 ms frame of the agent's audio as received and decoded here.
import { readFileSync } from 'node:fs';
import { sleep } from './stats.mjs';

/** Busy share of all cores over `ms`, from /proc/stat (0..1). */
async function busyShare(ms) {
  const read = () => {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: fields[3] + fields[4], total: fields.reduce((a, b) => a + b, 0) };
  };
  const a = read();
  await sleep(ms);
  const b = read();
  return b.total === a.total ? 0 : 1 - (b.idle - a.idle) / (b.total - a.total);
}

/**
 * Waits until the machine is quiet: the worker forks and prewarms a new idle process (Silero, providers) when a
 * call takes the warm one, and that must not run while a turn is measured. Gives up after `maxMs`.
 */
export async function settle({ below = 0.3, windowMs = 300, maxMs = 10_000 } = {}) {
  const started = Date.now();
  let busy = 1;
  while (Date.now() - started < maxMs) {
    busy = await busyShare(windowMs);
    if (busy < below) return { waitedMs: Date.now() - started, busy: Math.round(busy * 100) / 100 };
  }
  return { waitedMs: Date.now() - started, busy: Math.round(busy * 100) / 100, gaveUp: true };
}

/** Every frame of `identity`'s first audio track, with its arrival time (Date.now()) and level, as it arrives. */
async function listenTo(rtc, room, identity, dbfs, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let track;
  while (!track) {
    const participant = room.remoteParticipants.get(identity);
    for (const publication of participant?.trackPublications.values() ?? []) {
      if (publication.kind === rtc.TrackKind.KIND_AUDIO && publication.track) track = publication.track;
    }
    if (track) break;
    if (Date.now() > deadline) throw new Error(`no audio track from ${identity} within ${timeoutMs} ms`);
    await sleep(20);
  }
  const stream = new rtc.AudioStream(track, { sampleRate: 16_000, numChannels: 1 });
  const reader = stream.getReader();
  const frames = [];
  let stopped = false;
  const pump = (async () => {
    while (!stopped) {
      const next = await reader.read();
      if (next.done) break;
      frames.push({ at: Date.now(), db: dbfs(next.value.data) });
    }
  })().catch(() => undefined);
  return {
    frames,
    /** The first frame after `since` that `test` accepts, waiting up to `ms`. */
    async first(since, test, ms) {
      const until = Date.now() + ms;
      for (;;) {
        const found = frames.find((f) => f.at >= since && test(f));
        if (found) return found;
        if (Date.now() > until) return undefined;
        await sleep(5);
      }
    },
    async stop() {
      stopped = true;
      reader.releaseLock();
      await stream.cancel().catch(() => undefined);
      await Promise.race([pump, sleep(200)]);
    },
  };
}

/** Times of every `lk.agent.state` change of `identity` (Date.now()). */
function watchAgentState(rtc, room, identity) {
  const changes = [];
  const onChange = (changed, participant) => {
    if (participant?.identity === identity && changed['lk.agent.state']) changes.push({ state: changed['lk.agent.state'], at: Date.now() });
  };
  room.on(rtc.RoomEvent.ParticipantAttributesChanged, onChange);
  return {
    changes,
    firstAfter: (state, since) => changes.find((c) => c.state === state && c.at >= since)?.at,
    stop: () => room.off(rtc.RoomEvent.ParticipantAttributesChanged, onChange),
  };
}

/**
 * One call: join, wait for the agent, speak `fixture`, time the reply; leaves once the agent is listening again.
 * `token()` answers a customer token from the server. Times in ms after the end of the customer's speech.
 */
export async function agentCall({ participant, rtc, wsUrl, token, fixture, timeoutMs = 30_000 }) {
  const customer = await participant.joinRoom(wsUrl, await token());
  let listener;
  let states;
  try {
    const mic = await customer.openMicrophone();
    const agent = await customer.waitForParticipant((p) => p.kind === 'agent', timeoutMs);
    await customer.waitForAgentEvent('conversation', timeoutMs);
    await mic.subscribed;
    listener = await listenTo(rtc, customer.room, agent.identity, participant.dbfs);
    states = watchAgentState(rtc, customer.room, agent.identity);
    const quiet = await settle();
    const playing = mic.play(fixture);
    const playedAt = Date.now();
    const { speechEndsAt } = await playing;
    const loud = await listener.first(playedAt, (f) => f.db > participant.LOUD_DBFS, timeoutMs);
    if (!loud) throw new Error(`no loud audio from the agent within ${timeoutMs} ms of the speech`);
    const heard = await customer.waitForTranscription((t) => t.trackId === mic.sid && t.final, timeoutMs).catch(() => undefined);
    // The reply is over when the agent listens again and its transcript has closed (it keeps pace with the voice):
    // leaving earlier would end the call while it speaks, and break the transcript's stream off.
    const over = () => {
      const speaking = states.firstAfter('speaking', playedAt);
      return speaking && states.firstAfter('listening', speaking) && customer.transcriptions.some((t) => t.from === agent.identity && t.startedAt >= playedAt);
    };
    for (const until = Date.now() + 60_000; Date.now() < until && !over(); ) await sleep(50);
    const since = (at) => (at === undefined ? null : at - speechEndsAt);
    // The first received frame with any sound at all: a voice may begin quietly, before its first loud 10 ms.
    const sound = listener.frames.find((f) => f.at >= playedAt && f.db > -70);
    return {
      firstLoudMs: since(loud.at),
      firstSoundMs: since(sound?.at),
      transcriptMs: since(heard?.at),
      transcript: heard?.text ?? null,
      thinkingMs: since(states.firstAfter('thinking', playedAt)),
      speakingMs: since(states.firstAfter('speaking', playedAt)),
      settle: quiet,
    };
  } finally {
    states?.stop();
    await listener?.stop();
    await customer.leave().catch(() => undefined);
  }
}
