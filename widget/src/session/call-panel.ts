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
  readonly pushToTalk: boolean;
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
      staffText: (name, joined, where) => this.l.term(where === 'chat' ? (joined ? 'staffJoinedChat' : 'staffLeftChat') : joined ? 'staffJoined' : 'staffLeft', name),
      onLanguage: options.onLanguage,
    });
    host.addController(this);
  }

  hostUpdate(): void {
    this.session.setHandsFree(!this.host.pushToTalk);
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

  private readonly handleSuggestion = (text: string): void => {
    void this.host.sendMessage(text);
  };

  private readonly handleStop = (): void => {
    this.session.stopSpeaking();
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
    const offer = this.voiceOffer();
    const persona = s.activePersona ?? host.persona;
    const pushToTalk = s.inCall && host.pushToTalk;
    return renderPanel(l, {
      header: {
        title: host.agentTitle || l.term('defaultTitle'),
        persona: this.personaName(persona),
        status: pushToTalk && s.state === 'listening' && !voice.talking ? l.term('holdToTalk') : l.term('status', s.state),
        duration: seconds === undefined ? undefined : formatDuration(seconds),
        onClose: this.onClose,
      },
      // Muted, the bars rest, unless they show the agent's voice.
      equalizer: { bars: voice.bars, text: l.term(levelText), active: s.inCall && (!voice.muted || voice.roomVoice === true) },
      transcript: {
        entries: s.entries,
        greeting: host.greeting || l.term('greeting', host.persona),
        // Before the first message: a few things to ask, so nobody faces an empty box.
        suggestions: s.entries.length === 0 ? (l.translation().suggestions?.(host.persona) ?? []) : [],
        retryId: s.retryId,
        agentName: (p) => this.personaName(p ?? host.persona),
        onRetry: this.handleRetry,
        onSuggestion: this.handleSuggestion,
      },
      notice: s.notice ?? (offer === 'on' || s.inCall ? undefined : { text: (t) => t.term(offer === 'off' ? 'voiceOff' : 'voiceOffLanguage'), tone: 'info' }),
      onNoticeAction: this.handleNoticeAction,
      onSubmit: this.handleSubmit,
      controls: {
        inCall: s.inCall,
        canCall: offer === 'on',
        muted: voice.muted,
        pushToTalk,
        talking: voice.talking,
        speaking: s.state === 'speaking',
        onCall: this.handleCallClick,
        onMute: this.handleMuteClick,
        onTalk: this.handleTalk,
        onStop: this.handleStop,
      },
    });
  }

  /**
   * Whether to offer a voice call: not when the server has no speech recognition, nor in a language it does not
   * recognize (said before the call, not after the customer has spoken). Offered while the config is loading.
   */
  private voiceOffer(): 'on' | 'off' | 'language' {
    const stt = this.session.config?.stt;
    if (!stt) return 'on';
    if (!stt.available) return 'off';
    return stt.languages.includes(this.l.lang()) ? 'on' : 'language';
  }

  /** The persona's name as the server's `/api/config` gives it in the UI language, else the built-in one. */
  private personaName(persona: Persona): string {
    const lang = this.l.lang() === 'ar' ? 'ar' : 'en';
    return this.session.config?.personas.find((p) => p.id === persona)?.name[lang] ?? this.l.term('personaName', persona);
  }
}
