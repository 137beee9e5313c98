/**
 * Sample-rate conversion for the capture path (the mic runs at the context's 44.1/48 kHz; speech-to-text wants
 * 16 kHz). A windowed-sinc low-pass evaluated at each output instant: it removes what would alias above the
 * new Nyquist frequency before decimating, and interpolates between input samples. Kernels are cached per
 * fractional phase, so 48 kHz -> 16 kHz (an integer ratio) uses a single kernel.
 */

/** Zero crossings of the sinc on each side: 8 gives ~60 dB stop band with a Hann window, plenty for speech. */
const ZERO_CROSSINGS = 8;
/** Fractional positions are rounded to 1/PHASES of an input sample (error far below 16-bit resolution). */
const PHASES = 64;
/** The pass band ends a little below the output Nyquist frequency so the transition band does not alias. */
const CUTOFF = 0.92;

/** A streaming resampler: feed chunks of any size, get the converted samples produced so far. */
export class StreamResampler {
  /** Input samples per output sample. */
  private readonly ratio: number;
  /** Taps on each side of the output instant. */
  private readonly reach: number;
  private readonly kernels = new Map<number, Float32Array>();
  private readonly cutoff: number;
  private pending: Float32Array;
  /** Absolute input index of `pending[0]`. */
  private pendingStart: number;
  private produced = 0;
  private consumed = 0;

  constructor(
    readonly inRate: number,
    readonly outRate: number,
  ) {
    if (!(inRate > 0 && outRate > 0)) throw new RangeError(`Cannot resample ${inRate} Hz to ${outRate} Hz.`);
    this.ratio = inRate / outRate;
    // Cutoff in cycles per input sample: the lower of the two Nyquist frequencies.
    this.cutoff = 0.5 * Math.min(1, 1 / this.ratio) * CUTOFF;
    this.reach = Math.ceil(ZERO_CROSSINGS / (2 * this.cutoff));
    // The stream is silent before its first sample, so the first outputs see zeros on their left.
    this.pending = new Float32Array(this.reach);
    this.pendingStart = -this.reach;
  }

  /** Converts the next chunk; returns the output samples that are complete (a few input samples stay pending). */
  push(input: Float32Array): Float32Array {
    if (this.inRate === this.outRate) {
      this.consumed += input.length;
      this.produced += input.length;
      return input.slice();
    }
    this.consumed += input.length;
    const joined = new Float32Array(this.pending.length + input.length);
    joined.set(this.pending);
    joined.set(input, this.pending.length);
    this.pending = joined;
    return this.drain(Infinity);
  }

  /** Ends the stream: returns the remaining output, as if silence followed. */
  flush(): Float32Array {
    if (this.inRate === this.outRate) return new Float32Array(0);
    const total = Math.ceil((this.consumed * this.outRate) / this.inRate);
    const tail = new Float32Array(this.pending.length + this.reach + 2);
    tail.set(this.pending);
    this.pending = tail;
    return this.drain(total);
  }

  private drain(limit: number): Float32Array {
    const out: number[] = [];
    const end = this.pendingStart + this.pending.length;
    const taps = 2 * this.reach + 2;
    while (this.produced < limit) {
      const at = (this.produced * this.inRate) / this.outRate;
      let base = Math.floor(at);
      let phase = Math.round((at - base) * PHASES);
      if (phase === PHASES) {
        base += 1;
        phase = 0;
      }
      const first = base - this.reach;
      if (first + taps > end) break;
      const kernel = this.kernel(phase);
      let sum = 0;
      for (let k = 0, i = first - this.pendingStart; k < taps; k++, i++) sum += kernel[k] * this.pending[i];
      out.push(sum);
      this.produced++;
    }
    // Keep only what the next output can still reach.
    const nextBase = Math.floor((this.produced * this.inRate) / this.outRate) - this.reach;
    const drop = Math.max(0, Math.min(this.pending.length, nextBase - this.pendingStart));
    if (drop > 0) {
      this.pending = this.pending.slice(drop);
      this.pendingStart += drop;
    }
    return Float32Array.from(out);
  }

  /** Normalized taps for output instants `phase / PHASES` of a sample after an input sample. */
  private kernel(phase: number): Float32Array {
    let kernel = this.kernels.get(phase);
    if (kernel) return kernel;
    const taps = 2 * this.reach + 2;
    kernel = new Float32Array(taps);
    const p = phase / PHASES;
    let total = 0;
    for (let k = 0; k < taps; k++) {
      const d = k - this.reach - p; // distance in input samples from the output instant
      const x = 2 * this.cutoff * d;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const w = Math.abs(d) >= this.reach ? 0 : 0.5 + 0.5 * Math.cos((Math.PI * d) / this.reach);
      kernel[k] = sinc * w;
      total += kernel[k];
    }
    // Unity gain at DC whatever the phase.
    for (let k = 0; k < taps; k++) kernel[k] /= total;
    this.kernels.set(phase, kernel);
    return kernel;
  }
}

/** Resamples a whole signal from `inRate` to `outRate`. */
export function resample(samples: Float32Array, inRate: number, outRate: number): Float32Array {
  if (inRate === outRate) return samples.slice();
  const resampler = new StreamResampler(inRate, outRate);
  const head = resampler.push(samples);
  const tail = resampler.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
