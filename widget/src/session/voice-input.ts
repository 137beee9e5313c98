/**
 * The customer's voice, from microphone to utterances: composes MicController, LevelController, VadController
 * and CaptureController. Hands-free, speech start and end (voice activity) bound each utterance; otherwise a
 * held push-to-talk button does. Either way, starting to speak first asks the host to barge in.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CaptureController } from '../controllers/capture-controller.ts';
import { LevelController } from '../controllers/level-controller.ts';
import { MicController } from '../controllers/mic-controller.ts';
import { VadController } from '../controllers/vad-controller.ts';

/** What the voice input asks of the call. */
export interface VoiceInputCallbacks {
  /** The customer started talking: silence the agent and drop the turn in flight (if any). */
  onBargeIn(): void;
  /** One finished utterance (16 kHz mono WAV); `speechEndAt` is performance.now() when the speech ended. */
  onUtterance(wav: Blob, speechEndAt: number): void;
}

/** Loudness (0..1, -60..0 dBFS) counted as speech for the text alternative when voice activity is not running. */
const SPEECH_LEVEL = 0.5;

/** Microphone, level meter, voice activity and capture, driven as one. */
export class VoiceInput implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly callbacks: VoiceInputCallbacks;
  private readonly mic: MicController;
  private readonly level: LevelController;
  private readonly capture: CaptureController;
  private vad: VadController | undefined;
  private vadUrl: string | undefined;
  private held = false;
  private heard = false;
  private heardChangedAt = Number.NEGATIVE_INFINITY;

  /** Voice activity ends each turn; otherwise push-to-talk does. */
  handsFree = false;
  /** Whether speech may start turns now (false while connecting or after the call ended). */
  listening = false;

  constructor(host: ReactiveControllerHost, callbacks: VoiceInputCallbacks) {
    this.host = host;
    this.callbacks = callbacks;
    this.mic = new MicController(host);
    this.level = new LevelController(host, { bars: 20 });
    this.capture = new CaptureController(host, { onLimit: () => this.finish(undefined) });
    host.addController(this);
  }

  /** The microphone is muted (the track is disabled; the browser sends silence). */
  get muted(): boolean {
    return this.mic.muted;
  }
  /** Push-to-talk is held. */
  get talking(): boolean {
    return this.held;
  }
  /** The equalizer's bar heights (0..1). */
  get bars(): readonly number[] {
    return this.level.bars;
  }
  /** Whether the customer is heard speaking; flips at most once a second, for the screen-reader text. */
  get voiceActive(): boolean {
    return this.heard;
  }


  hostUpdate(): void {
    const heard = this.listening && !this.mic.muted && (this.vad?.speaking === true || this.level.level >= SPEECH_LEVEL);
    const now = performance.now();
    if (heard !== this.heard && now - this.heardChangedAt >= 1000) {
      this.heard = heard;
      this.heardChangedAt = now;
    }
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Asks for the microphone. Synchronous up to getUserMedia, so call it inside the click. Rejects with MicError. */
  open(): Promise<MediaStream> {
    return this.mic.start();
  }

  /** Starts the level meter and voice activity on the open stream; rejects when the worklet cannot load. */
  async listen(stream: MediaStream, workletUrl: string): Promise<void> {
    this.level.start(stream);
    await this.voiceActivity(workletUrl).start(stream);
  }

  /** Releases the microphone and everything reading it; a recording in progress is dropped. */
  stop(): void {
    this.listening = false;
    this.held = false;
    this.capture.cancel();
    this.vad?.stop();
    this.level.stop();
    this.mic.stop();
  }

  /** Mutes or unmutes; muting drops a recording in progress. */
  setMuted(muted: boolean): void {
    this.mic.setMuted(muted);
    if (!muted) return;
    this.held = false;
    this.capture.cancel();
  }

  /** Push-to-talk pressed: barge in and start recording. */
  press(): void {
    if (!this.listening || this.held || this.mic.muted) return;
    this.held = true;
    this.callbacks.onBargeIn();
    this.capture.begin();
    this.host.requestUpdate();
  }

  /** Push-to-talk released: the utterance goes out. */
  release(): void {
    if (!this.held) return;
    this.finish(undefined);
  }

  private voiceActivity(workletUrl: string): VadController {
    if (this.vad && this.vadUrl === workletUrl) return this.vad;
    if (this.vad) {
      this.vad.stop();
      this.host.removeController(this.vad);
    }
    this.vadUrl = workletUrl;
    this.vad = new VadController(
      this.host,
      {
        onSpeechStart: () => this.handleSpeechStart(),
        onSpeechEnd: () => this.handleSpeechEnd(),
        onAudio: (pcm, rate) => this.capture.push(pcm, rate),
      },
      { workletUrl },
    );
    return this.vad;
  }

  private handleSpeechStart(): void {
    if (!this.handsFree || !this.listening || this.mic.muted || this.held) return;
    this.callbacks.onBargeIn();
    this.capture.begin();
  }

  private handleSpeechEnd(): void {
    if (this.held || !this.capture.recording) return;
    this.finish(this.vad?.speechEndedAt);
  }

  private finish(speechEndAt: number | undefined): void {
    this.held = false;
    const wav = this.capture.end();
    this.host.requestUpdate();
    if (wav) this.callbacks.onUtterance(wav, speechEndAt ?? performance.now());
  }
}
