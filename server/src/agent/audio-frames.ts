/**
 * Between LiveKit's audio frames and our providers' audio files: the customer's utterance (frames the VAD cut)
 * becomes a WAV for a recognizer, and a synthesized reply (WAV or MP3) becomes frames at the rate the agent
 * publishes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audioFramesFromFile } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { encodeWav, parseWav, resample } from '../audio/wav.ts';
import type { SynthesizedAudio } from '../providers/types.ts';

/** Length of the frames a reply is cut into: 20 ms, WebRTC's packet size. */
const FRAME_MS = 20;
/** Quiet kept before a sentence's first sound: voices pad their start (Flite with ~230 ms), which the customer waits through. */
const LEAD_IN_MS = 40;
/** Below this a sample is quiet (about -50 dBFS). */
const QUIET = 104;

/** Frames of one utterance (as the VAD hands them over) as a 16-bit mono WAV file at their own rate. */
export function framesToWav(frames: AudioFrame | readonly AudioFrame[]): Uint8Array {
  const list = Array.isArray(frames) ? frames : [frames as AudioFrame];
  if (list.length === 0) return encodeWav(new Int16Array(0), 16_000);
  const rate = list[0]!.sampleRate;
  const total = list.reduce((n, f) => n + f.samplesPerChannel, 0);
  const mono = new Int16Array(total);
  let at = 0;
  for (const frame of list) {
    if (frame.sampleRate !== rate) throw new RangeError(`frames at ${frame.sampleRate} Hz among frames at ${rate} Hz`);
    const channels = frame.channels;
    for (let i = 0; i < frame.samplesPerChannel; i++) {
      let sum = 0;
      for (let ch = 0; ch < channels; ch++) sum += frame.data[i * channels + ch]!;
      mono[at++] = Math.round(sum / channels);
    }
  }
  return encodeWav(mono, rate);
}

/**
 * A synthesized utterance as mono frames at `sampleRate`. WAV is decoded here; MP3 (OpenAI's voices) by the
 * FFmpeg the Agents framework ships (LGPL, run as a separate process), from a temporary file.
 */
export async function synthesizedFrames(audio: SynthesizedAudio, sampleRate: number, signal?: AbortSignal): Promise<AudioFrame[]> {
  if (audio.format === 'wav') {
    const wav = parseWav(audio.data);
    return floatToFrames(resample(wav.samples, wav.sampleRate, sampleRate), sampleRate);
  }
  const dir = await mkdtemp(join(tmpdir(), 'ccw-agent-'));
  try {
    const file = join(dir, `reply.${audio.format}`);
    await writeFile(file, audio.data);
    const chunks: Int16Array[] = [];
    const stream = audioFramesFromFile(file, { sampleRate, numChannels: 1, format: audio.format, abortSignal: signal });
    for await (const frame of stream) chunks.push(frame.data);
    const joined = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      joined.set(c, at);
      at += c.length;
    }
    return int16ToFrames(withoutLeadIn(joined, sampleRate), sampleRate);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function floatToFrames(samples: Float32Array, sampleRate: number): AudioFrame[] {
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    pcm[i] = s < 0 ? Math.round(s * 32768) : Math.round(s * 32767);
  }
  return int16ToFrames(withoutLeadIn(pcm, sampleRate), sampleRate);
}

/** The samples from LEAD_IN_MS before the first sound on (a sentence's trailing pause still parts it from the next). */
export function withoutLeadIn(pcm: Int16Array, sampleRate: number): Int16Array {
  const first = pcm.findIndex((v) => v > QUIET || v < -QUIET);
  if (first < 0) return pcm;
  return pcm.subarray(Math.max(0, first - Math.round((sampleRate * LEAD_IN_MS) / 1000)));
}

/** Cuts samples into 20 ms frames; the last one is padded with silence. */
function int16ToFrames(pcm: Int16Array, sampleRate: number): AudioFrame[] {
  const size = Math.round((sampleRate * FRAME_MS) / 1000);
  const frames: AudioFrame[] = [];
  for (let at = 0; at < pcm.length; at += size) {
    const data = new Int16Array(size);
    data.set(pcm.subarray(at, Math.min(at + size, pcm.length)));
    frames.push(new AudioFrame(data, sampleRate, 1, size));
  }
  return frames;
}
