// A second participant in a real LiveKit room, in Node, with LiveKit's own @livekit/rtc-node: what the tests use
// to stand where a staff member or an agent worker would — hear the customer, speak to them from a WAV file and
// exchange chat lines on the widget's data-channel topic — or where the customer stands when the AI agent answers:
// speak from a WAV file, type on the agent's chat topic, and collect what the agent publishes (transcripts, its
// events, its voice).
import { readFileSync } from 'node:fs';

/** The widget's chat topic (widget/src/transports/livekit-transport.ts). */
export const CHAT_TOPIC = 'ccw-chat';
/** LiveKit Agents' topics: typed text to the agent, and transcripts of both sides (text streams). */
export const AGENT_CHAT_TOPIC = 'lk.chat';
export const TRANSCRIPTION_TOPIC = 'lk.transcription';
/** The call center agent's events (protocol/src/agent.ts, AGENT_EVENT_TOPIC). */
export const AGENT_EVENT_TOPIC = 'ccw-agent';
/** A 100 ms window this loud (dBFS) or louder counts as sound, not silence, in `measureAudio`. */
export const LOUD_DBFS = -45;

// rtc-node logs every step at debug level unless NODE_ENV is production; the tests read their own output.
const previousEnv = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
const rtc = await import('@livekit/rtc-node');
process.env.NODE_ENV = previousEnv;
if (previousEnv === undefined) delete process.env.NODE_ENV;
const { AudioFrame, AudioSource, AudioStream, LocalAudioTrack, LocalVideoTrack, ParticipantKind, Room, RoomEvent, TrackKind, TrackPublishOptions, TrackSource, VideoSource } = rtc;
/** ParticipantKind values by name, lower case (`agent`, `standard`, `sip`…). */
const PARTICIPANT_KINDS = Object.fromEntries(
  Object.entries(ParticipantKind)
    .filter(([, value]) => typeof value === 'number')
    .map(([name, value]) => [value, name.replace(/^PARTICIPANT_KIND_/, '').toLowerCase()]),
);

/** Shuts LiveKit's native runtime down so that the process can exit (call once, after every room is left). */
export const disposeRtc = () => rtc.dispose();

/** 16-bit PCM mono samples and rate of a WAV file (the fixtures: 16 kHz mono). */
export function readWav(path) {
  const bytes = readFileSync(path);
  let offset = 12;
  let rate = 16_000;
  let channels = 1;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      channels = bytes.readUInt16LE(offset + 10);
      rate = bytes.readUInt32LE(offset + 12);
    } else if (id === 'data') {
      const data = bytes.subarray(offset + 8, offset + 8 + size);
      const all = new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length - (data.length % 2)));
      if (channels === 1) return { samples: all, rate };
      const mono = new Int16Array(Math.floor(all.length / channels));
      for (let i = 0; i < mono.length; i++) mono[i] = all[i * channels];
      return { samples: mono, rate };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

/** RMS of 16-bit samples in dBFS (-Infinity for digital silence). */
export function dbfs(samples) {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length)) / 32768;
  return rms === 0 ? -Infinity : 20 * Math.log10(rms);
}

/**
 * Joins `wsUrl` with `token`. The handle publishes WAV audio, measures a remote participant's audio, sends and
 * collects chat lines, and leaves.
 */
export async function joinRoom(wsUrl, token) {
  const room = new Room();
  const chats = [];
  const transcriptions = [];
  const agentEvents = [];
  // Anyone waiting for something to arrive is woken on every arrival and looks again.
  const waiters = [];
  const arrived = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  const onChat = (text, from) => {
    chats.push({ text, from });
    arrived();
  };
  room.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
    const text = new TextDecoder().decode(payload);
    if (topic === CHAT_TOPIC) onChat(text, participant?.identity ?? '');
    if (topic === AGENT_EVENT_TOPIC) {
      agentEvents.push({ event: JSON.parse(text), from: participant?.identity ?? '', at: Date.now() });
      arrived();
    }
  });
  room.registerTextStreamHandler(CHAT_TOPIC, async (reader, info) => onChat(await reader.readAll(), info.identity));
  room.registerTextStreamHandler(TRANSCRIPTION_TOPIC, async (reader, info) => {
    const startedAt = Date.now();
    const text = await reader.readAll();
    const attributes = reader.info.attributes ?? {};
    transcriptions.push({
      text,
      from: info.identity,
      trackId: attributes['lk.transcribed_track_id'] ?? '',
      segmentId: attributes['lk.segment_id'] ?? '',
      final: attributes['lk.transcription_final'] === 'true',
      startedAt,
      at: Date.now(),
    });
    arrived();
  });
  await room.connect(wsUrl, token, { autoSubscribe: true, dynacast: false });
  let publishing;

  /** A published track fed by `pump` from `source`: `stop()` ends the pump, unpublishes and closes the source. */
  const publishingOf = (publication, source, pump, halt) => ({
    sid: publication.sid,
    async stop() {
      halt();
      await pump;
      await room.localParticipant.unpublishTrack(publication.sid).catch(() => undefined);
      await source.close().catch?.(() => undefined);
    },
  });

  /** Resolves with the first item of `list` that `test` accepts, waiting up to `timeoutMs`. */
  const waitIn = async (list, test, timeoutMs, what) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = list.find(test);
      if (found) return found;
      if (Date.now() >= deadline) throw new Error(`no matching ${what} within ${timeoutMs} ms; got ${JSON.stringify(list)}`);
      await new Promise((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, Math.max(1, deadline - Date.now()));
      });
    }
  };

  /** The remote participants now in the room: identity, kind (`agent`, `standard`…) and attributes. */
  const participants = () =>
    [...room.remoteParticipants.values()].map((p) => ({
      identity: p.identity,
      kind: PARTICIPANT_KINDS[p.kind] ?? String(p.kind),
      attributes: { ...p.attributes },
    }));

  /** The first remote audio track of `identity` (any remote participant when omitted), waiting up to `timeoutMs`. */
  const remoteAudio = async (identity, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const participant of room.remoteParticipants.values()) {
        if (identity && participant.identity !== identity) continue;
        for (const publication of participant.trackPublications.values()) {
          if (publication.kind === TrackKind.KIND_AUDIO && publication.track) return publication.track;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no audio track from ${identity ?? 'anyone'} within ${timeoutMs} ms`);
  };

  return {
    room,
    identity: room.localParticipant.identity,
    chats,
    transcriptions,
    agentEvents,

    /** Publishes `path` as a microphone track, looping it until `stop()`; resolves once the track is published. */
    async publishWav(path, { loop = true } = {}) {
      const { samples, rate } = readWav(path);
      const source = new AudioSource(rate, 1);
      const track = LocalAudioTrack.createAudioTrack('wav', source);
      const options = new TrackPublishOptions();
      options.source = TrackSource.SOURCE_MICROPHONE;
      const publication = await room.localParticipant.publishTrack(track, options);
      const frame = rate / 100; // 10 ms frames, as WebRTC takes them
      let stopped = false;
      const pump = (async () => {
        do {
          for (let at = 0; at + frame <= samples.length && !stopped; at += frame) {
            await source.captureFrame(new AudioFrame(samples.slice(at, at + frame), rate, 1, frame));
          }
        } while (loop && !stopped);
      })().catch(() => undefined);
      publishing = publishingOf(publication, source, pump, () => {
        stopped = true;
      });
      return publishing;
    },

    /**
     * Opens a microphone as a browser does: a published track that sends silence until `play(path)` speaks a WAV
     * file into it (16 kHz mono, like the fixtures), then silence again. `subscribed` resolves once another
     * participant (the agent) listens. `play` resolves when the file has been sent, with `speechEndsAt`: when its
     * last loud 10 ms went out (Date.now() time), for a rough latency.
     */
    async openMicrophone(rate = 16_000) {
      const source = new AudioSource(rate, 1);
      const track = LocalAudioTrack.createAudioTrack('microphone', source);
      const options = new TrackPublishOptions();
      options.source = TrackSource.SOURCE_MICROPHONE;
      const subscribed = new Promise((resolve) => {
        const onSubscribed = (local) => {
          if (local.sid !== track.sid) return;
          room.off(RoomEvent.LocalTrackSubscribed, onSubscribed);
          resolve();
        };
        room.on(RoomEvent.LocalTrackSubscribed, onSubscribed);
      });
      const publication = await room.localParticipant.publishTrack(track, options);
      const frame = rate / 100;
      const silence = new Int16Array(frame);
      const queue = [];
      let stopped = false;
      const pump = (async () => {
        while (!stopped) {
          const playing = queue[0];
          if (!playing) {
            await source.captureFrame(new AudioFrame(silence, rate, 1, frame));
            continue;
          }
          const at = playing.at;
          playing.at += frame;
          const chunk = playing.samples.slice(at, at + frame);
          const data = chunk.length === frame ? chunk : Int16Array.from({ length: frame }, (_, i) => chunk[i] ?? 0);
          await source.captureFrame(new AudioFrame(data, rate, 1, frame));
          // The source queues ahead of real time: the frame is heard once what is queued before it has played.
          if (at + frame >= playing.lastLoud && playing.speechEndsAt === undefined) playing.speechEndsAt = Date.now() + source.queuedDuration;
          if (playing.at >= playing.samples.length) {
            queue.shift();
            playing.done({ speechEndsAt: playing.speechEndsAt ?? Date.now() });
          }
        }
      })().catch(() => undefined);
      publishing = publishingOf(publication, source, pump, () => {
        stopped = true;
      });
      return {
        sid: publication.sid,
        subscribed,
        play(path) {
          const wav = readWav(path);
          if (wav.rate !== rate) throw new Error(`${path}: ${wav.rate} Hz, the microphone sends ${rate} Hz`);
          let lastLoud = 0;
          for (let at = 0; at + frame <= wav.samples.length; at += frame) {
            if (dbfs(wav.samples.subarray(at, at + frame)) > LOUD_DBFS) lastLoud = at + frame;
          }
          return new Promise((done) => queue.push({ samples: wav.samples, at: 0, lastLoud, speechEndsAt: undefined, done }));
        },
        stop: () => publishing.stop(),
      };
    },

    /**
     * Publishes a track that carries nothing, of `kind` ('audio' or 'video') and LiveKit `source` ('microphone',
     * 'camera', 'screen_share_audio'…), for tests about what is published rather than what it sounds like.
     */
    async publishQuietTrack(kind, source) {
      const options = new TrackPublishOptions();
      options.source = TrackSource[`SOURCE_${source.toUpperCase().replace('SCREEN_SHARE', 'SCREENSHARE')}`];
      const track =
        kind === 'video'
          ? LocalVideoTrack.createVideoTrack(source, new VideoSource(16, 16))
          : LocalAudioTrack.createAudioTrack(source, new AudioSource(16_000, 1));
      const publication = await room.localParticipant.publishTrack(track, options);
      return publication.sid;
    },

    /**
     * Listens to `identity`'s audio for `ms` and answers its loudness: dBFS of the whole window and of its
     * loudest 100 ms.
     */
    async measureAudio(identity, ms) {
      const track = await remoteAudio(identity);
      const stream = new AudioStream(track, { sampleRate: 16_000, numChannels: 1 });
      const chunks = [];
      // Date.now() when each 10 ms of audio (160 samples) arrived.
      const arrivals = [];
      const reader = stream.getReader();
      const deadline = Date.now() + ms;
      try {
        while (Date.now() < deadline) {
          const next = await Promise.race([reader.read(), new Promise((resolve) => setTimeout(() => resolve(undefined), Math.max(1, deadline - Date.now())))]);
          if (!next || next.done) break;
          chunks.push(Int16Array.from(next.value.data));
          const now = Date.now();
          for (let n = 0; n < next.value.data.length; n += 160) arrivals.push(now);
        }
      } finally {
        reader.releaseLock();
        await stream.cancel().catch(() => undefined);
      }
      const all = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.length;
      }
      let peak = -Infinity;
      let firstLoudAt;
      for (let i = 0; i + 1_600 <= all.length; i += 1_600) {
        const level = dbfs(all.subarray(i, i + 1_600));
        peak = Math.max(peak, level);
        // When that window arrived: the stream is read as it plays, so arrival times are real time.
        if (firstLoudAt === undefined && level > LOUD_DBFS) firstLoudAt = arrivals[Math.floor(i / 160)];
      }
      return { samples: all.length, dbfs: dbfs(all), peakDbfs: peak, firstLoudAt };
    },

    /** Sends a chat line as the widget does (reliable data packet on the chat topic). */
    async sendChat(text) {
      await room.localParticipant.publishData(new TextEncoder().encode(text), { reliable: true, topic: CHAT_TOPIC });
    },

    /** Resolves with the first chat line `match` accepts (a string: equal text), waiting up to `timeoutMs`. */
    waitForChat(match, timeoutMs = 10_000) {
      const test = typeof match === 'string' ? (c) => c.text === match : match;
      return waitIn(chats, test, timeoutMs, 'chat line');
    },

    /** Sends typed text as LiveKit's agent clients do: a text stream on `topic` (default `lk.chat`). */
    async sendText(text, topic = AGENT_CHAT_TOPIC) {
      await room.localParticipant.sendText(text, { topic });
    },

    /** Resolves with the first finished `lk.transcription` stream `match` accepts, waiting up to `timeoutMs`. */
    waitForTranscription(match, timeoutMs = 10_000) {
      return waitIn(transcriptions, match, timeoutMs, 'transcription');
    },

    /** Resolves with the first message on the agent's event topic whose event `match` accepts (a string: that `type`). */
    waitForAgentEvent(match, timeoutMs = 10_000) {
      const test = typeof match === 'string' ? (e) => e.type === match : match;
      return waitIn(agentEvents, (line) => test(line.event), timeoutMs, 'agent event');
    },

    /** Resolves with the first remote participant `match` accepts, as `{ identity, kind, attributes }`. */
    async waitForParticipant(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = participants().find(match);
        if (found) return found;
        if (Date.now() >= deadline) throw new Error(`no matching participant within ${timeoutMs} ms; got ${JSON.stringify(participants())}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },

    participants,

    /** Identities of the remote participants now in the room. */
    remoteIdentities() {
      return [...room.remoteParticipants.values()].map((p) => p.identity);
    },

    async leave() {
      await publishing?.stop();
      await room.disconnect();
    },
  };
}
