/**
 * The panel's regions and the call behind them, which load together on the customer's first intent (hover,
 * focus or click on the launcher, the `open` attribute, any method): creates the CallSession, renders the
 * header, equalizer, transcript, notice line, composer and controls from it, and runs their buttons through the
 * element's public methods. The element renders the dialog around them and the launcher itself.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TemplateResult } from 'lit/html.js';
import type { Persona } from '@call-center-widget/protocol';
import type { HostWidget } from '../host-queue.ts';
import type { LocalizeController } from '../i18n/localize.ts';
import { talkAction } from '../render/controls.ts';
import { formatDuration } from '../render/header.ts';
import { renderPanel } from '../render/panel.ts';
import { CallSession } from './call-session.ts';
import type { CallSettings } from './session-view.ts';

/** The element as its panel sees it: the attributes the panel shows and the public methods its buttons call. */
export interface PanelHost extends ReactiveControllerHost, HTMLElement, HostWidget {
  readonly persona: Persona;
  readonly agentTitle: string | undefined;
  readonly greeting: string | undefined;
  readonly handsFree: boolean;
}

/** What the element hands its panel. */
export interface PanelOptions {
  readonly localize: LocalizeController;
  /** The element's settings, read each time they are needed. */
  readonly settings: () => CallSettings;
  /** The customer's language as the server heard it (the UI follows it when language is 'auto'). */
  readonly onLanguage: (language: 'en' | 'ar') => void;
  /** The header's close button: the element closes as the customer did and puts focus back on the launcher. */
  readonly onClose: () => void;
}

/** The call and chat behind one <call-center-widget>, and the regions of its panel. */
export class CallPanel implements ReactiveController {
  /** The call: state, log, voice input, and the `ccw-` events it fires on the element. */
  readonly session: CallSession;
  private readonly host: PanelHost;
  private readonly l: LocalizeController;
  private readonly onClose: () => void;
  private shownEntries: unknown;

  constructor(host: PanelHost, options: PanelOptions) {
    this.host = host;
    this.l = options.localize;
    this.onClose = options.onClose;
    this.session = new CallSession(host, {
      settings: options.settings,
      transferText: (_from, to) => this.l.term('transferred', this.personaName(to)),
      handoffText: () => this.l.term('handoff'),
      onLanguage: options.onLanguage,
    });
    host.addController(this);
  }

  hostUpdate(): void {
    this.session.setHandsFree(this.host.handsFree);
  }

  hostUpdated(): void {
    // New or longer entries: keep the newest line in view.
    const entries = this.session.entries;
    if (entries === this.shownEntries) return;
    this.shownEntries = entries;
    const log = this.host.shadowRoot?.querySelector('.transcript');
    log?.scrollTo({ top: log.scrollHeight });
  }

  // Lit calls listeners with the element as `this`, so the handlers are arrow functions.
  private readonly handleCallClick = (): void => {
    if (this.session.inCall) this.host.endCall();
    else void this.host.startCall();
  };

  private readonly handleMuteClick = (): void => {
    this.host.setMuted(!this.session.voice.muted);
  };

  private readonly handleTalk = (event: Event): void => {
    const action = talkAction(event);
    if (action === 'press') this.session.pressTalk();
    else if (action === 'release') this.session.releaseTalk();
  };

  private readonly handleSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('message') as HTMLInputElement;
    const text = input.value;
    if (text.trim() === '') return;
    input.value = '';
    void this.host.sendMessage(text);
  };

  private readonly handleRetry = (): void => {
    this.session.retryTurn();
  };

  private readonly handleNoticeAction = (): void => {
    this.session.runNoticeAction();
  };

  /** The regions inside the panel. */
  render(): TemplateResult {
    const l = this.l;
    const host = this.host;
    const s = this.session;
    const voice = s.voice;
    const seconds = s.seconds;
    const levelText = !s.inCall || voice.muted ? 'levelOff' : voice.voiceActive ? 'levelSpeaking' : 'levelQuiet';
    return renderPanel(l, {
      header: {
        title: host.agentTitle || l.term('defaultTitle'),
        persona: this.personaName(s.activePersona ?? host.persona),
        status: l.term('status', s.state),
        duration: seconds === undefined ? undefined : formatDuration(seconds),
        onClose: this.onClose,
      },
      equalizer: { bars: voice.bars, text: l.term(levelText), active: s.inCall && !voice.muted },
      transcript: {
        entries: s.entries,
        greeting: host.greeting || undefined,
        retryId: s.retryId,
        agentName: (persona) => this.personaName(persona ?? host.persona),
        onRetry: this.handleRetry,
      },
      notice: s.notice,
      onNoticeAction: this.handleNoticeAction,
      onSubmit: this.handleSubmit,
      controls: {
        inCall: s.inCall,
        muted: voice.muted,
        pushToTalk: s.inCall && !host.handsFree,
        talking: voice.talking,
        onCall: this.handleCallClick,
        onMute: this.handleMuteClick,
        onTalk: this.handleTalk,
      },
    });
  }

  /** The persona's name as the server's `/api/config` gives it in the UI language, else the built-in one. */
  private personaName(persona: Persona): string {
    const lang = this.l.lang() === 'ar' ? 'ar' : 'en';
    return this.session.config?.personas.find((p) => p.id === persona)?.name[lang] ?? this.l.term('personaName', persona);
  }
}
