/**
 * Capture of one utterance: the mic's PCM (from VadController.onAudio) resampled to 16 kHz mono, with a short
 * pre-roll so the first syllable said before speech start was detected is kept, encoded as a 16-bit WAV.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { StreamResampler } from '../audio/resample.ts';
import { encodeWavBlob } from '../audio/wav-encoder.ts';

/** The rate speech-to-text providers want (and the local recognizer requires). */
export const CAPTURE_SAMPLE_RATE = 16_000;

/** How much is kept before begin(), how long an utterance may be, what counts as too short. */
export interface CaptureOptions {
  /** Audio kept from before begin(), ms (default 300). */
  preRollMs?: number;
  /** Longest utterance, s (default 30); the recording stops growing there and `onLimit` is called. */
  maxSeconds?: number;
  /** Shortest utterance, counted from begin(), ms (default 100); a shorter one makes end() return undefined. */
  minMs?: number;
  /** Called once when a recording reaches maxSeconds (the host usually ends the turn then). */
  onLimit?(): void;
}

/** Records utterances from a PCM feed into 16 kHz mono 16-bit WAV blobs. */
export class CaptureController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly preRollSamples: number;
  private readonly maxSamples: number;
  private readonly minSamples: number;
  private readonly onLimit: (() => void) | undefined;
  private resampler: StreamResampler | undefined;
  /** 16 kHz chunks: the pre-roll ring while idle, the utterance while recording. */
  private chunks: Float32Array[] = [];
  private length = 0;
  private sinceBegin = 0;
  private isRecording = false;
  private full = false;

  constructor(host: ReactiveControllerHost, options: CaptureOptions = {}) {
    this.host = host;
    this.preRollSamples = Math.round(((options.preRollMs ?? 300) * CAPTURE_SAMPLE_RATE) / 1000);
    this.maxSamples = Math.round((options.maxSeconds ?? 30) * CAPTURE_SAMPLE_RATE);
    this.minSamples = Math.round(((options.minMs ?? 100) * CAPTURE_SAMPLE_RATE) / 1000);
    this.onLimit = options.onLimit;
    host.addController(this);
  }

  /** Whether an utterance is being recorded (between begin() and end()/cancel()). */
  get recording(): boolean {
    return this.isRecording;
  }

  /** Length of the recording so far (pre-roll included), ms. */
  get durationMs(): number {
    return this.isRecording ? (this.length * 1000) / CAPTURE_SAMPLE_RATE : 0;
  }


  hostDisconnected(): void {
    this.cancel();
    this.chunks = [];
    this.length = 0;
    this.resampler = undefined;
  }

  /** Feed frames continuously (from VadController.onAudio); keeps a short pre-roll ring buffer while not recording. */
  push(pcm: Float32Array, sampleRate: number): void {
    if (this.resampler?.inRate !== sampleRate) this.resampler = new StreamResampler(sampleRate, CAPTURE_SAMPLE_RATE);
    const converted = this.resampler.push(pcm);
    if (converted.length === 0) return;
    if (!this.isRecording) {
      this.append(converted);
      this.trimPreRoll();
      return;
    }
    const room = this.maxSamples - this.length;
    if (room <= 0) return;
    const kept = converted.length <= room ? converted : converted.subarray(0, room);
    this.append(kept);
    this.sinceBegin += kept.length;
    if (this.length >= this.maxSamples && !this.full) {
      this.full = true;
      this.host.requestUpdate();
      this.onLimit?.();
    }
  }

  /** Starts recording, including the pre-roll. */
  begin(): void {
    if (this.isRecording) return;
    this.trimPreRoll();
    this.isRecording = true;
    this.full = false;
    this.sinceBegin = 0;
    this.host.requestUpdate();
  }

  /** Stops; returns audio/wav 16 kHz mono 16-bit, or undefined if nothing (less than minMs after begin()) was recorded. */
  end(): Blob | undefined {
    if (!this.isRecording) return undefined;
    const samples = this.take();
    const enough = this.sinceBegin >= this.minSamples;
    this.stopRecording();
    return enough ? encodeWavBlob(samples, CAPTURE_SAMPLE_RATE) : undefined;
  }

  /** Stops and throws the recording away. */
  cancel(): void {
    if (!this.isRecording) return;
    this.take();
    this.stopRecording();
  }

  private stopRecording(): void {
    this.isRecording = false;
    this.full = false;
    this.sinceBegin = 0;
    this.host.requestUpdate();
  }

  private append(chunk: Float32Array): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** Drops the oldest audio beyond the pre-roll length. */
  private trimPreRoll(): void {
    while (this.length > this.preRollSamples && this.chunks.length > 0) {
      const excess = this.length - this.preRollSamples;
      const first = this.chunks[0];
      if (first.length <= excess) {
        this.chunks.shift();
        this.length -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.length -= excess;
      }
    }
  }

  /** Joins and clears the buffered chunks. */
  private take(): Float32Array {
    const samples = new Float32Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      samples.set(chunk, offset);
      offset += chunk.length;
    }
    this.chunks = [];
    this.length = 0;
    return samples;
  }
}
