/**
 * WAV reading and writing in plain TypeScript, plus the few signal helpers the offline speech engines need
 * (sniffing a container by its magic bytes, resampling, loudness). No native code, no dependencies.
 */
import { ProviderError } from '../providers/types.ts';

export { resample } from './resample.ts';

/** A decoded WAV file, mixed down to one channel. */
export interface WavAudio {
  readonly sampleRate: number;
  /** Channels in the file (the samples are already mixed down to mono). */
  readonly channels: number;
  /** Mono samples in -1..1. */
  readonly samples: Float32Array;
  readonly durationSeconds: number;
}

/** Container formats recognised by `sniffAudioFormat`. */
export type AudioFormat = 'wav' | 'webm' | 'ogg' | 'mp3' | 'mp4' | 'flac';

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_ALAW = 0x0006;
const FORMAT_MULAW = 0x0007;
const FORMAT_EXTENSIBLE = 0xfffe;
// Writers that stream (espeak-ng --stdout, sox or ffmpeg into a pipe) cannot seek back to fill in sizes and
// write a huge placeholder (0x7ffff000, 0xffffffff). No upload we accept comes near 2 GB, so a size this
// large means "until the end of the file", not a truncated file.
const STREAMED_SIZE = 0x7fff0000;

/** Decodes a RIFF/WAVE file; throws ProviderError('unsupported_audio') on anything it cannot read. */
export function parseWav(bytes: Uint8Array): WavAudio {
  if (bytes.length < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') {
    const found = sniffAudioFormat(bytes);
    throw unsupported(found ? `This is ${describe(found)} audio, not WAV.` : 'This file is not a WAV file.');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: { offset: number; size: number } | undefined;
  let data: { offset: number; size: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = ascii(bytes, offset);
    const declared = view.getUint32(offset + 4, true);
    const start = offset + 8;
    const available = bytes.length - start;
    if (id === 'data' && declared > available && declared >= STREAMED_SIZE) {
      data = { offset: start, size: available };
      break;
    }
    if (declared > available) {
      // Damaged metadata after the audio (a cut-off LIST chunk) costs nothing; a cut-off audio chunk does.
      if (data) break;
      throw unsupported(`The WAV file is truncated: its "${printable(id)}" chunk needs ${declared} bytes but ${available} remain.`);
    }
    if (id === 'fmt ') fmt = { offset: start, size: declared };
    else if (id === 'data') data = { offset: start, size: declared };
    // Chunks are padded to an even length, and the pad byte is not counted in the declared size.
    offset = start + declared + (declared % 2);
  }
  if (!fmt) throw unsupported('The WAV file has no "fmt " chunk, so its sample format is unknown.');
  if (!data) throw unsupported('The WAV file has no "data" chunk: it holds no audio.');
  if (fmt.size < 16) throw unsupported('The WAV file\'s "fmt " chunk is too short.');

  let format = view.getUint16(fmt.offset, true);
  const channels = view.getUint16(fmt.offset + 2, true);
  const sampleRate = view.getUint32(fmt.offset + 4, true);
  const blockAlign = view.getUint16(fmt.offset + 12, true);
  const bits = view.getUint16(fmt.offset + 14, true);
  if (format === FORMAT_EXTENSIBLE) {
    // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of the SubFormat GUID.
    if (fmt.size < 40) throw unsupported('The WAV file\'s extensible "fmt " chunk is too short.');
    format = view.getUint16(fmt.offset + 24, true);
  }
  if (channels < 1 || channels > 32) throw unsupported(`The WAV file declares ${channels} channels.`);
  if (sampleRate < 1000 || sampleRate > 384_000) throw unsupported(`The WAV file declares a sample rate of ${sampleRate} Hz.`);
  const decoder = sampleDecoder(format, bits, view);
  const bytesPerSample = bits / 8;
  if (blockAlign !== bytesPerSample * channels) {
    throw unsupported(`The WAV file's block size (${blockAlign}) does not match ${channels} channel(s) of ${bits}-bit samples.`);
  }

  // A partial last frame (a recorder stopped mid-write) is dropped rather than refused.
  const frames = Math.floor(data.size / blockAlign);
  const samples = new Float32Array(frames);
  for (let frame = 0, at = data.offset; frame < frames; frame++) {
    let sum = 0;
    for (let ch = 0; ch < channels; ch++, at += bytesPerSample) sum += decoder(at);
    samples[frame] = sum / channels;
  }
  return { sampleRate, channels, samples, durationSeconds: frames / sampleRate };
}

/** Returns a function reading one sample at a byte offset as -1..1, or throws for formats we do not read. */
function sampleDecoder(format: number, bits: number, view: DataView): (at: number) => number {
  if (format === FORMAT_PCM) {
    switch (bits) {
      case 8: return (at) => (view.getUint8(at) - 128) / 128; // 8-bit WAV is unsigned
      case 16: return (at) => view.getInt16(at, true) / 32768;
      case 24: return (at) => ((view.getInt8(at + 2) << 16) | (view.getUint8(at + 1) << 8) | view.getUint8(at)) / 8_388_608;
      case 32: return (at) => view.getInt32(at, true) / 2_147_483_648;
    }
    throw unsupported(`${bits}-bit PCM WAV is not supported (use 8, 16, 24 or 32-bit).`);
  }
  if (format === FORMAT_FLOAT) {
    if (bits === 32) return (at) => clampUnit(view.getFloat32(at, true));
    if (bits === 64) return (at) => clampUnit(view.getFloat64(at, true));
    throw unsupported(`${bits}-bit float WAV is not supported.`);
  }
  // G.711 is what telephone systems record, which a call center may well upload.
  if ((format === FORMAT_MULAW || format === FORMAT_ALAW) && bits === 8) {
    const table = format === FORMAT_MULAW ? MULAW : ALAW;
    return (at) => table[view.getUint8(at)]!;
  }
  throw unsupported(`WAV sample format 0x${format.toString(16)} (${bits}-bit) is not supported; use PCM.`);
}

/** Encodes samples as a 16-bit mono PCM WAV file. Float samples are clipped to -1..1. */
export function encodeWav(samples: Float32Array | Int16Array, sampleRate: number): Uint8Array {
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  writeAscii(out, 0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  writeAscii(out, 8, 'WAVE');
  writeAscii(out, 12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  writeAscii(out, 36, 'data');
  view.setUint32(40, dataBytes, true);
  if (samples instanceof Int16Array) {
    for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i]!, true);
  } else {
    for (let i = 0; i < samples.length; i++) {
      const s = clampUnit(samples[i]!);
      view.setInt16(44 + i * 2, s < 0 ? Math.round(s * 32768) : Math.round(s * 32767), true);
    }
  }
  return out;
}

/** Names the container of an audio file from its first bytes, or undefined when it is none we know. */
export function sniffAudioFormat(bytes: Uint8Array): AudioFormat | undefined {
  if (bytes.length < 4) return undefined;
  const head = ascii(bytes, 0);
  if (head === 'RIFF' && bytes.length >= 12 && ascii(bytes, 8) === 'WAVE') return 'wav';
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'webm'; // EBML
  if (head === 'OggS') return 'ogg';
  if (head === 'fLaC') return 'flac';
  if (bytes.length >= 8 && ascii(bytes, 4) === 'ftyp') return 'mp4';
  if (head.startsWith('ID3')) return 'mp3';
  // An MPEG audio frame header: 11 sync bits, a real version (not "reserved") and a layer other than 00,
  // which is ADTS AAC's marker rather than MP3's.
  const b1 = bytes[1]!;
  if (bytes[0] === 0xff && (b1 & 0xe0) === 0xe0 && ((b1 >> 3) & 3) !== 1 && ((b1 >> 1) & 3) !== 0) return 'mp3';
  return undefined;
}

/** Root mean square of the samples (0 for none): the usual loudness measure, 1.0 is a full-scale square wave. */
export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

/** The loudest short window's RMS: unlike `rms`, a short word in a long quiet recording still counts. */
export function peakWindowRms(samples: Float32Array, sampleRate: number, windowSeconds = 0.05): number {
  const size = Math.max(1, Math.round(sampleRate * windowSeconds));
  let best = 0;
  for (let start = 0; start < samples.length; start += size) {
    best = Math.max(best, rms(samples.subarray(start, Math.min(samples.length, start + size))));
  }
  return best;
}

function unsupported(detail: string): ProviderError {
  return new ProviderError('unsupported_audio', `${detail} Please send a WAV recording (16-bit PCM).`);
}

function describe(format: AudioFormat): string {
  return { wav: 'WAV', webm: 'WebM', ogg: 'Ogg', mp3: 'MP3', mp4: 'MP4/M4A', flac: 'FLAC' }[format];
}

function ascii(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

function printable(id: string): string {
  return id.replace(/[^\x20-\x7e]/g, '?');
}

function writeAscii(out: Uint8Array, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
}

function clampUnit(value: number): number {
  // NaN in a float WAV would poison every later sum; treat it as silence.
  return value > 1 ? 1 : value < -1 ? -1 : value === value ? value : 0;
}

// G.711 decoding tables (ITU-T G.711), built once.
const MULAW = new Float32Array(256);
const ALAW = new Float32Array(256);
for (let i = 0; i < 256; i++) {
  const u = ~i & 0xff;
  const magnitude = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  MULAW[i] = ((u & 0x80 ? 0x84 - magnitude : magnitude - 0x84) / 32768);
  const a = i ^ 0x55;
  const exponent = (a & 0x70) >> 4;
  let value = (a & 0x0f) << 4;
  value = exponent === 0 ? value + 8 : (value + 0x108) << (exponent - 1);
  ALAW[i] = (a & 0x80 ? value : -value) / 32768;
}
