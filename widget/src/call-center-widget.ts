import { LitElement, html, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Persona } from './api/types.ts';
import { styles } from './call-center-widget.styles.ts';
import type { CallState } from './controllers/conversation-controller.ts';
import { CcwCloseEvent } from './events/close-event.ts';
import { CcwOpenEvent } from './events/open-event.ts';
import { widgetConnected, widgetDisconnected } from './host-queue.ts';
import { LocalizeController, pageLanguage } from './i18n/localize.ts';
import { talkAction } from './render/controls.ts';
import { renderLauncher, renderPanel } from './render/panel.ts';
import { LazySession } from './session/lazy-session.ts';

// Resolved while the module evaluates: in the script-tag build that is while `document.currentScript` is this
// script, so the worklet is found beside the bundle (rollup emits ccw-vad-worklet.js there).
const DEFAULT_WORKLET_URL = new URL('./ccw-vad-worklet.js', import.meta.url).href;
const PERSONAS: readonly Persona[] = ['reception', 'sales', 'complaints'];

/**
 * A support bubble that opens a voice call and text chat with the site's AI agents (reception, sales,
 * complaints), in English or Arabic, over LiveKit when the server runs it and directly over HTTP otherwise.
 *
 * @summary Embeddable AI voice call-center: launcher bubble, live equalizer, transcript, chat and call controls.
 * @tagname call-center-widget
 *
 * @fires {CcwOpenEvent} ccw-open - The panel opened (launcher or `open()`); detail `{ source: 'user' | 'api' }`.
 * @fires {CcwCloseEvent} ccw-close - The panel closed (launcher, close button, Escape or `close()`); detail `{ source }`.
 * @fires {CcwCallStartEvent} ccw-call-start - A call is about to start; cancelable (no microphone is requested then). Detail `{ handsFree }`.
 * @fires {CcwCallEndEvent} ccw-call-end - A call ended (every uncancelled `ccw-call-start` gets one); detail `{ durationSeconds }`.
 * @fires {CcwStateEvent} ccw-state - The call state changed; detail `{ state, previous }`.
 * @fires {CcwTranscriptEvent} ccw-transcript - The server transcribed the customer's speech; detail `{ text, language }`.
 * @fires {CcwMessageEvent} ccw-message - A customer or agent message is complete; detail `{ role, text, persona }`.
 * @fires {CcwTransferEvent} ccw-transfer - Another persona took over; detail `{ from, to, reason }`.
 * @fires {CcwLatencyEvent} ccw-latency - Timings of a turn; detail `{ speech_end_to_transcript_ms, speech_end_to_first_text_ms, speech_end_to_first_audio_ms, server }`.
 * @fires {CcwErrorEvent} ccw-error - Something failed that the customer is told about; detail `{ code, message, retryable }`.
 *
 * @csspart launcher - The round button that opens and closes the panel.
 * @csspart panel - The dialog with the call and chat.
 * @csspart header - Heading, persona, status and call duration.
 * @csspart equalizer - The 20-bar microphone level.
 * @csspart transcript - The transcript and chat log.
 * @csspart notice - The line for errors and fallbacks.
 * @csspart composer - The text input and Send button.
 * @csspart controls - Start/end call, mute and push-to-talk.
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
  /** The call and chat, downloaded on first use (hover, focus or click on the launcher, or any method). */
  private readonly call = new LazySession(
    this,
    {
      settings: () => ({
        serverUrl: this.serverUrl || CallCenterWidget.defaultServerUrl || location.origin,
        persona: PERSONAS.includes(this.persona) ? this.persona : 'reception',
        language: this.language === 'en' || this.language === 'ar' ? this.language : 'auto',
        voice: this.voice || undefined,
        handsFree: this.handsFree,
        livekit: this.livekit,
        textOnly: this.textOnly,
        workletUrl: String(this.workletUrl || DEFAULT_WORKLET_URL),
      }),
      transferText: (_from, to) => this.localize.term('transferred', this.personaName(to)),
      handoffText: () => this.localize.term('handoff'),
      onLanguage: (language) => (this.heardLanguage = language),
    },
    (session) => {
      if (this.opened) void session.refreshConfig();
    },
  );
  private focusPanel = false;
  private shownEntries: unknown;

  @query('.launcher') private accessor launcher: HTMLButtonElement | null = null;
  @query('.panel') private accessor panel: HTMLElement | null = null;
  @query('.transcript') private accessor transcript: HTMLElement | null = null;

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
  /** Voice activity ends each turn (attribute `hands-free`); default off, which shows a push-to-talk button. */
  @property({ type: Boolean, attribute: 'hands-free' }) accessor handsFree = false;
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
    void this.updateComplete.then(() => {
      if (this.isConnected) widgetConnected(this);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    widgetDisconnected(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const session = this.call.session;
    if (session) session.voice.handsFree = this.handsFree;
    // The panel is about to be seen: load the session, and /api/config for the persona names in the header.
    if (this.opened && (changed.has('opened') || changed.has('serverUrl'))) {
      if (session) void session.refreshConfig();
      else void this.call.load();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('opened') && this.opened && this.focusPanel) this.panel?.focus();
    this.focusPanel = false;
    const entries = this.call.session?.entries;
    if (entries !== this.shownEntries) {
      this.shownEntries = entries;
      this.transcript?.scrollTo({ top: this.transcript.scrollHeight });
    }
  }

  private handleLauncherClick(): void {
    if (this.opened) this.hide('user');
    else this.show('user');
  }

  private handleLauncherHint(): void {
    // Hover or focus on the launcher: fetch the session now so it is ready when the panel opens.
    void this.call.load();
  }

  private handleCloseClick(): void {
    this.hide('user');
    this.launcher?.focus();
  }

  private handleKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !this.opened) return;
    event.stopPropagation();
    this.call.session?.voice.release();
    this.hide('user');
    this.launcher?.focus();
  }

  private handleCallClick(): void {
    if (this.call.session?.inCall) this.endCall();
    else void this.startCall();
  }

  private handleMuteClick(): void {
    this.setMuted(!this.call.session?.voice.muted);
  }

  private handleTalk(event: Event): void {
    const action = talkAction(event);
    if (action === 'press') this.call.session?.voice.press();
    else if (action === 'release') this.call.session?.voice.release();
  }

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('message') as HTMLInputElement;
    const text = input.value;
    if (text.trim() === '') return;
    input.value = '';
    void this.sendMessage(text);
  }

  private handleRetry(): void {
    this.call.session?.retryTurn();
  }

  private handleNoticeAction(): void {
    this.call.runNoticeAction();
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
    const s = this.call.view;
    const voice = s.voice;
    const corner = this.position === 'bottom-left' ? 'start' : 'end';
    const theme = this.theme === 'dark' || this.theme === 'light' ? this.theme : 'auto';
    const seconds = s.seconds;
    const levelText = !s.inCall || voice.muted ? 'levelOff' : voice.voiceActive ? 'levelSpeaking' : 'levelQuiet';
    return html`<div class="root ${corner} ${theme}" dir=${l.dir()} lang=${l.lang()} @keydown=${this.handleKeydown}>
      ${renderPanel(l, {
        open: this.opened,
        header: {
          title: this.agentTitle || l.term('defaultTitle'),
          persona: this.personaName(s.activePersona ?? this.persona),
          status: l.term('status', s.state),
          duration: seconds === undefined ? undefined : l.duration(seconds),
          onClose: this.handleCloseClick,
        },
        equalizer: { bars: voice.bars, text: l.term(levelText), active: s.inCall && !voice.muted },
        transcript: {
          entries: s.entries,
          greeting: this.greeting || undefined,
          retryId: s.retryId,
          agentName: (persona) => this.personaName(persona ?? this.persona),
          onRetry: this.handleRetry,
        },
        notice: s.notice,
        onNoticeAction: this.handleNoticeAction,
        onSubmit: this.handleSubmit,
        controls: {
          inCall: s.inCall,
          muted: voice.muted,
          pushToTalk: s.inCall && !this.handsFree,
          talking: voice.talking,
          onCall: this.handleCallClick,
          onMute: this.handleMuteClick,
          onTalk: this.handleTalk,
        },
      })}
      ${renderLauncher(l, this.opened, this.handleLauncherClick, this.handleLauncherHint)}
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
    const event = new CcwCloseEvent({ source });
    this.dispatchEvent(event);
  }

  private uiLanguage(): string {
    return this.language === 'en' || this.language === 'ar' ? this.language : (this.heardLanguage ?? pageLanguage());
  }

  private personaName(persona: Persona): string {
    const lang = this.localize.lang() === 'ar' ? 'ar' : 'en';
    return this.call.session?.config?.personas.find((p) => p.id === persona)?.name[lang] ?? this.localize.term('personaName', persona);
  }
}

/** Every call state, for pages that type their `ccw-state` listeners. */
export type { CallState };

declare global {
  interface HTMLElementTagNameMap {
    'call-center-widget': CallCenterWidget;
  }
}
