import { LitElement, adoptStyles, html, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Persona } from '@call-center-widget/protocol';
import { styles } from './call-center-widget.styles.ts';
import type { CallState } from './types.ts';
import { CcwCloseEvent } from './events/close-event.ts';
import { CcwOpenEvent } from './events/open-event.ts';
import { widgetConnected, widgetDisconnected } from './host-queue.ts';
import { LocalizeController, pageLanguage } from './i18n/localize.ts';
import { renderLauncher, renderShell } from './render/shell.ts';
import { LazySession } from './session/lazy-session.ts';

// Resolved while the module evaluates: in the script-tag build that is while `document.currentScript` is this
// script, so the worklet is found beside the bundle (rollup emits ccw-vad-worklet.js there).
const DEFAULT_WORKLET_URL = new URL('./ccw-vad-worklet.js', import.meta.url).href;
// Every persona of the contract: the compiler names one missing here.
const PERSONAS: Readonly<Record<Persona, true>> = { reception: true, sales: true, complaints: true };

/**
 * A support bubble that opens a voice call and text chat with the site's AI agents (reception, sales,
 * complaints), in English or Arabic, over LiveKit when the server runs it and directly over HTTP otherwise.
 *
 * @summary Embeddable AI voice call-center: launcher bubble, live equalizer, transcript, chat and call controls.
 * @tagname call-center-widget
 *
 * @fires {CcwOpenEvent} ccw-open - The panel opened (launcher or `open()`); detail `{ source: 'user' | 'api' }`.
 * @fires {CcwCloseEvent} ccw-close - The panel closed (launcher, close button, Escape or `close()`); detail `{ source }`.
 * @fires {CcwCallStartEvent} ccw-call-start - A call is about to start; cancelable (no microphone is requested then). Detail `{ handsFree }` (false with `push-to-talk`).
 * @fires {CcwCallEndEvent} ccw-call-end - A call ended (every uncancelled `ccw-call-start` gets one); detail `{ durationSeconds }`.
 * @fires {CcwStateEvent} ccw-state - The call state changed; detail `{ state, previous }`.
 * @fires {CcwTranscriptEvent} ccw-transcript - The server transcribed the customer's speech; detail `{ text, language }`.
 * @fires {CcwMessageEvent} ccw-message - A customer or agent message is complete; detail `{ role, text, persona }`.
 * @fires {CcwTransferEvent} ccw-transfer - Another persona took over; detail `{ from, to, reason }`.
 * @fires {CcwLatencyEvent} ccw-latency - Timings of a turn; detail `{ speech_end_to_transcript_ms, speech_end_to_first_text_ms, speech_end_to_first_audio_ms, server }`.
 * @fires {CcwErrorEvent} ccw-error - Something failed that the customer is told about; detail `{ code, message, retryable }`.
 * @fires {CcwTransportEvent} ccw-transport - How the call travels changed: `{ mode: 'livekit' | 'reconnecting' | 'direct', reason?, room? }`.
 *
 * @csspart launcher - The round button that opens and closes the panel.
 * @csspart panel - The dialog with the call and chat.
 * @csspart header - Heading, persona, status and call duration.
 * @csspart title - The panel's heading (`agent-title`).
 * @csspart persona - The name of the persona answering now.
 * @csspart status - The call state in words (listening, thinking, speaking…).
 * @csspart duration - The call's duration (m:ss), once a call has started.
 * @csspart close-button - The panel's close button.
 * @csspart equalizer - The 20-bar level of the microphone (of the AI agent's voice while it speaks in a LiveKit room).
 * @csspart transcript - The transcript and chat log.
 * @csspart message - One line of the transcript, with `customer`, `agent` or `notice`; `greeting` on the first agent line, `pending` while an agent line streams in, `failed` on a customer line that was not sent.
 * @csspart not-sent - The note under a customer line that was not sent.
 * @csspart retry-button - Sends a failed turn (or call, or the configuration request) again.
 * @csspart notice - The line for errors and fallbacks.
 * @csspart composer - The text input and Send button.
 * @csspart input - The text input.
 * @csspart send-button - Sends the typed message.
 * @csspart controls - Start/end call, mute and push-to-talk.
 * @csspart call-button - Starts or ends the call.
 * @csspart mute-button - Mutes or unmutes the microphone during a call.
 * @csspart talk-button - The button held while speaking, with `push-to-talk`.
 * @csspart stop-button - Stops the agent's voice while it speaks (the reply's text carries on).
 * @csspart suggestion - A suggested first request, under the greeting; choosing it sends it.
 * @csspart live-badge - On the launcher while a call runs with the panel closed: duration, and whether the mic is muted.
 *
 * @cssprop [--ccw-accent=#1d4ed8] - Launcher, customer bubbles, buttons and focus rings (dark theme: #8ab4f8).
 * @cssprop [--ccw-accent-contrast=#ffffff] - Text and icons on the accent colour (dark theme: #0b1b33).
 * @cssprop [--ccw-surface=#ffffff] - Panel background (dark theme: #1b1d23).
 * @cssprop [--ccw-text=#1b1f24] - Text colour (dark theme: #eceff4).
 * @cssprop [--ccw-muted=#59636e] - Secondary text: status, notices, placeholders (dark theme: #a7b0bc).
 * @cssprop [--ccw-radius=16px] - Corner radius of the panel.
 * @cssprop [--ccw-font=system-ui, sans-serif] - Font family.
 * @cssprop [--ccw-z-index=2147483000] - Stacking order of the launcher and panel.
 * @cssprop [--ccw-offset-x=20px] - Distance from the left or right edge of the viewport.
 * @cssprop [--ccw-offset-y=20px] - Distance from the bottom edge of the viewport.
 * @cssprop [--ccw-panel-width=380px] - Width of the panel (never wider than the viewport).
 */
export class CallCenterWidget extends LitElement {
  static override styles = styles;
  /** Server used when `server-url` is absent; the script-tag build sets it to the origin of its own script. */
  static defaultServerUrl: string | undefined;

  private readonly localize = new LocalizeController(this, () => this.uiLanguage());
  /**
   * The panel's regions and the call behind them, downloaded on first use (hover, focus or click on the
   * launcher, the `open` attribute, or any method); until then the panel shows its heading and a loading line.
   */
  private readonly call = new LazySession(
    this,
    {
      localize: this.localize,
      settings: () => ({
        serverUrl: this.serverUrl || CallCenterWidget.defaultServerUrl || location.origin,
        persona: PERSONAS[this.persona] === true ? this.persona : 'reception',
        language: this.language === 'en' || this.language === 'ar' ? this.language : 'auto',
        voice: this.voice || undefined,
        handsFree: !this.pushToTalk,
        livekit: this.livekit,
        textOnly: this.textOnly,
        workletUrl: String(this.workletUrl || DEFAULT_WORKLET_URL),
      }),
      onLanguage: (language) => (this.heardLanguage = language),
      onClose: () => {
        this.hide('user');
        this.launcher?.focus();
      },
    },
    (session) => {
      if (this.opened) void session.refreshConfig();
    },
  );
  private focusPanel = false;
  private panelStyled = false;
  /**
   * The corner the launcher and panel sit in, fixed when first rendered and when the page changes `position` or
   * `language`: a customer heard speaking another language mirrors the panel's content, never moves the widget.
   */
  private corner: 'start' | 'end' | undefined;

  @query('.launcher') private accessor launcher: HTMLButtonElement | null = null;
  @query('.panel') private accessor panel: HTMLElement | null = null;

  /** The customer's language as the server heard it, followed when `language` is 'auto'. */
  @state() private accessor heardLanguage: 'en' | 'ar' | undefined = undefined;

  /** Base URL of the support server (attribute `server-url`). Default: the origin of the script that loaded the widget, else the page's origin. */
  @property({ attribute: 'server-url' }) accessor serverUrl: string | undefined = undefined;
  /** Persona that answers first: 'reception' (default), 'sales' or 'complaints'. */
  @property() accessor persona: Persona = 'reception';
  /** UI and conversation language: 'auto' (default: the page's, then the customer's as heard), 'en' or 'ar' (right to left). */
  @property() accessor language: 'auto' | 'en' | 'ar' = 'auto';
  /** Synthesis voice; the server's default for the language when absent. */
  @property() accessor voice: string | undefined = undefined;
  /** Corner of the viewport: 'bottom-right' (default) or 'bottom-left'; mirrored in right-to-left languages. */
  @property() accessor position: 'bottom-right' | 'bottom-left' = 'bottom-right';
  /** Colour theme: 'auto' (default, follows prefers-color-scheme), 'light' or 'dark'. */
  @property() accessor theme: 'light' | 'dark' | 'auto' = 'auto';
  /**
   * The customer holds a Talk button (or Space) while speaking (attribute `push-to-talk`). Default off: hands-free,
   * the end of the customer's speech ends each turn, and speaking over the agent interrupts it.
   */
  @property({ type: Boolean, attribute: 'push-to-talk' }) accessor pushToTalk = false;
  /** 'auto' (default) joins a LiveKit room when the server runs LiveKit; 'off' always talks to the server directly. */
  @property() accessor livekit: 'auto' | 'off' = 'auto';
  /** Whether the panel is open (attribute `open`, reflected). Setting it fires no event; `open()` and `close()` do. */
  @property({ type: Boolean, reflect: true, attribute: 'open' }) accessor opened = false;
  /**
   * Heading of the panel (attribute `agent-title`; default "Customer support", localized). Not `title`: that is a
   * global HTML attribute, and the browser would show it as a tooltip over the whole widget.
   */
  @property({ attribute: 'agent-title' }) accessor agentTitle: string | undefined = undefined;
  /** First agent line shown in the log when the panel opens (not spoken, not sent to the server). */
  @property() accessor greeting: string | undefined = undefined;
  /** Typed messages get text replies only (attribute `text-only`); default off, so replies are also spoken. */
  @property({ type: Boolean, attribute: 'text-only' }) accessor textOnly = false;
  /** URL of the voice-activity AudioWorklet (attribute `worklet-url`). Default: ccw-vad-worklet.js beside the widget script. */
  @property({ attribute: 'worklet-url' }) accessor workletUrl: string | undefined = undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // Not `updateComplete`, which would also wait for a panel download: queued commands need only the element.
    void super.getUpdateComplete().then(() => {
      if (this.isConnected) widgetConnected(this);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    widgetDisconnected(this);
  }

  /** Also waits for the panel's download when one is under way: after `open()`, `await updateComplete` sees the panel. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    const pending = this.call.pending;
    if (!pending) return done;
    await pending;
    return this.getUpdateComplete();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.corner === undefined || changed.has('position') || changed.has('language')) {
      // The root is always laid out left to right: `start` is the left edge of the viewport.
      const atStart = (this.position === 'bottom-left') !== (this.localize.dir() === 'rtl');
      this.corner = atStart ? 'start' : 'end';
    }
    const session = this.call.session;
    // The panel is about to be seen: load it, and /api/config for the persona names in the header.
    if (this.opened && (changed.has('opened') || changed.has('serverUrl'))) {
      if (session) void session.refreshConfig();
      else void this.call.load();
    }
    const panelStyles = this.call.styles;
    if (panelStyles && !this.panelStyled) {
      // Beside the element's own styles, as constructed stylesheets (or <style> where those are unsupported).
      adoptStyles(this.renderRoot as ShadowRoot, [...(this.constructor as typeof CallCenterWidget).elementStyles, panelStyles]);
      this.panelStyled = true;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('opened') && this.opened && this.focusPanel) this.panel?.focus();
    this.focusPanel = false;
  }

  private handleLauncherClick(): void {
    if (this.opened) this.hide('user');
    else this.show('user');
  }

  private handleLauncherHint(): void {
    // Hover or focus on the launcher: fetch the panel and the call now so they are ready when the panel opens.
    void this.call.load();
  }

  private handleKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !this.opened) return;
    event.stopPropagation();
    this.call.session?.releaseTalk();
    this.hide('user');
    this.launcher?.focus();
  }

  private handleShellRetry(): void {
    // The Retry button goes with the failure line: keep keyboard focus in the dialog.
    this.panel?.focus();
    void this.call.load();
  }

  /** Opens the panel and moves focus into it; fires `ccw-open`. */
  open(): void {
    this.show('api');
  }

  /** Closes the panel (a call keeps running); fires `ccw-close`. */
  close(): void {
    const focusInside = this.panel?.contains(this.shadowRoot?.activeElement ?? null) ?? false;
    this.hide('api');
    if (focusInside) this.launcher?.focus();
  }

  /**
   * Starts a voice call (opening the panel): fires the cancelable `ccw-call-start`, then asks for the microphone
   * at once — call it from a click handler so the browser can show its permission prompt.
   */
  async startCall(): Promise<void> {
    // When loaded, nothing is awaited before session.start(): the mic request stays inside the click.
    const session = this.call.session ?? (await this.call.load());
    // Removed from the page while the session downloaded: no call for an element nobody sees.
    if (!session || !this.isConnected) return;
    const started = session.start();
    if (session.inCall && !this.opened) this.show('api');
    await started;
  }

  /** Ends the call; fires `ccw-call-end`. */
  endCall(): void {
    this.call.session?.end();
  }

  /** Sends a typed message as the customer (no call or microphone needed); the reply streams into the log. */
  async sendMessage(text: string): Promise<void> {
    const session = this.call.session ?? (await this.call.load());
    await session?.sendText(text);
  }

  /** Mutes or unmutes the microphone. */
  setMuted(muted: boolean): void {
    this.call.setMuted(muted);
  }

  override render(): TemplateResult {
    const l = this.localize;
    const corner = this.corner ?? 'end';
    const theme = this.theme === 'dark' || this.theme === 'light' ? this.theme : 'auto';
    const panel = this.call.panel;
    // The dialog is the element's own, so it opens and takes focus at once; its regions come with the call module.
    return html`<div class="root ${corner} ${theme}" dir="ltr" lang=${l.lang()} @keydown=${this.handleKeydown}>
      <section
        id="panel"
        part="panel"
        class="panel"
        role="dialog"
        aria-modal="false"
        aria-labelledby="heading"
        tabindex="-1"
        dir=${l.dir()}
        lang=${l.lang()}
        ?hidden=${!this.opened}
      >
        ${panel ? panel.render() : renderShell(l, this.agentTitle || l.term('defaultTitle'), this.call.failed, this.handleShellRetry)}
      </section>
      ${renderLauncher(l, this.opened, this.handleLauncherClick, this.handleLauncherHint, this.call.liveCall)}
    </div>`;
  }

  private show(source: 'user' | 'api'): void {
    this.focusPanel = true;
    if (this.opened) {
      this.panel?.focus();
      return;
    }
    this.opened = true;
    // Through a variable: the manifest analyzer would list an inline `new` as a second, unnamed event.
    const event = new CcwOpenEvent({ source });
    this.dispatchEvent(event);
  }

  private hide(source: 'user' | 'api'): void {
    if (!this.opened) return;
    this.opened = false;
    // Out of sight, the agent stops talking; a call goes on (the launcher shows it) and the reply stays in the log.
    this.call.session?.stopSpeaking();
    const event = new CcwCloseEvent({ source });
    this.dispatchEvent(event);
  }

  private uiLanguage(): string {
    return this.language === 'en' || this.language === 'ar' ? this.language : (this.heardLanguage ?? pageLanguage());
  }
}

/** Every call state, for pages that type their `ccw-state` listeners. */
export type { CallState };

declare global {
  interface HTMLElementTagNameMap {
    'call-center-widget': CallCenterWidget;
  }
}
