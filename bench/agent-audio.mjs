// The recordings around an AI agent turn: what the customer says (the speech fixture and where its speech ends),
// what the widget would upload of it in direct mode, when the agent's VAD ends it, and how long the reply's voice
// is quiet before its first loud sound. `participant` is scripts/livekit-participant.mjs (loaded lazily by the
// benchmark), `rtc` is @livekit/rtc-node.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORIGIN, sse } from './latency.mjs';
import { round } from './stats.mjs';

/** Silero judges 512-sample windows at 16 kHz. */
const SILERO_WINDOW_MS = 32;

/** The 16-bit mono samples and the last loud 10 ms of a WAV file, as the customer's microphone plays it. */
export function speechOf(path, participant) {
  const { samples, rate } = participant.readWav(path);
  const frame = rate / 100;
  let lastLoud = 0;
  for (let at = 0; at + frame <= samples.length; at += frame) {
    if (participant.dbfs(samples.subarray(at, at + frame)) > participant.LOUD_DBFS) lastLoud = at + frame;
  }
  return { samples, rate, lastLoudMs: (lastLoud / rate) * 1000, durationMs: (samples.length / rate) * 1000 };
}


/**
 * The agent's end-of-speech detection with the VAD the worker loads (Silero at the plugin's defaults): its
 * minSilenceDuration; the earliest end it can report, since it ends an utterance in the first window whose quiet
 * is longer than that; and, offline, when it ends this recording's utterance (ms of audio after its last loud 10 ms).
 */
export async function sileroTiming(speech, rtc) {
  const { initializeLogger, VADEventType } = await import('@livekit/agents');
  const silero = await import('@livekit/agents-plugin-silero');
  initializeLogger({ pretty: false, level: 'warn' });
  const vad = await silero.VAD.load();
  const minSilenceMs = vad.minSilenceDuration;
  const timing = { minSilenceMs, windowMs: SILERO_WINDOW_MS, detectionMs: (Math.floor(minSilenceMs / SILERO_WINDOW_MS) + 1) * SILERO_WINDOW_MS, offlineEndMs: null };
  const stream = vad.stream();
  const frame = speech.rate / 100;
  // The recording, then quiet until the VAD has decided.
  const samples = new Int16Array(speech.samples.length + speech.rate * 2);
  samples.set(speech.samples);
  for (let at = 0; at + frame <= samples.length; at += frame) stream.pushFrame(new rtc.AudioFrame(samples.slice(at, at + frame), speech.rate, 1, frame));
  try {
    for await (const event of stream) {
      if (event.type !== VADEventType.END_OF_SPEECH) continue;
      timing.offlineEndMs = round(event.timestamp - speech.lastLoudMs);
      break;
    }
  } finally {
    stream.close();
  }
  return timing;
}

/**
 * How long the first sentence's synthesized audio is quiet before its first 10 ms louder than -45 dBFS (Flite's
 * voices begin with a breath of near-silence): read from an untimed direct turn's first `audio` event. The agent
 * is timed to its first loud frame; this part of that is the voice, not the pipeline.
 */
export async function replyLeadIn(url, wav, participant) {
  const form = new FormData();
  form.append('audio', new Blob([wav], { type: 'audio/wav' }), 'speech.wav');
  form.append('persona', 'reception');
  const response = await fetch(`${url}/api/voice-turn`, { method: 'POST', body: form, headers: { Accept: 'text/event-stream', Origin: ORIGIN } });
  let first;
  for await (const { event, data } of sse(response.body)) if (event === 'audio') first ??= JSON.parse(data);
  if (!first) return null;
  const dir = mkdtempSync(join(tmpdir(), 'ccw-bench-reply-'));
  try {
    let file = join(dir, `reply.${first.format}`);
    writeFileSync(file, Buffer.from(first.audio_base64, 'base64'));
    if (first.format !== 'wav') {
      // MP3 decoded by the FFmpeg the Agents framework ships, as the agent decodes it.
      const ffmpeg = createRequire(import.meta.url)('@livekit/av').getFfmpegPath();
      execFileSync(ffmpeg, ['-loglevel', 'error', '-i', file, '-ac', '1', '-ar', '16000', join(dir, 'reply.wav')]);
      file = join(dir, 'reply.wav');
    }
    const { samples, rate } = participant.readWav(file);
    const frame = rate / 100;
    for (let at = 0; at + frame <= samples.length; at += frame) {
      if (participant.dbfs(samples.subarray(at, at + frame)) > participant.LOUD_DBFS) return (at / rate) * 1000;
    }
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
