/**
 * Playback of the agent's reply: sentence audio arrives one event at a time (possibly out of order, possibly
 * for a turn that was already abandoned) and plays strictly in index order, gaplessly, stoppable at once for
 * barge-in. Decoding uses the shared AudioContext, which was unlocked in the customer's first click.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getAudioContext } from '../audio/audio-context.ts';

/** What the queue reports. */
export interface PlaybackCallbacks {
  /** The first sentence began to sound (playback went from idle to playing). */
  onStart(): void;
  /** Nothing is playing any more: the queue drained or stop() was called. */
  onIdle(): void;
}

interface Scheduled {
  readonly source: AudioBufferSourceNode;
  readonly index: number;
  readonly startsAt: number;
}

/** At most this many sentences are handed to the audio thread ahead (the current one and the next). */
const AHEAD = 2;

/** An ordered, stoppable queue of sentence audio for the newest turn. */
export class PlaybackController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly callbacks: PlaybackCallbacks;
  /** The newest turn seen; enqueues for older turns are ignored. */
  private turn = Number.NEGATIVE_INFINITY;
  /** Turns up to this one were stopped: their late sentences are dropped too. */
  private stoppedTurn = Number.NEGATIVE_INFINITY;
  private nextIndex = 0;
  /** Decoding (or decoded) sentences of the current turn by index; undefined = could not be decoded. */
  private readonly decoded = new Map<number, Promise<AudioBuffer | undefined>>();
  private scheduled: Scheduled[] = [];
  /** Context time at which the last scheduled sentence ends, for gapless scheduling. */
  private endsAt = 0;
  private pumping = false;
  private generation = 0;
  private isPlaying = false;
  private played = 0;

  constructor(host: ReactiveControllerHost, callbacks: PlaybackCallbacks) {
    this.host = host;
    this.callbacks = callbacks;
    host.addController(this);
  }

  /** Whether a sentence is sounding (or scheduled to follow the one sounding). */
  get playing(): boolean {
    return this.isPlaying;
  }

  /** How many sentences have actually been played to the end (tests observe real playback). */
  get playedCount(): number {
    return this.played;
  }

  /** The index of the sentence sounding now, if any. */
  get currentIndex(): number | undefined {
    if (this.scheduled.length === 0) return undefined;
    const now = getAudioContext().currentTime;
    const sounding = this.scheduled.filter((s) => s.startsAt <= now);
    return (sounding.length > 0 ? sounding[sounding.length - 1] : this.scheduled[0]).index;
  }


  hostDisconnected(): void {
    this.stop();
  }

  /** Queue sentence `index` of turn `turn`; plays strictly in index order, as soon as the next index is present. Ignores turns older than the newest. base64 of wav or mp3. */
  enqueue(turn: number, index: number, audioBase64: string): void {
    if (turn < this.turn || turn <= this.stoppedTurn) return;
    if (turn > this.turn) {
      // A newer turn replaces whatever the previous one still had to say.
      this.halt();
      this.turn = turn;
    }
    if (index < this.nextIndex || this.decoded.has(index)) return; // played already, or a duplicate
    const context = getAudioContext();
    let bytes: ArrayBuffer;
    try {
      bytes = base64ToArrayBuffer(audioBase64);
    } catch {
      this.decoded.set(index, Promise.resolve(undefined));
      void this.pump();
      return;
    }
    // A sentence that cannot be decoded is skipped; the ones after it still play, in order.
    this.decoded.set(index, context.decodeAudioData(bytes).catch(() => undefined));
    void this.pump();
  }

  /** Stops at once and drops everything queued (barge-in, end call); later sentences of the same turn are dropped too. */
  stop(): void {
    this.stoppedTurn = Math.max(this.stoppedTurn, this.turn);
    this.halt();
  }

  /** Forgets which turns were seen, for a new conversation whose turns count from 0 again. */
  reset(): void {
    this.halt();
    this.turn = Number.NEGATIVE_INFINITY;
    this.stoppedTurn = Number.NEGATIVE_INFINITY;
  }

  /** Silences everything and clears the queue; onIdle if something was playing. */
  private halt(): void {
    this.generation++;
    this.pumping = false;
    this.decoded.clear();
    this.nextIndex = 0;
    const scheduled = this.scheduled;
    this.scheduled = [];
    for (const { source } of scheduled) {
      source.onended = null;
      try {
        source.stop();
      } catch {
        // Never started or already stopped: nothing to silence.
      }
      source.disconnect();
    }
    this.setIdle();
  }

  /** Hands the next sentences in order to the audio thread, as far as they are decoded. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    const generation = this.generation;
    while (this.scheduled.length < AHEAD && this.decoded.has(this.nextIndex)) {
      const index = this.nextIndex;
      const buffer = await this.decoded.get(index);
      if (generation !== this.generation) return; // stopped or superseded while decoding
      this.decoded.delete(index);
      this.nextIndex++;
      if (buffer) this.schedule(buffer, index, generation);
    }
    this.pumping = false;
    if (this.scheduled.length === 0) this.setIdle();
  }

  private schedule(buffer: AudioBuffer, index: number, generation: number): void {
    const context = getAudioContext();
    if (context.state === 'suspended') context.resume().catch(() => undefined);
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    // Back to back with the sentence before it when that one is still playing, else right away.
    const startsAt = Math.max(context.currentTime, this.scheduled.length > 0 ? this.endsAt : 0);
    source.start(startsAt);
    this.endsAt = startsAt + buffer.duration;
    const entry: Scheduled = { source, index, startsAt };
    source.onended = () => this.handleEnded(entry, generation);
    this.scheduled.push(entry);
    if (!this.isPlaying) {
      this.isPlaying = true;
      this.host.requestUpdate();
      this.callbacks.onStart();
    }
  }

  private handleEnded(entry: Scheduled, generation: number): void {
    if (generation !== this.generation) return;
    entry.source.disconnect();
    this.scheduled = this.scheduled.filter((s) => s !== entry);
    this.played++;
    this.host.requestUpdate();
    void this.pump();
  }

  private setIdle(): void {
    if (!this.isPlaying) return;
    this.isPlaying = false;
    this.host.requestUpdate();
    this.callbacks.onIdle();
  }
}

function base64ToArrayBuffer(base64: string): ArrayBuffer {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}
