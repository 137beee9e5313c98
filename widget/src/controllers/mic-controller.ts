/**
 * The microphone: one getUserMedia stream with the browser's echo cancellation, noise suppression and
 * automatic gain, failures sorted into reasons the customer can act on.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MicFailure } from '../types.ts';

/** Where the microphone stands: `ended` means the device went away (unplugged, revoked) while in use. */
export type MicState = 'idle' | 'requesting' | 'live' | 'ended' | 'failed';

/** A microphone failure with its classified `reason`; the browser's error is the `cause`. */
export class MicError extends Error {
  readonly reason: MicFailure;

  constructor(reason: MicFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MicError';
    this.reason = reason;
  }
}

/** The constraints asked for: a voice call wants the browser's voice processing and one channel. */
export const MIC_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
  channelCount: 1,
};

/** Sorts a getUserMedia rejection into a MicFailure (livekit `MediaDeviceFailure.getFailure`, plus old Chrome names). */
export function classifyMicFailure(error: unknown): MicFailure {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return 'not_found';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'in_use';
    default:
      return 'other';
  }
}

const MESSAGES: Record<MicFailure, string> = {
  denied: 'Microphone access was denied.',
  not_found: 'No microphone was found.',
  in_use: 'The microphone is in use by another application or could not be started.',
  insecure: 'The microphone is only available on a secure (https) page.',
  other: 'The microphone could not be opened.',
};

/** Owns the microphone stream: opens it, mutes it, and releases it when the host goes away. */
export class MicController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private currentStream: MediaStream | undefined;
  private currentState: MicState = 'idle';
  private currentFailure: MicFailure | undefined;
  private isMuted = false;
  private pending: Promise<MediaStream> | undefined;
  /** Bumped by stop(), so a request answered after stop() is released instead of kept. */
  private generation = 0;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  /** The open stream, undefined before start(), after stop() and after the device ended. */
  get stream(): MediaStream | undefined {
    return this.currentStream;
  }

  /** Whether the customer muted the mic (tracks disabled: the stream stays open, the browser sends silence). */
  get muted(): boolean {
    return this.isMuted;
  }

  /** Where the microphone stands. */
  get state(): MicState {
    return this.currentState;
  }

  /** The reason of the last failure, while `state` is 'failed'. */
  get failure(): MicFailure | undefined {
    return this.currentFailure;
  }


  hostDisconnected(): void {
    this.stop();
  }

  /**
   * Asks for the mic (echoCancellation, noiseSuppression, autoGainControl all true, channelCount 1). Call inside
   * the click handler, with no `await` before it in the handler: Safari and Firefox only show the permission
   * prompt for a call made in the gesture's own task. getUserMedia is called synchronously here for that reason
   * (this is not an `async` function). Throws (rejects with) MicError.
   */
  start(): Promise<MediaStream> {
    if (this.currentStream && this.currentState === 'live') return Promise.resolve(this.currentStream);
    if (this.pending) return this.pending;
    const devices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    if (!window.isSecureContext || typeof devices?.getUserMedia !== 'function') {
      return Promise.reject(this.fail(new MicError('insecure', MESSAGES.insecure)));
    }
    const generation = this.generation;
    this.setState('requesting');
    const request = devices.getUserMedia({ audio: MIC_CONSTRAINTS, video: false }).then(
      (stream) => {
        if (generation !== this.generation) {
          // stop() came first: the caller no longer wants the mic, so do not leave it recording.
          stopTracks(stream);
          throw new MicError('other', 'The microphone request was cancelled.');
        }
        this.pending = undefined;
        this.adopt(stream);
        return stream;
      },
      (error: unknown) => {
        const reason = classifyMicFailure(error);
        const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
        const failure = new MicError(reason, MESSAGES[reason] + detail, { cause: error });
        if (generation !== this.generation) throw failure;
        this.pending = undefined;
        throw this.fail(failure);
      },
    );
    this.pending = request;
    return request;
  }

  /** Mutes or unmutes: `track.enabled = !muted`, so unmuting needs no new permission prompt. */
  setMuted(muted: boolean): void {
    this.isMuted = muted;
    for (const track of this.currentStream?.getAudioTracks() ?? []) track.enabled = !muted;
    this.host.requestUpdate();
  }

  /** Stops every track (the browser's recording indicator goes off) and forgets the stream. */
  stop(): void {
    this.generation++;
    this.pending = undefined;
    const stream = this.currentStream;
    this.currentStream = undefined;
    if (stream) {
      for (const track of stream.getTracks()) track.removeEventListener('ended', this.handleEnded);
      stopTracks(stream);
    }
    if (this.currentState !== 'idle') this.setState('idle');
  }

  private adopt(stream: MediaStream): void {
    this.currentStream = stream;
    this.currentFailure = undefined;
    for (const track of stream.getAudioTracks()) {
      track.enabled = !this.isMuted;
      // 'ended' fires when the device is unplugged or the permission revoked, never for our own stop().
      track.addEventListener('ended', this.handleEnded);
    }
    this.setState('live');
  }

  private readonly handleEnded = (): void => {
    const stream = this.currentStream;
    if (!stream) return;
    for (const track of stream.getTracks()) track.removeEventListener('ended', this.handleEnded);
    stopTracks(stream);
    this.currentStream = undefined;
    this.setState('ended');
  };

  private fail(error: MicError): MicError {
    this.currentFailure = error.reason;
    this.setState('failed');
    return error;
  }

  private setState(state: MicState): void {
    this.currentState = state;
    this.host.requestUpdate();
  }
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
