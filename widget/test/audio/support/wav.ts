/** WAV helpers for the audio tests: a strict header reader and tone generators. */
import { encodeWav } from '../../../src/audio/wav-encoder.ts';

/** What a 16-bit PCM WAV says about itself. */
export interface WavInfo {
  readonly format: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly byteRate: number;
  readonly blockAlign: number;
  readonly bitsPerSample: number;
  readonly samples: Int16Array;
  readonly durationSeconds: number;
}

/** Reads a canonical 44-byte-header WAV, throwing on any inconsistency in the RIFF structure. */
export function readWav(buffer: ArrayBuffer): WavInfo {
  const view = new DataView(buffer);
  const ascii = (offset: number) => String.fromCharCode(...new Uint8Array(buffer, offset, 4));
  if (ascii(0) !== 'RIFF' || ascii(8) !== 'WAVE') throw new Error('not RIFF/WAVE');
  if (view.getUint32(4, true) !== buffer.byteLength - 8) throw new Error(`RIFF size ${view.getUint32(4, true)} != ${buffer.byteLength - 8}`);
  if (ascii(12) !== 'fmt ' || view.getUint32(16, true) !== 16) throw new Error('no 16-byte fmt chunk');
  if (ascii(36) !== 'data') throw new Error('no data chunk at 36');
  const dataBytes = view.getUint32(40, true);
  if (dataBytes !== buffer.byteLength - 44) throw new Error(`data size ${dataBytes} != ${buffer.byteLength - 44}`);
  const sampleRate = view.getUint32(24, true);
  const samples = new Int16Array(buffer.slice(44));
  return {
    format: view.getUint16(20, true),
    channels: view.getUint16(22, true),
    sampleRate,
    byteRate: view.getUint32(28, true),
    blockAlign: view.getUint16(32, true),
    bitsPerSample: view.getUint16(34, true),
    samples,
    durationSeconds: samples.length / sampleRate,
  };
}

/** A sine of `hz` lasting `seconds` at `sampleRate`, amplitude `amplitude`. */
export function sine(hz: number, seconds: number, sampleRate: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate);
  return out;
}

/** A tone as a base64 WAV, the way the server sends sentence audio. */
export function toneBase64(hz: number, seconds: number, sampleRate = 24_000): string {
  const bytes = new Uint8Array(encodeWav(sine(hz, seconds, sampleRate, 0.3), sampleRate));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** RMS of a signal in dBFS. */
export function rmsDb(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i] * samples[i];
  return 10 * Math.log10(sum / Math.max(1, to - from) + 1e-20);
}
