/**
 * Voice activity: runs the 'ccw-vad' AudioWorklet on the mic stream and reports speech start and end, and the
 * mic's PCM for capture. The worklet is loaded from a real URL (a file beside the widget script), never a
 * blob: URL, so the widget works under a strict Content-Security-Policy.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getAudioContext } from '../audio/audio-context.ts';
import type { VadProcessorOptions } from '../worklet/vad-processor.ts';

/** What the detector reports. */
export interface VadCallbacks {
  onSpeechStart(): void;
  onSpeechEnd(): void;
  /** Mono PCM frames at `sampleRate`, for capture. */
  onAudio?(pcm: Float32Array, sampleRate: number): void;
}

/** Where the worklet is and how eager the detector is. */
export interface VadOptions {
  workletUrl: string | URL;
  /** Quiet after speech before speech end, ms (default 700). */
  hangoverMs?: number;
  /** Speech before speech start, ms (default 200). */
  minSpeechMs?: number;
  /** How far above the adaptive noise floor speech is, dB (default 10). */
  marginDb?: number;
  /** Nothing quieter than this is speech, dBFS (default -50). */
  minDb?: number;
}

/** The processor's name in `registerProcessor`. */
export const VAD_PROCESSOR = 'ccw-vad';

type VadMessage = { type: 'speechstart' | 'speechend'; at: number } | { type: 'audio'; pcm: Float32Array };

const modules = new WeakMap<BaseAudioContext, Map<string, Promise<void>>>();

/** Adds the worklet module to `context` once per URL (a second registerProcessor of the same name would throw). */
export function loadVadWorklet(context: BaseAudioContext, url: string | URL): Promise<void> {
  const href = new URL(url, document.baseURI).href;
  if (href.startsWith('blob:') || href.startsWith('data:')) {
    return Promise.reject(new TypeError('The voice-activity worklet must be loaded from a file URL, not blob: or data: (strict CSP).'));
  }
  const loaded = modules.get(context) ?? new Map<string, Promise<void>>();
  modules.set(context, loaded);
  let module = loaded.get(href);
  if (!module) {
    module = context.audioWorklet.addModule(href);
    // A failed load (offline, 404) may be retried by the next start().
    module.catch(() => loaded.delete(href));
    loaded.set(href, module);
  }
  return module;
}

/** Detects speech on a stream in an AudioWorklet; `speaking` follows it and the callbacks fire on changes. */
export class VadController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly callbacks: VadCallbacks;
  private readonly options: VadOptions;
  private source: MediaStreamAudioSourceNode | undefined;
  private node: AudioWorkletNode | undefined;
  private isSpeaking = false;
  private endedAt: number | undefined;
  private generation = 0;

  constructor(host: ReactiveControllerHost, callbacks: VadCallbacks, options: VadOptions) {
    this.host = host;
    this.callbacks = callbacks;
    this.options = options;
    host.addController(this);
  }

  /** Whether the customer is speaking now (between speech start and speech end). */
  get speaking(): boolean {
    return this.isSpeaking;
  }

  /** performance.now() at which the last utterance actually went quiet: speech end is decided hangoverMs later. */
  get speechEndedAt(): number | undefined {
    return this.endedAt;
  }


  hostDisconnected(): void {
    this.stop();
  }

  /** Loads the worklet (once per context) and starts detecting on `stream`; rejects when the module cannot load. */
  async start(stream: MediaStream): Promise<void> {
    this.stop();
    const generation = this.generation;
    const context = getAudioContext();
    if (context.state === 'suspended') context.resume().catch(() => undefined);
    await loadVadWorklet(context, this.options.workletUrl);
    if (generation !== this.generation) return; // stop() or another start() came while loading
    const processorOptions: VadProcessorOptions = {
      minSpeechMs: this.options.minSpeechMs ?? 200,
      hangoverMs: this.options.hangoverMs ?? 700,
      marginDb: this.options.marginDb,
      minDb: this.options.minDb,
      postAudio: this.callbacks.onAudio !== undefined,
    };
    // No outputs: Chromium and Firefox still run a worklet that only has an input, so nothing is routed to the
    // speakers (the customer never hears themselves).
    const node = new AudioWorkletNode(context, VAD_PROCESSOR, {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: 'explicit',
      channelInterpretation: 'speakers',
      processorOptions,
    });
    const sampleRate = context.sampleRate;
    node.port.onmessage = (event: MessageEvent<VadMessage>) => {
      if (generation === this.generation) this.handleMessage(event.data, sampleRate);
    };
    this.source = context.createMediaStreamSource(stream);
    this.source.connect(node);
    this.node = node;
  }

  /** Stops detecting and releases the nodes; no speech-end callback is made for speech cut off this way. */
  stop(): void {
    this.generation++;
    if (this.node) {
      this.node.port.onmessage = null;
      // Lets the processor return false from process(), so the audio thread drops it.
      this.node.port.postMessage({ type: 'close' });
      this.node.port.close();
    }
    this.source?.disconnect();
    this.node?.disconnect();
    this.source = undefined;
    this.node = undefined;
    if (this.isSpeaking) {
      this.isSpeaking = false;
      this.host.requestUpdate();
    }
  }

  private handleMessage(message: VadMessage, sampleRate: number): void {
    switch (message.type) {
      case 'audio':
        this.callbacks.onAudio?.(message.pcm, sampleRate);
        break;
      case 'speechstart':
        this.isSpeaking = true;
        this.host.requestUpdate();
        this.callbacks.onSpeechStart();
        break;
      case 'speechend':
        this.isSpeaking = false;
        this.endedAt = performance.now() - (this.options.hangoverMs ?? 700);
        this.host.requestUpdate();
        this.callbacks.onSpeechEnd();
        break;
    }
  }
}
