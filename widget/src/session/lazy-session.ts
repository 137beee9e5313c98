/**
 * The element's handle on its call module (load-session.ts), which holds the panel's regions and the call: it
 * is fetched on hover, focus or click of the launcher, the `open` attribute or any method, so by the time a
 * customer presses Start call or Send it is there, and the audio unlock and microphone request happen inside
 * that click. Nothing here imports audio or panel code: in the script-tag build the module is a separate file,
 * and the shared AudioContext must live in that file only.
 */
import { unsafeCSS, type CSSResult } from 'lit';
import { addBuiltInTranslations } from '../i18n/localize.ts';
import type { CallPanel, PanelHost, PanelOptions } from './call-panel.ts';
import type { CallSession } from './call-session.ts';
import { loadCallModule } from './load-session.ts';

/** The panel's styles, made a stylesheet once for every widget on the page. */
let panelStyles: CSSResult | undefined;

/** Loads the call module once, keeps what the customer chose before it arrived, and holds the panel. */
export class LazySession {
  private readonly host: PanelHost;
  private readonly options: PanelOptions;
  private readonly onLoad: (session: CallSession) => void;
  private loaded: CallPanel | undefined;
  private request: Promise<CallSession | undefined> | undefined;
  private loadFailed = false;
  private muted = false;

  /** `onLoad` runs once the session exists, before the host re-renders. */
  constructor(host: PanelHost, options: PanelOptions, onLoad: (session: CallSession) => void) {
    this.host = host;
    this.options = options;
    this.onLoad = onLoad;
  }

  /** The panel's regions and the call, once loaded. */
  get panel(): CallPanel | undefined {
    return this.loaded;
  }

  /** The session, once loaded. */
  get session(): CallSession | undefined {
    return this.loaded?.session;
  }

  /** The panel's styles, once loaded. */
  get styles(): CSSResult | undefined {
    return this.loaded && panelStyles;
  }

  /** A call in progress, for the launcher: its seconds so far and whether the microphone is muted. */
  get liveCall(): { readonly seconds: number; readonly muted: boolean } | undefined {
    const session = this.session;
    if (!session?.inCall) return undefined;
    return { seconds: session.seconds ?? 0, muted: session.voice.muted };
  }

  /** The last download failed (the panel offers to try again). */
  get failed(): boolean {
    return this.loadFailed;
  }

  /** The download under way, if any. */
  get pending(): Promise<unknown> | undefined {
    return this.loaded ? undefined : this.request;
  }

  /** Loads the module (once; again after a failure). */
  load(): Promise<CallSession | undefined> {
    if (this.request) return this.request;
    if (this.loadFailed) {
      // Trying again: the panel shows its loading line instead of the failure.
      this.loadFailed = false;
      this.host.requestUpdate();
    }
    this.request = loadCallModule().then(
      (module) => {
        addBuiltInTranslations(...module.translations);
        panelStyles ??= unsafeCSS(module.panelStyles);
        const panel = new module.CallPanel(this.host, this.options);
        if (this.muted) panel.session.setMuted(true);
        this.loaded = panel;
        this.onLoad(panel.session);
        this.host.requestUpdate();
        return panel.session;
      },
      () => {
        this.request = undefined;
        this.loadFailed = true;
        this.host.requestUpdate();
        return undefined;
      },
    );
    return this.request;
  }

  /** Mutes or unmutes now, or as soon as the session exists. */
  setMuted(muted: boolean): void {
    this.muted = muted;
    this.session?.setMuted(muted);
  }
}
