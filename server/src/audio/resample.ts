/**
 * Sample-rate conversion by windowed-sinc interpolation (a band-limited resampler in the manner of
 * libsamplerate's "sinc" converters, with a precomputed kernel table). Speech recognizers want 16 kHz; browsers
 * record at 44.1 or 48 kHz and telephones at 8 kHz.
 */

/**
 * Zero crossings of the sinc on each side. 16 with a Blackman window gives a transition band of about 2.7 kHz
 * at a 16 kHz output, centred on 7.5 kHz: what little folds back lands above 7 kHz, beyond the highest filter
 * of the speech recognizer (6.8 kHz), and speech keeps everything below 6 kHz.
 */
const ZERO_CROSSINGS = 16;
/** Kernel table entries per zero crossing; the kernel is linearly interpolated between them. */
const RESOLUTION = 256;
/** Cut-off as a fraction of the lower Nyquist frequency, leaving room for the window's transition band. */
const ROLLOFF = 0.94;

const KERNEL = buildKernel();

/** Resamples mono samples from one rate to another; a downsample is low-pass filtered first, so no aliasing. */
export function resample(samples: Float32Array, from: number, to: number): Float32Array {
  const plan = planResample(samples, from, to);
  if (!plan) return samples.slice();
  plan.run(0, plan.out.length);
  return plan.out;
}

/**
 * The same, computed in slices of `slice` output samples with a turn of the event loop between them, so a long
 * upload being resampled never holds up other requests for more than a slice (a few milliseconds).
 */
export async function resampleInSlices(samples: Float32Array, from: number, to: number, slice = 16_384): Promise<Float32Array> {
  const plan = planResample(samples, from, to);
  if (!plan) return samples.slice();
  for (let start = 0; start < plan.out.length; start += slice) {
    plan.run(start, Math.min(plan.out.length, start + slice));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return plan.out;
}

/**
 * Whether converting `from` to `to` takes the precomputed (polyphase) path — the usual rates do — rather than the
 * per-tap kernel evaluation, which costs many times more per sample: at an odd rate such as 383,999 Hz, one
 * 10 MB upload held the server for over 2 s. A recognizer refuses such rates.
 */
export function isUsualRate(from: number, to: number): boolean {
  if (!(Number.isInteger(from) && Number.isInteger(to) && from > 0 && to > 0)) return false;
  return to / gcd(from, to) <= MAX_PHASES;
}

interface Plan {
  readonly out: Float32Array;
  /** Fills `out[start..end)`. */
  run(start: number, end: number): void;
}

function planResample(samples: Float32Array, from: number, to: number): Plan | undefined {
  if (!(from > 0 && to > 0)) throw new RangeError(`resample: rates must be positive, got ${from} -> ${to}`);
  if (from === to) return undefined;
  const out = new Float32Array(Math.round((samples.length * to) / from));
  // Below the input's Nyquist when downsampling: the kernel is stretched and scaled to cut at the output's.
  const scale = Math.min(1, to / from) * ROLLOFF;
  const halfWidth = ZERO_CROSSINGS / scale;
  const divisor = Number.isInteger(from) && Number.isInteger(to) ? gcd(from, to) : 0;
  const phases = divisor ? to / divisor : Infinity;
  // The usual rates (48k, 44.1k, 22.05k, 8k -> 16k) repeat after at most a few hundred output samples, so
  // their weights are computed once per phase: about 4x faster than interpolating the kernel per tap.
  if (phases <= MAX_PHASES) {
    const weights = polyphaseWeights(phases, scale, halfWidth);
    return { out, run: (start, end) => resamplePolyphase(samples, from / divisor, phases, weights, out, start, end, halfWidth) };
  }
  return { out, run: (start, end) => resampleDirect(samples, from / to, out, start, end, scale, halfWidth) };
}

/** Most phases precomputed (44.1k -> 16k needs 160); beyond it the kernel is evaluated per tap instead. */
const MAX_PHASES = 1024;

function polyphaseWeights(phases: number, scale: number, halfWidth: number): Float32Array {
  const reach = Math.ceil(halfWidth);
  const taps = 2 * reach;
  const weights = new Float32Array(phases * taps);
  for (let phase = 0; phase < phases; phase++) {
    for (let k = 0; k < taps; k++) weights[phase * taps + k] = kernelAt(phase / phases - (k - reach + 1), scale) * scale;
  }
  return weights;
}

function resamplePolyphase(samples: Float32Array, step: number, phases: number, weights: Float32Array, out: Float32Array, start: number, end: number, halfWidth: number): void {
  // Output i sits at input position (i * step) / phases = base + phase / phases.
  const reach = Math.ceil(halfWidth);
  const taps = 2 * reach;
  const last = samples.length - 1;
  for (let i = start; i < end; i++) {
    const position = i * step;
    const base = Math.floor(position / phases);
    const phase = position - base * phases;
    const first = base - reach + 1;
    const row = phase * taps;
    let sum = 0;
    if (first >= 0 && first + taps - 1 <= last) {
      for (let k = 0; k < taps; k++) sum += samples[first + k]! * weights[row + k]!;
    } else {
      for (let k = 0; k < taps; k++) {
        const j = first + k;
        if (j >= 0 && j <= last) sum += samples[j]! * weights[row + k]!;
      }
    }
    out[i] = sum;
  }
}

function resampleDirect(samples: Float32Array, step: number, out: Float32Array, start: number, end: number, scale: number, halfWidth: number): void {
  const last = samples.length - 1;
  for (let i = start; i < end; i++) {
    const center = i * step;
    const first = Math.max(0, Math.ceil(center - halfWidth));
    const end = Math.min(last, Math.floor(center + halfWidth));
    let sum = 0;
    for (let j = first; j <= end; j++) sum += samples[j]! * kernelAt(center - j, scale);
    out[i] = sum * scale;
  }
}

/** The windowed sinc at `distance` input samples from the output position, for cut-off `scale`. */
function kernelAt(distance: number, scale: number): number {
  const position = Math.abs(distance) * scale * RESOLUTION;
  const index = Math.floor(position);
  if (index >= KERNEL.length - 1) return 0;
  const fraction = position - index;
  return KERNEL[index]! + (KERNEL[index + 1]! - KERNEL[index]!) * fraction;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** sinc(x) * Blackman window, sampled from x = 0 to ZERO_CROSSINGS at RESOLUTION points per unit. */
function buildKernel(): Float32Array {
  const size = ZERO_CROSSINGS * RESOLUTION + 2;
  const kernel = new Float32Array(size);
  for (let k = 0; k < size; k++) {
    const x = k / RESOLUTION;
    if (x >= ZERO_CROSSINGS) continue;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    // Blackman over the whole kernel span (-Z..Z): 0.42 + 0.5 cos(pi x/Z) + 0.08 cos(2 pi x/Z).
    const w = 0.42 + 0.5 * Math.cos((Math.PI * x) / ZERO_CROSSINGS) + 0.08 * Math.cos((2 * Math.PI * x) / ZERO_CROSSINGS);
    kernel[k] = sinc * w;
  }
  return kernel;
}
