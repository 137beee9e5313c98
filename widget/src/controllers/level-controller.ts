/**
 * The live mic level for the equalizer: an AnalyserNode on the shared AudioContext, read once per animation
 * frame into log-spaced voice-band bars and an overall RMS level.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getAudioContext } from '../audio/audio-context.ts';
import { bandLevels, logBands, rmsLevel, type Band } from '../audio/band-levels.ts';

/** Options of the level meter. */
export interface LevelOptions {
  /** Number of bars (default 20). */
  bars?: number;
}

// 512 points at 48 kHz is ~94 Hz per bin and ~11 ms of signal: fine enough for 20 bars, cheap every frame.
const FFT_SIZE = 512;
// Some smoothing so bars fall back gently between syllables instead of flickering.
const SMOOTHING = 0.6;
// The spectrum range mapped to bar heights: a voice at a normal distance fills the upper half, room noise
// after the browser's noise suppression stays near the bottom.
const MIN_DB = -85;
const MAX_DB = -20;

/** Reads the mic's spectrum and loudness every animation frame while started; the element draws them. */
export class LevelController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly count: number;
  private values: number[];
  private loudness = 0;
  private source: MediaStreamAudioSourceNode | undefined;
  private analyser: AnalyserNode | undefined;
  private bands: Band[] = [];
  private spectrum = new Float32Array(0);
  private waveform = new Float32Array(0);
  private frame = 0;

  constructor(host: ReactiveControllerHost, options: LevelOptions = {}) {
    this.host = host;
    this.count = Math.max(1, Math.floor(options.bars ?? 20));
    this.values = new Array<number>(this.count).fill(0);
    host.addController(this);
  }

  /** 20 values in 0..1, low to high frequency bands, updated every animation frame while running; all 0 when stopped. */
  get bars(): readonly number[] {
    return this.values;
  }

  /** Overall level 0..1 (RMS-based), for the screen-reader text alternative. */
  get level(): number {
    return this.loudness;
  }

  /** Whether the meter is reading a stream. */
  get running(): boolean {
    return this.analyser !== undefined;
  }


  hostDisconnected(): void {
    this.stop();
  }

  /** Starts metering `stream` (replacing any stream metered before). */
  start(stream: MediaStream): void {
    this.stop();
    const context = getAudioContext();
    // Normally unlocked in the click already; harmless when it is running.
    if (context.state === 'suspended') context.resume().catch(() => undefined);
    const analyser = context.createAnalyser();
    analyser.fftSize = FFT_SIZE;
    analyser.smoothingTimeConstant = SMOOTHING;
    analyser.minDecibels = MIN_DB;
    analyser.maxDecibels = MAX_DB;
    // An analyser needs no path to the speakers to be processed, and the customer must not hear themselves.
    this.source = context.createMediaStreamSource(stream);
    this.source.connect(analyser);
    this.analyser = analyser;
    this.bands = logBands(this.count, context.sampleRate, FFT_SIZE);
    this.spectrum = new Float32Array(analyser.frequencyBinCount);
    this.waveform = new Float32Array(FFT_SIZE);
    this.frame = requestAnimationFrame(this.handleFrame);
  }

  /** Stops reading, disconnects the nodes and drops the bars to 0. */
  stop(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.source?.disconnect();
    this.analyser?.disconnect();
    this.source = undefined;
    this.analyser = undefined;
    const wasMoving = this.loudness > 0 || this.values.some((v) => v > 0);
    this.values = new Array<number>(this.count).fill(0);
    this.loudness = 0;
    if (wasMoving) this.host.requestUpdate();
  }

  private readonly handleFrame = (): void => {
    const analyser = this.analyser;
    if (!analyser) return;
    this.frame = requestAnimationFrame(this.handleFrame);
    analyser.getFloatFrequencyData(this.spectrum);
    analyser.getFloatTimeDomainData(this.waveform);
    // A new array each frame so a host comparing by identity (Lit's hasChanged) sees the change.
    const next = new Array<number>(this.count);
    bandLevels(this.spectrum, this.bands, MIN_DB, MAX_DB, next);
    const level = rmsLevel(this.waveform);
    // While the room is silent nothing changes, and the host is left alone.
    if (level === this.loudness && next.every((v, i) => v === this.values[i])) return;
    this.values = next;
    this.loudness = level;
    this.host.requestUpdate();
  };
}
