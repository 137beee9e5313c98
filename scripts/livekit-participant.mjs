// A second participant in a real LiveKit room, in Node, with LiveKit's own @livekit/rtc-node: what the tests use
// to stand where a staff member or an agent worker would — hear the customer, speak to them from a WAV file and
// exchange chat lines on the widget's data-channel topic.
import { readFileSync } from 'node:fs';

/** The widget's chat topic (widget/src/transports/livekit-transport.ts). */
export const CHAT_TOPIC = 'ccw-chat';

// rtc-node logs every step at debug level unless NODE_ENV is production; the tests read their own output.
const previousEnv = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
const rtc = await import('@livekit/rtc-node');
process.env.NODE_ENV = previousEnv;
if (previousEnv === undefined) delete process.env.NODE_ENV;
const { AudioFrame, AudioSource, AudioStream, LocalAudioTrack, LocalVideoTrack, Room, RoomEvent, TrackKind, TrackPublishOptions, TrackSource, VideoSource } = rtc;

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
  const chatWaiters = [];
  const onChat = (text, from) => {
    chats.push({ text, from });
    for (const waiter of chatWaiters.splice(0)) waiter();
  };
  room.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
    if (topic === CHAT_TOPIC) onChat(new TextDecoder().decode(payload), participant?.identity ?? '');
  });
  room.registerTextStreamHandler(CHAT_TOPIC, async (reader, info) => onChat(await reader.readAll(), info.identity));
  await room.connect(wsUrl, token, { autoSubscribe: true, dynacast: false });
  let publishing;

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
      publishing = {
        sid: publication.sid,
        async stop() {
          stopped = true;
          await pump;
          await room.localParticipant.unpublishTrack(publication.sid).catch(() => undefined);
          await source.close().catch?.(() => undefined);
        },
      };
      return publishing;
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
      const reader = stream.getReader();
      const deadline = Date.now() + ms;
      try {
        while (Date.now() < deadline) {
          const next = await Promise.race([reader.read(), new Promise((resolve) => setTimeout(() => resolve(undefined), Math.max(1, deadline - Date.now())))]);
          if (!next || next.done) break;
          chunks.push(Int16Array.from(next.value.data));
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
      for (let i = 0; i + 1_600 <= all.length; i += 1_600) peak = Math.max(peak, dbfs(all.subarray(i, i + 1_600)));
      return { samples: all.length, dbfs: dbfs(all), peakDbfs: peak };
    },

    /** Sends a chat line as the widget does (reliable data packet on the chat topic). */
    async sendChat(text) {
      await room.localParticipant.publishData(new TextEncoder().encode(text), { reliable: true, topic: CHAT_TOPIC });
    },

    /** Resolves with the first chat line `match` accepts (a string: equal text), waiting up to `timeoutMs`. */
    async waitForChat(match, timeoutMs = 10_000) {
      const test = typeof match === 'string' ? (c) => c.text === match : match;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = chats.find(test);
        if (found) return found;
        if (Date.now() >= deadline) throw new Error(`no matching chat line within ${timeoutMs} ms; got ${JSON.stringify(chats)}`);
        await new Promise((resolve) => {
          chatWaiters.push(resolve);
          setTimeout(resolve, Math.max(1, deadline - Date.now()));
        });
      }
    },

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
