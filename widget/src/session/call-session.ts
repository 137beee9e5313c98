/**
 * The element's call and chat, split out of call-center-widget.ts so the element only renders: composes the
 * voice input, playback, transport and clock controllers and the conversation into the call — start and end,
 * turns from voice or text, barge-in — keeps the call state and the notice line, and fires the `ccw-` events on
 * the host. It is driven through its methods; its controllers stay its own.
 */
import type { AgentEvent, Persona, ServerConfig } from '@call-center-widget/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError } from '../api/client.ts';
import { unlockAudio } from '../audio/audio-context.ts';
import { CallClockController } from '../controllers/call-clock-controller.ts';
import { LevelController } from '../controllers/level-controller.ts';
import { PlaybackController } from '../controllers/playback-controller.ts';
import { TransportController, type FallbackReason, type RoomAgent } from '../controllers/transport-controller.ts';
import type { TurnInput } from '../controllers/turn-runner.ts';
import {
  CcwCallEndEvent,
  CcwCallStartEvent,
  CcwErrorEvent,
  CcwLatencyEvent,
  CcwMessageEvent,
  CcwStateEvent,
  CcwTranscriptEvent,
  CcwTransferEvent,
  CcwTransportEvent,
} from '../events/index.ts';
import type { CallState, ChatEntry, Notice, TurnError } from '../types.ts';
import { Conversation } from './conversation.ts';
import { languageOfScript, languageOfTag } from './languages.ts';
import { NoticeLine } from './notice-line.ts';
import { requestFailure, speechFailure, startFailure, turnFailure, type Failure } from './notices.ts';
import { savedConversation, saveConversation } from './saved-conversation.ts';
import { StaffFeedFollower } from './staff-feed.ts';
import { ServerLink } from './server-link.ts';
import type { CallSessionOptions, SessionView, VoiceView } from './session-view.ts';
import { VoiceInput } from './voice-input.ts';

/** The session whose call is live on this page (one microphone, one call). */
let liveCall: CallSession | undefined;

/** The server offers no speech recognition (`/api/config`): a call has nothing to listen with. */
class VoiceOff extends Error {}

function voiceOffFailure(): Failure {
  return {
    notice: { text: (l) => l.term('voiceOff'), tone: 'error' },
    detail: { code: 'voice_unavailable', message: 'The server offers no speech recognition (see /api/config stt.note).', retryable: false },
  };
}

/** The call and chat behind one <call-center-widget>. */
export class CallSession implements ReactiveController, SessionView {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: CallSessionOptions;
  private readonly server: ServerLink;
  private readonly input: VoiceInput;
  private readonly playback: PlaybackController;
  private readonly transport: TransportController;
  private readonly clock: CallClockController;
  private readonly conversation: Conversation;
  private readonly desk: StaffFeedFollower;
  private readonly notices: NoticeLine;
  // The room's voices (the agent's), metered for the equalizer while it speaks.
  private readonly roomLevel: LevelController;
  private attempt = 0;
  private calling = false;
  // The AI agent in the call's LiveKit room, as the room shows it; while present it takes the turns.
  private agent: RoomAgent = { present: false };
  // The agent said it cannot serve this call: it is not given turns until it leaves and another comes.
  private agentDown = false;
  // The conversation the agent held, being continued on the server; the next direct turn waits for it.
  private carrying: Promise<void> | undefined;
  private current: CallState = 'idle';
  private rest: CallState = 'idle';

  constructor(host: ReactiveControllerHost & HTMLElement, options: CallSessionOptions) {
    this.host = host;
    this.options = options;
    this.server = new ServerLink(() => host.requestUpdate());
    this.notices = new NoticeLine(host);
    this.input = new VoiceInput(host, {
      onBargeIn: () => this.bargeIn(),
      // With the AI agent in the room, it hears the microphone there and takes the turns itself.
      onUtterance: (wav, speechEndAt) => void (this.agent.present || this.sendTurn({ kind: 'audio', wav, speechEndAt }, true)),
    });
    this.playback = new PlaybackController(host, { onStart: () => this.setState('speaking'), onIdle: () => this.settle() });
    this.roomLevel = new LevelController(host, { bars: 20 });
    this.transport = new TransportController(host, {
      onRemoteAudio: () => this.roomVoices(),
      onFallback: (reason) => this.fellBack(reason),
      onData: (text, from) => this.conversation.addNotice(`${from}: ${text}`),
      onRejoined: () => this.notices.show({ text: (l) => l.term('livekitRejoined'), tone: 'info' }),
      onAgent: (agent) => this.agentChanged(agent),
      onTranscript: (line) => this.conversation.roomTranscript(line),
      onAgentEvent: (event) => this.agentEvent(event),
      onStaff: (name, joined) => this.conversation.addNotice(this.options.staffText(name, joined, 'call')),
      onChange: (change) => this.emit(new CcwTransportEvent(change)),
    });
    this.clock = new CallClockController(host);
    this.desk = new StaffFeedFollower({
      line: (line) => {
        const name = line.name ?? '';
        if (line.from === 'staff') this.conversation.staffLine(name, line.text);
        else this.conversation.addNotice(this.options.staffText(name, line.from === 'joined', 'chat'));
      },
    });
    this.conversation = new Conversation(
      host,
      {
        changed: () => host.requestUpdate(),
        onConversation: (id) => saveConversation(this.serverUrl(), id),
        onHeard: (text, language) => {
          this.emit(new CcwTranscriptEvent({ text, language }));
          this.noteLanguage(languageOfTag(language));
        },
        onMessage: (entry) => this.handleMessage(entry),
        onTransfer: (from, to, reason) => this.emit(new CcwTransferEvent({ from, to, reason })),
        onHandoff: () => {
          this.conversation.addNotice(this.options.handoffText());
          // Over HTTP, a member of staff may take the conversation and write here; in the agent's call they join it.
          if (!this.agent.present) this.followDesk();
        },
        onAudio: (run, index, audio) => this.playback.enqueue(run, index, audio),
        onLatency: (report) => this.emit(new CcwLatencyEvent(report)),
        onSpeechFailed: (code, message) => this.notices.fail(speechFailure(code, message)),
        onTurnEnd: (error, canRetry) => {
          if (error) this.notices.fail(turnFailure(error, canRetry));
          this.settle();
        },
        explain: (error) => this.explained(error),
      },
      { transfer: (from, to) => this.options.transferText(from, to) },
    );
    host.addController(this);
  }

  /** The call state shown in the header. */
  get state(): CallState {
    return this.current;
  }
  /** A call is connecting or live. */
  get inCall(): boolean {
    return this.calling;
  }
  /** What the notice line shows. */
  get notice(): Notice | undefined {
    return this.notices.notice;
  }
  /** `/api/config` once loaded. */
  get config(): ServerConfig | undefined {
    return this.server.config;
  }
  /** Seconds of the current (or last) call; undefined before the first call went live. */
  get seconds(): number | undefined {
    return this.clock.running || this.rest === 'ended' ? this.clock.seconds : undefined;
  }
  /** The chat log. */
  get entries(): readonly ChatEntry[] {
    return this.conversation.entries;
  }
  /** The persona answering after transfers; undefined before the first turn. */
  get activePersona(): Persona | undefined {
    return this.conversation.persona;
  }
  /** The failed customer entry a retry would send again. */
  get retryId(): number | undefined {
    return this.conversation.retryId;
  }
  /** The customer's voice as the panel shows it; while the AI agent in the room speaks, the bars are its voice. */
  get voice(): VoiceView {
    const { muted, talking, bars, voiceActive } = this.input;
    const agentBars = this.current === 'speaking' && this.roomLevel.running ? this.roomLevel.bars : undefined;
    return agentBars ? { muted, talking, bars: agentBars, voiceActive, roomVoice: true } : { muted, talking, bars, voiceActive };
  }

  hostDisconnected(): void {
    this.end();
    this.desk.stop();
  }

  /** Follows what staff write in this conversation (the text desk), until they leave it. */
  private followDesk(): void {
    const id = this.conversation.conversationId;
    if (id) this.desk.follow(this.server.client(this.serverUrl()), id);
  }

  /**
   * Loads `/api/config` (persona names, what voice this server offers), telling the customer when the server
   * cannot be used, and shows again the conversation this tab had with the server on an earlier page.
   */
  async refreshConfig(): Promise<void> {
    const url = this.serverUrl();
    try {
      await this.server.loadConfig(url);
    } catch (err) {
      this.notices.fail(requestFailure(err, 'retry-config'));
      return;
    }
    await this.restoreConversation(url);
  }

  /**
   * Starts a call. The audio unlock and the microphone request happen synchronously, before any `await`, so a
   * click handler calling this keeps the browser's user activation for both (iOS/Safari, permission prompt).
   */
  async start(): Promise<void> {
    if (this.calling) return;
    if (liveCall && liveCall !== this) {
      // Two live microphones on one page would answer each other: one call at a time.
      this.notices.fail({
        notice: { text: (l) => l.term('callElsewhere'), tone: 'error' },
        detail: { code: 'call_in_progress', message: 'Another <call-center-widget> on this page is in a call.', retryable: false },
      });
      return;
    }
    const settings = this.options.settings();
    if (!this.emit(new CcwCallStartEvent({ handsFree: settings.handsFree }))) return;
    void unlockAudio();
    const micRequest = this.input.open();
    const configRequest = this.server.loadConfig(settings.serverUrl);
    micRequest.catch(() => undefined);
    configRequest.catch(() => undefined);
    const attempt = ++this.attempt;
    this.calling = true;
    liveCall = this;
    this.notices.clear();
    this.rest = 'connecting';
    this.settle();
    try {
      const stream = await micRequest;
      const config = await configRequest;
      if (attempt !== this.attempt) return;
      if (!config.stt.available) throw new VoiceOff();
      // The call listens from now on: what the customer says while LiveKit is still connecting goes directly
      // (every turn does, until the agent joins rooms), so the first words are never lost.
      void this.transport.connect({ api: this.server.client(settings.serverUrl), config, mic: stream, allowLiveKit: settings.livekit !== 'off' });
      await this.input.listen(stream, settings.workletUrl);
    } catch (err) {
      if (attempt !== this.attempt) return;
      // Without a server it is the 'error' state; without a microphone the widget stays a working text chat.
      this.stopCall(err instanceof ApiError ? 'error' : 'idle');
      this.emit(new CcwCallEndEvent({ durationSeconds: 0 }));
      this.notices.fail(err instanceof VoiceOff ? voiceOffFailure() : startFailure(this.server.refused ?? err));
      return;
    }
    if (attempt !== this.attempt) return;
    this.input.handsFree = settings.handsFree;
    this.input.listening = true;
    this.clock.start();
    this.rest = 'listening';
    this.settle();
  }

  /** Ends the call: releases the mic, stops playback, the turn in flight and the transport; fires `ccw-call-end`. */
  end(): void {
    if (!this.calling) return;
    const durationSeconds = this.stopCall('ended');
    this.emit(new CcwCallEndEvent({ durationSeconds }));
  }

  /** Sends a typed message (no call or microphone needed); the reply is spoken unless `textOnly`. */
  async sendText(text: string): Promise<void> {
    const message = text.trim();
    if (message === '') return;
    const speak = !this.options.settings().textOnly;
    // Synchronous, so a Send click or Enter still counts as the gesture that lets the reply be heard.
    if (speak) void unlockAudio();
    // In a call with the AI agent in the room, the agent answers typed text too, in voice and text.
    if (this.calling && this.agent.present && this.transport.sendToAgent(message)) {
      this.conversation.roomMessage(message);
      return;
    }
    this.transport.publishChat(message);
    await this.sendTurn({ kind: 'text', text: message }, speak);
  }

  /** Silences the agent's voice now; the reply's text carries on in the log. */
  stopSpeaking(): void {
    if (!this.playback.playing) return;
    this.playback.stop();
    this.settle();
  }

  /** Sends the last failed turn again. */
  retryTurn(): void {
    if (!this.conversation.canRetry) return;
    const { api, persona, language, voice } = this.turnSettings(true);
    this.prepareTurn();
    // The server URL may have been corrected since; whether to speak stays as the failed turn had it.
    void this.conversation.retry({ api, persona, language, voice });
  }

  /** Runs the notice line's button. */
  runNoticeAction(): void {
    const action = this.notices.clear();
    if (action === 'retry-call') void this.start();
    else if (action === 'retry-turn') this.retryTurn();
    else if (action === 'retry-config') void this.refreshConfig();
  }

  /** Push-to-talk pressed: barge in and start recording. */
  pressTalk(): void {
    this.input.press();
  }

  /** Push-to-talk released (or the panel lost it): the utterance goes out. */
  releaseTalk(): void {
    this.input.release();
  }

  /** Mutes or unmutes the microphone; muting drops a recording in progress. */
  setMuted(muted: boolean): void {
    this.input.setMuted(muted);
  }

  /** Whether voice activity ends each turn (otherwise push-to-talk does). */
  setHandsFree(handsFree: boolean): void {
    this.input.handsFree = handsFree;
  }

  /** Customer speech during the agent's reply: silence it and abandon the turn in flight. */
  private bargeIn(): void {
    if (!this.playback.playing && !this.conversation.busy) return;
    this.playback.stop();
    this.conversation.abort();
  }

  private async sendTurn(input: TurnInput, speak: boolean): Promise<void> {
    if (this.carrying) {
      this.prepareTurn();
      await this.carrying;
    }
    const settings = this.turnSettings(speak);
    this.prepareTurn();
    return this.conversation.send(input, settings);
  }

  /**
   * The AI agent kept the call's conversation in its own process and is gone: the server continues it from what the
   * customer saw (history, persona, what they told it), so the next turn answers as the agent would have. If that
   * fails, the next turn starts a new conversation on the server; the log on screen stays as it is either way.
   */
  private carryOn(): void {
    const transcript = this.conversation.transcript();
    if (!transcript) return;
    const url = this.serverUrl();
    const carrying = this.server
      .client(url)
      .resumeConversation({ ...transcript, language: this.options.settings().language })
      .then(
        (resumed) => {
          this.conversation.resume(resumed.conversation_id);
          saveConversation(url, resumed.conversation_id);
        },
        (err: unknown) => {
          this.conversation.resume(undefined);
          console.warn('<call-center-widget>: the conversation could not be continued on the server; the next message starts a new one.', err);
        },
      )
      .finally(() => {
        if (this.carrying === carrying) this.carrying = undefined;
      });
    this.carrying = carrying;
  }

  private serverUrl(): string {
    return this.options.settings().serverUrl;
  }

  /** The conversation this tab had with `url` on an earlier page, shown again if the server still has it. */
  private async restoreConversation(url: string): Promise<void> {
    const id = savedConversation(url);
    if (!id || this.conversation.conversationId !== undefined) return;
    this.conversation.resume(id);
    try {
      this.conversation.restore(await this.server.client(url).history(id));
      // A member of staff may be writing in it: the follower asks once, and carries on only if so.
      this.followDesk();
    } catch (err) {
      // Forgotten by the server (expired, restarted): the next message starts a new conversation.
      if (err instanceof ApiError && err.code === 'conversation_not_found') saveConversation(url, undefined);
    }
  }

  /** A turn that failed for want of a connection, where the server has refused this site: say that instead. */
  private explained(error: TurnError): TurnError {
    const refusal = this.server.refused;
    return refusal && error.code === 'network' ? { code: refusal.code, message: refusal.message, retryable: false } : error;
  }

  /** LiveKit could not carry the call: the customer hears that it goes on; the page and the console hear why. */
  private fellBack(reason: FallbackReason): void {
    if (reason === 'removed') {
      // Staff's decision, not a fault: nothing for the console.
      this.notices.show({ text: (l) => l.term('livekitRemoved'), tone: 'info' });
      return;
    }
    this.notices.show({ text: (l) => l.term('livekitFallback'), tone: 'info' });
    const detail = `LiveKit could not carry the call (${reason}); it continues over HTTP.`;
    console.warn(`<call-center-widget>: ${detail}`);
    this.emit(new CcwErrorEvent({ code: reason === 'timeout' ? 'livekit_timeout' : 'livekit_unreachable', message: detail, retryable: false }));
  }

  /** What a turn is sent with now: the element's current attributes and server. */
  private turnSettings(speak: boolean) {
    const settings = this.options.settings();
    return {
      api: this.server.client(settings.serverUrl),
      persona: settings.persona,
      language: settings.language,
      voice: settings.voice,
      speak,
    };
  }

  /** A new turn: the previous reply stops, old errors go. */
  private prepareTurn(): void {
    this.playback.stop();
    this.notices.clearError();
    this.setState('thinking');
  }

  private handleMessage(entry: ChatEntry): void {
    if (entry.role === 'notice') return;
    this.emit(new CcwMessageEvent({ role: entry.role, text: entry.text, persona: entry.persona, ...(entry.staff !== undefined ? { staff: entry.staff } : {}) }));
    // Agents answer in the customer's language, so a reply's script says which language the UI should show.
    if (entry.role === 'agent') this.noteLanguage(languageOfScript(entry.text));
  }

  /** Releases everything a call holds; returns the seconds the call was live. */
  private stopCall(rest: CallState): number {
    this.attempt++;
    this.calling = false;
    if (liveCall === this) liveCall = undefined;
    this.rest = rest;
    const seconds = this.clock.stop();
    this.input.stop();
    this.playback.stop();
    this.conversation.abort();
    void this.transport.disconnect();
    this.agent = { present: false };
    this.agentDown = false;
    this.conversation.finishOpenLines();
    this.roomLevel.stop();
    this.settle();
    return seconds;
  }

  private noteLanguage(language: 'en' | 'ar' | undefined): void {
    if (language) this.options.onLanguage(language);
  }

  /** Speaking while audio plays, thinking while a turn runs, else the resting state of the call. */
  private settle(): void {
    const roomState = this.calling && this.agent.present ? AGENT_STATES[this.agent.state ?? ''] : undefined;
    this.setState(this.playback.playing ? 'speaking' : this.conversation.busy ? 'thinking' : (roomState ?? this.rest));
  }

  /** The room's voices started or stopped playing: the equalizer can follow them. */
  private roomVoices(): void {
    const stream = this.transport.remoteStream;
    if (stream) this.roomLevel.start(stream);
    else this.roomLevel.stop();
  }

  /** The AI agent arrived in the room, changed state or persona, or left. */
  private agentChanged(agent: RoomAgent): void {
    if (!agent.present) this.agentDown = false;
    const seen = this.agentDown ? { present: false } : agent;
    const left = !seen.present && this.agent.present;
    const arrived = seen.present && !this.agent.present;
    this.agent = seen;
    // The customer talked before the agent came (typed first, or the call went on directly): it continues that.
    const transcript = arrived ? this.conversation.transcript() : undefined;
    if (transcript) this.transport.sendHistory(JSON.stringify({ ...transcript, language: this.options.settings().language }));
    if (agent.persona && PERSONAS.includes(agent.persona as Persona)) this.conversation.roomPersona(agent.persona as Persona);
    // It takes the next turn: a direct turn still in flight finishes, but no new one starts.
    if (left) this.conversation.finishOpenLines();
    if (left && this.calling) {
      // The agent went (its worker stopped): the call carries on directly, with the same conversation.
      this.notices.show({ text: (l) => l.term('livekitFallback'), tone: 'info' });
      console.warn('<call-center-widget>: the AI agent left the room; the call continues over HTTP.');
      this.carryOn();
    }
    this.settle();
  }

  /**
   * An event of the agent in the room. A retryable error is one turn that failed (shown as a direct turn's
   * failure would be; the customer just says it again); any other error means the agent cannot serve the call.
   */
  private agentEvent(event: AgentEvent): void {
    if (event.type !== 'error') return this.conversation.roomEvent(event);
    if (event.retryable) {
      this.notices.fail(turnFailure({ code: event.code, message: event.message, retryable: true }, false));
      return;
    }
    this.agentFailed(event.message);
  }

  /** The agent says it cannot serve the call: it stays in the room for staff, but turns go directly again. */
  private agentFailed(message: string): void {
    this.agent = { present: false };
    this.agentDown = true;
    this.conversation.finishOpenLines();
    this.carryOn();
    this.notices.show({ text: (l) => l.term('livekitFallback'), tone: 'info' });
    console.warn(`<call-center-widget>: the AI agent cannot serve this call (${message}); it continues over HTTP.`);
    this.settle();
  }

  private setState(next: CallState): void {
    const previous = this.current;
    if (next === previous) return;
    this.current = next;
    this.host.requestUpdate();
    this.emit(new CcwStateEvent({ state: next, previous }));
  }

  private emit(event: Event): boolean {
    return this.host.dispatchEvent(event);
  }
}

/** The agent's `lk.agent.state` as the call's state. */
const AGENT_STATES: Readonly<Record<string, CallState>> = { initializing: 'connecting', listening: 'listening', thinking: 'thinking', speaking: 'speaking' };
const PERSONAS: readonly Persona[] = ['reception', 'sales', 'complaints'];
