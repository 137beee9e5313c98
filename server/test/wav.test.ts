import { describe, expect, it } from 'vitest';
import { isUsualRate, resampleInSlices } from '../src/audio/resample.ts';
import { encodeWav, parseWav, peakWindowRms, resample, rms, sniffAudioFormat } from '../src/audio/wav.ts';
import { ProviderError } from '../src/providers/types.ts';

/** Builds a RIFF/WAVE file by hand, so each test controls every header field. */
function riff(chunks: Array<[string, Uint8Array]>, form = 'WAVE'): Uint8Array {
  const parts: Uint8Array[] = [ascii('RIFF'), u32(0), ascii(form)];
  for (const [id, body] of chunks) {
    parts.push(ascii(id), u32(body.length), body);
    if (body.length % 2) parts.push(new Uint8Array(1));
  }
  const out = concat(parts);
  new DataView(out.buffer).setUint32(4, out.length - 8, true);
  return out;
}

function fmt(format: number, channels: number, rate: number, bits: number): Uint8Array {
  const body = new Uint8Array(16);
  const view = new DataView(body.buffer);
  view.setUint16(0, format, true);
  view.setUint16(2, channels, true);
  view.setUint32(4, rate, true);
  view.setUint32(8, (rate * channels * bits) / 8, true);
  view.setUint16(12, (channels * bits) / 8, true);
  view.setUint16(14, bits, true);
  return body;
}

function extensibleFmt(subFormat: number, channels: number, rate: number, bits: number): Uint8Array {
  const body = new Uint8Array(40);
  body.set(fmt(0xfffe, channels, rate, bits));
  const view = new DataView(body.buffer);
  view.setUint16(16, 22, true); // cbSize
  view.setUint16(18, bits, true); // valid bits
  view.setUint32(20, channels === 2 ? 3 : 4, true); // channel mask
  view.setUint16(24, subFormat, true); // first two bytes of the SubFormat GUID
  body.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 26);
  return body;
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
function bytesOf(write: (view: DataView) => void, length: number): Uint8Array {
  const out = new Uint8Array(length);
  write(new DataView(out.buffer));
  return out;
}
function expectUnsupported(bytes: Uint8Array, message: RegExp): void {
  let caught: unknown;
  try {
    parseWav(bytes);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ProviderError);
  expect((caught as ProviderError).code).toBe('unsupported_audio');
  expect((caught as ProviderError).message).toMatch(message);
}
function sine(frequency: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  return Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / rate));
}

describe('parseWav', () => {
  it('reads back what encodeWav wrote, to 16-bit precision', () => {
    const samples = sine(440, 16_000, 0.5);
    const wav = parseWav(encodeWav(samples, 16_000));
    expect(wav).toMatchObject({ sampleRate: 16_000, channels: 1, durationSeconds: 0.5 });
    expect(wav.samples.length).toBe(samples.length);
    for (let i = 0; i < samples.length; i += 97) expect(wav.samples[i]).toBeCloseTo(samples[i]!, 4);
  });

  it('decodes 8-bit unsigned, 24-bit and 32-bit integer PCM and 32-bit float samples', () => {
    const u8 = parseWav(riff([['fmt ', fmt(1, 1, 8000, 8)], ['data', Uint8Array.from([128, 255, 0, 192])]]));
    expect(Array.from(u8.samples)).toEqual([0, 127 / 128, -1, 0.5]);

    const s24 = parseWav(riff([['fmt ', fmt(1, 1, 16_000, 24)], ['data', Uint8Array.from([0x00, 0x00, 0x40, 0x00, 0x00, 0xc0, 0xff, 0xff, 0xff])]]));
    expect(Array.from(s24.samples)).toEqual([0.5, -0.5, -1 / 8_388_608]);

    const s32 = parseWav(riff([['fmt ', fmt(1, 1, 16_000, 32)], ['data', bytesOf((v) => { v.setInt32(0, 1 << 30, true); v.setInt32(4, -(2 ** 31), true); }, 8)]]));
    expect(Array.from(s32.samples)).toEqual([0.5, -1]);

    const f32 = parseWav(riff([['fmt ', fmt(3, 1, 48_000, 32)], ['data', bytesOf((v) => { v.setFloat32(0, 0.25, true); v.setFloat32(4, 3, true); v.setFloat32(8, NaN, true); }, 12)]]));
    expect(Array.from(f32.samples)).toEqual([0.25, 1, 0]); // out-of-range clipped, NaN made silent
  });

  it('decodes telephone G.711 mu-law and A-law', () => {
    const mu = parseWav(riff([['fmt ', fmt(7, 1, 8000, 8)], ['data', Uint8Array.from([0xff, 0x80, 0x00])]]));
    expect(Array.from(mu.samples)).toEqual([0, 32124 / 32768, -32124 / 32768]);
    const a = parseWav(riff([['fmt ', fmt(6, 1, 8000, 8)], ['data', Uint8Array.from([0xd5, 0xaa, 0x2a])]]));
    expect(a.samples[0]).toBeCloseTo(8 / 32768, 8);
    expect(a.samples[1]).toBeCloseTo(32256 / 32768, 8);
    expect(a.samples[2]).toBeCloseTo(-32256 / 32768, 8);
  });

  it('mixes several channels down to one', () => {
    const data = bytesOf((v) => { v.setInt16(0, 16384, true); v.setInt16(2, -16384, true); v.setInt16(4, 16384, true); v.setInt16(6, 16384, true); }, 8);
    const wav = parseWav(riff([['fmt ', fmt(1, 2, 44_100, 16)], ['data', data]]));
    expect(wav.channels).toBe(2);
    expect(Array.from(wav.samples)).toEqual([0, 0.5]);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE files with PCM and float sub-formats', () => {
    const pcm = parseWav(riff([['fmt ', extensibleFmt(1, 2, 48_000, 16)], ['data', bytesOf((v) => { v.setInt16(0, 8192, true); v.setInt16(2, 8192, true); }, 4)]]));
    expect(Array.from(pcm.samples)).toEqual([0.25]);
    const float = parseWav(riff([['fmt ', extensibleFmt(3, 1, 48_000, 32)], ['data', bytesOf((v) => v.setFloat32(0, -0.75, true), 4)]]));
    expect(Array.from(float.samples)).toEqual([-0.75]);
  });

  it('skips chunks it does not use, including odd-sized ones with their pad byte', () => {
    const wav = parseWav(riff([
      ['LIST', ascii('INFOISFT\x05\x00\x00\x00test\x00')], // 17 bytes: odd, padded
      ['fmt ', fmt(1, 1, 16_000, 16)],
      ['fact', u32(2)],
      ['data', bytesOf((v) => { v.setInt16(0, 1000, true); v.setInt16(2, -1000, true); }, 4)],
      ['id3 ', ascii('xyz')],
    ]));
    expect(Array.from(wav.samples)).toEqual([1000 / 32768, -1000 / 32768]);
  });

  it('reads a streamed file whose header claims the 2 GB placeholder size, as espeak-ng --stdout writes', () => {
    const wav = riff([['fmt ', fmt(1, 1, 22_050, 16)], ['data', bytesOf((v) => v.setInt16(0, 4096, true), 2)]]);
    const view = new DataView(wav.buffer);
    view.setUint32(4, 0x7ffff024, true);
    view.setUint32(40, 0x7ffff000, true);
    expect(Array.from(parseWav(wav).samples)).toEqual([0.125]);
  });

  it('drops a partial last frame left by a recorder that stopped mid-write', () => {
    const wav = parseWav(riff([['fmt ', fmt(1, 2, 16_000, 16)], ['data', Uint8Array.from([0, 64, 0, 64, 0, 64])]]));
    expect(Array.from(wav.samples)).toEqual([0.5]);
  });

  it('keeps the audio when only metadata after it was cut off', () => {
    const whole = riff([['fmt ', fmt(1, 1, 16_000, 16)], ['data', bytesOf((v) => v.setInt16(0, 16384, true), 2)], ['LIST', new Uint8Array(100)]]);
    expect(Array.from(parseWav(whole.subarray(0, whole.length - 50)).samples)).toEqual([0.5]);
  });

  describe('refuses with unsupported_audio and says why', () => {
    const good = encodeWav(sine(440, 16_000, 0.25), 16_000);

    it('for bytes that are not audio at all', () => {
      expectUnsupported(new TextEncoder().encode('definitely not a wav file, just text'), /not a WAV file.*16-bit PCM/);
      expectUnsupported(new Uint8Array(0), /not a WAV file/);
    });

    it('for another container, naming it', () => {
      expectUnsupported(concat([ascii('ID3'), new Uint8Array(64)]), /MP3 audio, not WAV/);
      expectUnsupported(concat([Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3]), new Uint8Array(64)]), /WebM audio, not WAV/);
      expectUnsupported(riff([['fmt ', fmt(1, 1, 16_000, 16)]], 'AVI '), /not a WAV file/);
    });

    it('for a file cut short in its audio', () => {
      expectUnsupported(good.subarray(0, 1000), /truncated.*"data" chunk needs 8000 bytes but 956 remain/);
    });

    it('for a missing fmt or data chunk', () => {
      expectUnsupported(riff([['data', new Uint8Array(8)]]), /no "fmt " chunk/);
      expectUnsupported(riff([['fmt ', fmt(1, 1, 16_000, 16)]]), /no "data" chunk/);
    });

    it('for sample formats it does not decode', () => {
      expectUnsupported(riff([['fmt ', fmt(2, 1, 16_000, 4)], ['data', new Uint8Array(8)]]), /format 0x2 .*use PCM/);
      expectUnsupported(riff([['fmt ', fmt(1, 1, 16_000, 12)], ['data', new Uint8Array(8)]]), /12-bit PCM WAV is not supported/);
      expectUnsupported(riff([['fmt ', fmt(3, 1, 16_000, 16)], ['data', new Uint8Array(8)]]), /16-bit float/);
    });

    it('for impossible header values', () => {
      const badAlign = fmt(1, 2, 16_000, 16);
      new DataView(badAlign.buffer).setUint16(12, 3, true);
      expectUnsupported(riff([['fmt ', badAlign], ['data', new Uint8Array(8)]]), /block size \(3\)/);
      expectUnsupported(riff([['fmt ', fmt(1, 0, 16_000, 16)], ['data', new Uint8Array(8)]]), /0 channels/);
      expectUnsupported(riff([['fmt ', fmt(1, 1, 10, 16)], ['data', new Uint8Array(8)]]), /sample rate of 10 Hz/);
    });
  });
});

describe('encodeWav', () => {
  it('writes a canonical 16-bit mono PCM header with the real sizes', () => {
    const wav = encodeWav(new Float32Array(100), 22_050);
    const view = new DataView(wav.buffer);
    expect(String.fromCharCode(...wav.subarray(0, 4), ...wav.subarray(8, 16), ...wav.subarray(36, 40))).toBe('RIFFWAVEfmt data');
    expect(wav.length).toBe(44 + 200);
    expect(view.getUint32(4, true)).toBe(36 + 200);
    expect([view.getUint16(20, true), view.getUint16(22, true), view.getUint32(24, true), view.getUint16(34, true)]).toEqual([1, 1, 22_050, 16]);
    expect(view.getUint32(40, true)).toBe(200);
  });

  it('clips float samples outside -1..1 and passes Int16 samples through unchanged', () => {
    const clipped = new DataView(encodeWav(Float32Array.from([2, -2, 1, -1]), 16_000).buffer);
    expect([0, 1, 2, 3].map((i) => clipped.getInt16(44 + i * 2, true))).toEqual([32767, -32768, 32767, -32768]);
    const ints = new DataView(encodeWav(Int16Array.from([-5, 7, 32767]), 16_000).buffer);
    expect([0, 1, 2].map((i) => ints.getInt16(44 + i * 2, true))).toEqual([-5, 7, 32767]);
  });
});

describe('resampleInSlices', () => {
  it('gives what resample gives, and lets other work run between its slices', async () => {
    const input = new Float32Array(480_000).map((_, i) => Math.sin(i / 5) * 0.5);
    let ranBetween = false;
    setImmediate(() => (ranBetween = true));
    const sliced = resampleInSlices(input, 48_000, 16_000, 8_192);
    // The first slice is computed at once; the rest wait for turns of the event loop, in which the other work ran.
    const out = await sliced;
    expect(ranBetween).toBe(true);
    expect(out).toEqual(resample(input, 48_000, 16_000));
  });

  it('names the usual rates, which take the fast path', () => {
    for (const rate of [8_000, 11_025, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000, 96_000]) expect(isUsualRate(rate, 16_000), String(rate)).toBe(true);
    for (const rate of [383_999, 44_099, 12_345]) expect(isUsualRate(rate, 16_000), String(rate)).toBe(false);
  });
});

describe('resample', () => {
  it('changes the length by the ratio of the rates', () => {
    expect(resample(new Float32Array(48_000), 48_000, 16_000).length).toBe(16_000);
    expect(resample(new Float32Array(44_100), 44_100, 16_000).length).toBe(16_000);
    expect(resample(new Float32Array(8000), 8000, 16_000).length).toBe(16_000);
  });

  it('keeps a speech-band tone at the same pitch and level when downsampling and upsampling', () => {
    // 44,100 -> 16,001 shares no small divisor, so it takes the per-tap path instead of the precomputed phases.
    for (const [from, to] of [[48_000, 16_000], [44_100, 16_000], [22_050, 16_000], [8000, 16_000], [44_100, 16_001]] as const) {
      const out = resample(sine(1000, from, 0.5), from, to);
      const ideal = sine(1000, to, 0.5);
      let worst = 0;
      // Away from the edges, where the filter runs out of input.
      for (let i = 200; i < out.length - 200; i++) worst = Math.max(worst, Math.abs(out[i]! - ideal[i]!));
      expect(worst, `${from} -> ${to}`).toBeLessThan(0.005);
    }
  });

  it('filters out what the new rate cannot hold instead of folding it back as noise', () => {
    const out = resample(sine(12_000, 48_000, 0.5), 48_000, 16_000); // 12 kHz is above 16 kHz's 8 kHz limit
    expect(rms(out.subarray(200, out.length - 200))).toBeLessThan(0.001);
  });

  it('returns a copy when the rates are equal, and rejects nonsense rates', () => {
    const input = sine(300, 16_000, 0.01);
    const out = resample(input, 16_000, 16_000);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
    expect(() => resample(input, 0, 16_000)).toThrow(RangeError);
  });
});

describe('sniffAudioFormat', () => {
  it('names each container from its magic bytes', () => {
    const pad = (head: number[] | Uint8Array) => concat([Uint8Array.from(head), new Uint8Array(16)]);
    expect(sniffAudioFormat(encodeWav(new Float32Array(4), 16_000))).toBe('wav');
    expect(sniffAudioFormat(pad([0x1a, 0x45, 0xdf, 0xa3]))).toBe('webm');
    expect(sniffAudioFormat(pad(ascii('OggS')))).toBe('ogg');
    expect(sniffAudioFormat(pad(ascii('fLaC')))).toBe('flac');
    expect(sniffAudioFormat(pad(concat([u32(0x20000000), ascii('ftypM4A ')])))).toBe('mp4');
    expect(sniffAudioFormat(pad(ascii('ID3\x04')))).toBe('mp3');
    expect(sniffAudioFormat(pad([0xff, 0xfb, 0x90, 0x64]))).toBe('mp3'); // MPEG-1 Layer III frame
  });

  it('does not take ADTS AAC, other RIFF files or short input for audio it knows', () => {
    expect(sniffAudioFormat(Uint8Array.from([0xff, 0xf1, 0x50, 0x80, 0, 0, 0, 0]))).toBeUndefined();
    expect(sniffAudioFormat(concat([ascii('RIFF'), u32(4), ascii('AVI ')]))).toBeUndefined();
    expect(sniffAudioFormat(ascii('ID'))).toBeUndefined();
    expect(sniffAudioFormat(ascii('<html><body>'))).toBeUndefined();
  });
});

describe('rms and peakWindowRms', () => {
  it('measure loudness on the usual scale', () => {
    expect(rms(Float32Array.from({ length: 100 }, (_, i) => (i % 2 ? 1 : -1)))).toBe(1);
    expect(rms(sine(440, 16_000, 1, 0.5))).toBeCloseTo(0.5 / Math.SQRT2, 3);
    expect(rms(new Float32Array(0))).toBe(0);
  });

  it('peakWindowRms finds a short sound in a long quiet recording that the overall rms hides', () => {
    const samples = new Float32Array(16_000 * 10);
    samples.set(sine(440, 16_000, 0.1, 0.5), 16_000 * 5);
    expect(rms(samples)).toBeLessThan(0.04);
    expect(peakWindowRms(samples, 16_000)).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });
});
