/**
 * Voice activity detection on the audio thread, registered as 'ccw-vad'. Built as a file of its own
 * (ccw-vad-worklet.js beside the widget script) and loaded with audioWorklet.addModule(url), never from a
 * blob: URL, so a strict Content-Security-Policy works. It must stay self-contained: no imports.
 *
 * Energy detector with an adaptive noise floor: every 10 ms frame's energy (dBFS) is compared with a floor that
 * falls fast (it follows the room as soon as the customer pauses) and rises slowly (a long sentence does not
 * become "noise"). A frame is speech when it is `marginDb` above the floor and above `minDb` absolute. Speech
 * starts after `minSpeechMs` of speech frames (short gaps allowed) and ends after `hangoverMs` without any.
 *
 * Messages to the main thread: {type:'speechstart'|'speechend', at} (at = context time, s) and, when
 * `postAudio` is set, {type:'audio', pcm} with mono Float32Array batches (their buffers transferred). Audio
 * is flushed before each speech event, so everything heard up to the decision arrives first.
 */

// The AudioWorkletGlobalScope, declared here because TypeScript's DOM library does not describe it.
declare abstract class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: VadProcessorInit);
  abstract process(inputs: Float32Array[][], outputs: Float32Array[][], parameters: Record<string, Float32Array>): boolean;
}
declare function registerProcessor(name: string, processor: new (options?: VadProcessorInit) => AudioWorkletProcessor): void;
declare const sampleRate: number;
declare const currentTime: number;

/** The processorOptions the node is created with (all optional). */
export interface VadProcessorOptions {
  /** Speech needed before speechstart, ms (default 200). */
  minSpeechMs?: number;
  /** Quiet needed after speech before speechend, ms (default 700). */
  hangoverMs?: number;
  /** How far above the noise floor a speech frame is, dB (default 10). */
  marginDb?: number;
  /** Frames quieter than this are never speech, dBFS (default -50). */
  minDb?: number;
  /** Post the PCM as well (default false). */
  postAudio?: boolean;
  /** Size of the PCM batches, ms (default 40). */
  batchMs?: number;
}

interface VadProcessorInit {
  processorOptions?: VadProcessorOptions;
}

const FRAME_MS = 10;
/** A gap longer than this during the onset restarts the count toward minSpeechMs. */
const ONSET_GAP_MS = 60;
/** Per frame, the floor moves this share of the way down to a quieter frame (~30 ms time constant). */
const FALL = 0.3;
/** How fast the floor may climb, dB per second: quickly while idle, slowly while the customer speaks. */
const RISE_IDLE_DB_S = 6;
const RISE_SPEAKING_DB_S = 1;
/** Digital silence would be -Infinity dB. */
const SILENCE_DB = -120;

class VadProcessor extends AudioWorkletProcessor {
  private readonly minSpeechMs: number;
  private readonly hangoverMs: number;
  private readonly marginDb: number;
  private readonly minDb: number;
  private readonly postAudio: boolean;
  private readonly frameLength = Math.max(1, Math.round((sampleRate * FRAME_MS) / 1000));
  private frameFill = 0;
  private frameEnergy = 0;
  private floorDb = Number.NaN;
  private speaking = false;
  private speechMs = 0;
  private gapMs = 0;
  private quietMs = 0;
  private readonly batchLength: number;
  private batch: Float32Array;
  private batchFill = 0;
  private alive = true;

  constructor(options?: VadProcessorInit) {
    super(options);
    const o = options?.processorOptions ?? {};
    this.minSpeechMs = o.minSpeechMs ?? 200;
    this.hangoverMs = o.hangoverMs ?? 700;
    this.marginDb = o.marginDb ?? 10;
    this.minDb = o.minDb ?? -50;
    this.postAudio = o.postAudio ?? false;
    this.batchLength = Math.max(128, Math.round((sampleRate * (o.batchMs ?? 40)) / 1000));
    this.batch = new Float32Array(this.batchLength);
    this.port.onmessage = (event: MessageEvent<{ type?: string }>) => {
      if (event.data?.type === 'close') this.alive = false;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    if (!this.alive) return false;
    const channels = inputs[0] ?? [];
    // No channels means the source went away; time still passes, as silence, so a pending speech end arrives.
    const length = channels[0]?.length ?? 128;
    for (let i = 0; i < length; i++) {
      let sample = 0;
      for (let c = 0; c < channels.length; c++) sample += channels[c][i];
      if (channels.length > 1) sample /= channels.length;
      if (this.postAudio) {
        this.batch[this.batchFill++] = sample;
        if (this.batchFill === this.batchLength) this.flushAudio();
      }
      this.frameEnergy += sample * sample;
      if (++this.frameFill === this.frameLength) this.endFrame(currentTime + (i + 1) / sampleRate);
    }
    return true;
  }

  /** Classifies the frame that just completed; `at` is the context time of its last sample. */
  private endFrame(at: number): void {
    const meanSquare = this.frameEnergy / this.frameLength;
    this.frameEnergy = 0;
    this.frameFill = 0;
    const db = meanSquare > 0 ? Math.max(SILENCE_DB, 10 * Math.log10(meanSquare)) : SILENCE_DB;
    const isSpeech = db >= this.minDb && (Number.isNaN(this.floorDb) || db >= this.floorDb + this.marginDb);
    this.trackFloor(db);

    if (isSpeech) {
      this.speechMs += FRAME_MS;
      this.gapMs = 0;
      this.quietMs = 0;
    } else {
      this.gapMs += FRAME_MS;
      if (this.gapMs > ONSET_GAP_MS) this.speechMs = 0;
      if (this.speaking) this.quietMs += FRAME_MS;
    }
    if (!this.speaking && this.speechMs >= this.minSpeechMs) {
      this.speaking = true;
      this.quietMs = 0;
      this.emit('speechstart', at);
    } else if (this.speaking && this.quietMs >= this.hangoverMs) {
      this.speaking = false;
      this.speechMs = 0;
      this.quietMs = 0;
      this.emit('speechend', at);
    }
  }

  private trackFloor(db: number): void {
    if (Number.isNaN(this.floorDb)) {
      // The first frame seeds the floor; if it was speech, the first pause pulls the floor down within ~0.1 s.
      this.floorDb = db;
    } else if (db < this.floorDb) {
      this.floorDb += (db - this.floorDb) * FALL;
    } else {
      const rise = ((this.speaking ? RISE_SPEAKING_DB_S : RISE_IDLE_DB_S) * FRAME_MS) / 1000;
      this.floorDb += Math.min(db - this.floorDb, rise);
    }
  }

  private emit(type: 'speechstart' | 'speechend', at: number): void {
    this.flushAudio();
    this.port.postMessage({ type, at });
  }

  private flushAudio(): void {
    if (!this.postAudio || this.batchFill === 0) return;
    const pcm = this.batchFill === this.batchLength ? this.batch : this.batch.slice(0, this.batchFill);
    this.port.postMessage({ type: 'audio', pcm }, [pcm.buffer]);
    // The full batch's buffer now belongs to the main thread (it reads as length 0 here): start a new one.
    if (pcm === this.batch) this.batch = new Float32Array(this.batchLength);
    this.batchFill = 0;
  }
}

try {
  registerProcessor('ccw-vad', VadProcessor);
} catch {
  // Already registered in this context (the module was added twice): the first registration serves.
}
