/**
 * The element's handle on its call session, which is downloaded on first use (load-session.ts): what to render
 * before and after it loads. It is fetched on hover, focus or click of the launcher, so by the time a customer
 * presses Start call or Send it is there, and the audio unlock and microphone request happen inside that click.
 * Nothing here imports audio code: in the script-tag build the session is a separate file, and the shared
 * AudioContext must live in that file only.
 */
import type { ReactiveControllerHost } from 'lit';
import { errorText } from '../i18n/error-terms.ts';
import type { CallSession, CallSessionOptions } from './call-session.ts';
import { loadCallSession } from './load-session.ts';
import { IDLE_SESSION, type SessionView } from './session-view.ts';

// The session file could not be downloaded: the same words as an unreachable server, with a retry.
const LOAD_FAILED: SessionView = { ...IDLE_SESSION, notice: { text: errorText('network'), tone: 'error', action: 'retry-config' } };

/** Loads the call session once, keeps what the customer chose before it arrived, and reports what to render. */
export class LazySession {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: CallSessionOptions;
  private readonly onLoad: (session: CallSession) => void;
  private loaded: CallSession | undefined;
  private request: Promise<CallSession | undefined> | undefined;
  private failed = false;
  private muted = false;

  /** `onLoad` runs once the session exists, before the host re-renders. */
  constructor(host: ReactiveControllerHost & HTMLElement, options: CallSessionOptions, onLoad: (session: CallSession) => void) {
    this.host = host;
    this.options = options;
    this.onLoad = onLoad;
  }

  /** The session, once loaded. */
  get session(): CallSession | undefined {
    return this.loaded;
  }

  /** What the panel shows: the session, or the idle view (with a notice if the download failed). */
  get view(): SessionView {
    return this.loaded ?? (this.failed ? LOAD_FAILED : IDLE_SESSION);
  }

  /** Loads the session (once; again after a failure). */
  load(): Promise<CallSession | undefined> {
    this.request ??= loadCallSession().then(
      ({ CallSession }) => {
        const session = new CallSession(this.host, this.options);
        if (this.muted) session.voice.setMuted(true);
        this.loaded = session;
        this.failed = false;
        this.onLoad(session);
        this.host.requestUpdate();
        return session;
      },
      () => {
        this.request = undefined;
        this.failed = true;
        this.host.requestUpdate();
        return undefined;
      },
    );
    return this.request;
  }

  /** Mutes or unmutes now, or as soon as the session exists. */
  setMuted(muted: boolean): void {
    this.muted = muted;
    this.loaded?.voice.setMuted(muted);
  }

  /** The notice line's button: the session's action, or another download attempt. */
  runNoticeAction(): void {
    if (this.loaded) this.loaded.runNoticeAction();
    else void this.load();
  }
}
