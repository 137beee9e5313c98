/**
 * Turns an AnalyserNode's spectrum into equalizer bars: log-spaced bands over the voice range, each band's
 * loudest bin mapped from decibels to 0..1. Pure functions, so the mapping is tested without a microphone.
 */

/** A band as fractional FFT bin positions `[from, to)`. */
export interface Band {
  readonly from: number;
  readonly to: number;
}

/** Where the bars sit in frequency and how decibels map to bar height. */
export interface BandOptions {
  /** Lowest frequency shown, Hz (default 80: below that a voice has nothing). */
  readonly lowHz?: number;
  /** Highest frequency shown, Hz (default 8000: above that there is little speech energy). */
  readonly highHz?: number;
}

/** `count` log-spaced bands between lowHz and highHz, as FFT bin positions for `fftSize` at `sampleRate`. */
export function logBands(count: number, sampleRate: number, fftSize: number, options: BandOptions = {}): Band[] {
  const binHz = sampleRate / fftSize;
  const nyquist = sampleRate / 2;
  const low = options.lowHz ?? 80;
  const high = Math.min(options.highHz ?? 8000, nyquist);
  const bands: Band[] = [];
  for (let i = 0; i < count; i++) {
    const from = low * (high / low) ** (i / count);
    const to = low * (high / low) ** ((i + 1) / count);
    bands.push({ from: from / binHz, to: to / binHz });
  }
  return bands;
}

/**
 * Fills `out` with one 0..1 value per band from `spectrumDb` (AnalyserNode.getFloatFrequencyData):
 * `minDb` and below is 0, `maxDb` and above is 1. A band narrower than a bin (the low bands of a small FFT)
 * reads the spectrum interpolated at its centre, so neighbouring low bars still differ a little.
 */
export function bandLevels(spectrumDb: Float32Array, bands: readonly Band[], minDb: number, maxDb: number, out: number[]): void {
  const last = spectrumDb.length - 1;
  for (let b = 0; b < bands.length; b++) {
    const { from, to } = bands[b];
    let db = -Infinity;
    const first = Math.ceil(from);
    const end = Math.min(Math.ceil(to), last + 1);
    if (end > first) {
      for (let i = first; i < end; i++) db = Math.max(db, spectrumDb[i]);
    } else {
      const centre = Math.min((from + to) / 2, last);
      const i = Math.floor(centre);
      const t = centre - i;
      const a = spectrumDb[i];
      const c = spectrumDb[Math.min(i + 1, last)];
      // Interpolating -Infinity (digital silence) would give NaN; silence stays silence.
      db = a === -Infinity || c === -Infinity ? Math.max(a, c) : a + (c - a) * t;
    }
    out[b] = clamp01((db - minDb) / (maxDb - minDb));
  }
}

/** Overall loudness 0..1 from time-domain samples: RMS in dBFS mapped from `floorDb`..0 dB. */
export function rmsLevel(samples: Float32Array, floorDb = -60): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  if (rms === 0) return 0;
  return clamp01((20 * Math.log10(rms) - floorDb) / -floorDb);
}

function clamp01(x: number): number {
  return x > 0 ? (x < 1 ? x : 1) : 0; // NaN -> 0
}
