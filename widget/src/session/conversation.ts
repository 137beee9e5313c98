/**
 * The conversation as the customer sees it: turns run by a TurnRunner, their events written into a ChatLog,
 * the conversation's id and answering persona, and the last failed input kept so a retry sends it again.
 * Nothing the customer said is lost: a failed turn's words stay in the log, marked as not sent.
 */
import type {
  AgentEvent,
  ConversationHistory,
  ConversationMessage,
  ConversationResume,
  LanguageChoice,
  MaxResumedMessages,
  Persona,
  TurnEvent,
} from '@call-center-widget/protocol';
import type { ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/client.ts';
import type { RoomTranscript } from '../controllers/transport-controller.ts';
import { TurnRunner, type TurnInput, type TurnOutcome } from '../controllers/turn-runner.ts';
import type { ChatEntry, TurnError } from '../types.ts';
import { ChatLog, type TurnLines } from './chat-log.ts';
import type { CcwLatencyDetail } from '../events/latency-event.ts';
import { TurnLatency } from './latency.ts';

/** Most lines carried to the server when it continues a conversation (the contract's cap; a type keeps them equal). */
const MAX_CARRIED: MaxResumedMessages = 200;

/** What each turn is sent with (the element's attributes at the time, and the server). */
export interface TurnSettings {
  readonly api: ApiClient;
  readonly persona: Persona;
  readonly language: LanguageChoice;
  readonly voice: string | undefined;
  readonly speak: boolean;
}

/** What the conversation tells the session. */
export interface ConversationCallbacks {
  /** Something shown changed. */
  changed(): void;
  /** The conversation's id on the server, whenever a turn names it (so the page can keep it). */
  onConversation(conversationId: string): void;
  /** The customer's speech as the server heard it. */
  onHeard(text: string, language: string): void;
  /** A finished customer or agent line. */
  onMessage(entry: ChatEntry): void;
  onTransfer(from: Persona, to: Persona, reason: string): void;
  onHandoff(reason: string): void;
  /** Sentence `index` of run `run`'s spoken reply. */
  onAudio(run: number, index: number, audioBase64: string): void;
  onLatency(report: CcwLatencyDetail): void;
  /** The reply could not be spoken; its text carries on. */
  onSpeechFailed(code: TurnError['code'], message: string): void;
  /** The newest turn ended: `error` when it failed (`canRetry`: its input is kept for `retry()`). */
  onTurnEnd(error: TurnError | undefined, canRetry: boolean): void;
  /** What a failure really means, when the session knows more (a refused site shows as a network error). */
  explain?(error: TurnError): TurnError;
}

/** Localized lines the conversation adds to the log (frozen into the log when added). */
export interface ConversationTexts {
  transfer(from: Persona, to: Persona): string;
}

interface Turn {
  readonly input: TurnInput;
  readonly speak: boolean;
  readonly lines: TurnLines;
  readonly latency: TurnLatency;
  readonly personaBefore: Persona | undefined;
}

/** Turns, log, retry. */
export class Conversation {
  private readonly callbacks: ConversationCallbacks;
  private readonly texts: ConversationTexts;
  private readonly log = new ChatLog();
  private readonly runner: TurnRunner;
  private readonly turns = new Map<number, Turn>();
  private id: string | undefined;
  private active: Persona | undefined;
  private failed: { readonly input: TurnInput; readonly speak: boolean; readonly customer: number | undefined; readonly retryable: boolean } | undefined;
  // Lines the AI agent in the room is writing, by its segment id.
  private readonly segments = new Map<string, number>();

  constructor(host: ReactiveControllerHost, callbacks: ConversationCallbacks, texts: ConversationTexts) {
    this.callbacks = callbacks;
    this.texts = texts;
    this.runner = new TurnRunner(host, {
      onEvent: (event, run) => this.apply(run, event),
      onRestart: () => {
        // The server forgot the conversation: the same input starts a new one.
        this.id = undefined;
      },
      onEnd: (run, outcome) => this.end(run, outcome),
    });
  }

  /** The transcript and chat log. */
  get entries(): readonly ChatEntry[] {
    return this.log.entries;
  }
  /** The persona answering now (after transfers); undefined before the first turn. */
  get persona(): Persona | undefined {
    return this.active;
  }
  /** A turn is in flight. */
  get busy(): boolean {
    return this.runner.busy;
  }
  /** The customer line a retry would send again; undefined when nothing failed, or trying again cannot help. */
  get retryId(): number | undefined {
    return this.failed?.retryable ? this.failed.customer : undefined;
  }
  /** A failed turn is waiting for `retry()`. */
  get canRetry(): boolean {
    return this.failed !== undefined;
  }

  /** Sends typed text or an utterance as a new turn (aborting any turn in flight). */
  send(input: TurnInput, settings: TurnSettings): Promise<void> {
    const customer = input.kind === 'text' ? this.log.add({ role: 'customer', text: input.text }) : undefined;
    if (customer) this.callbacks.onMessage(customer);
    return this.start(input, settings, customer?.id);
  }

  /** Sends the last failed turn again (text or audio), speaking or not as it first asked; nothing is lost. */
  retry(settings: Omit<TurnSettings, 'speak'>): Promise<void> {
    const failed = this.failed;
    if (!failed) return Promise.resolve();
    const input: TurnInput = failed.input.kind === 'audio' ? { ...failed.input, speechEndAt: performance.now() } : failed.input;
    return this.start(input, { ...settings, speak: failed.speak }, failed.customer);
  }

  /** Aborts the turn in flight (barge-in, end of call); only the newest turn's results ever land. */
  abort(): void {
    this.runner.abort();
  }

  /** The conversation's id on the server, once a turn has started one. */
  get conversationId(): string | undefined {
    return this.id;
  }

  /** Continues a conversation the page kept; if the server has forgotten it, the next turn starts a new one. */
  resume(conversationId: string | undefined): void {
    this.id = conversationId;
  }

  /**
   * What the customer saw of the conversation, for the server to continue it (`POST /api/conversation/resume`):
   * the finished lines, newest last, as many of the newest as fit in `budget` characters. Undefined when there is
   * nothing to carry.
   */
  transcript(budget = 24_000): ConversationResume | undefined {
    const messages: ConversationMessage[] = [];
    let used = 0;
    for (const e of [...this.log.entries].reverse()) {
      if (e.pending || e.failed || e.examples || e.role === 'notice') continue;
      used += e.text.length + 64;
      if (used > budget || messages.length === MAX_CARRIED) break;
      messages.unshift(e.role === 'agent' ? { role: 'agent', text: e.text, ...(e.persona ? { persona: e.persona } : {}) } : { role: 'customer', text: e.text });
    }
    if (messages.length === 0) return undefined;
    return { messages, ...(this.active ? { persona: this.active } : {}) };
  }

  /** Shows what was said before, from the server (a page the customer moved to), and continues that conversation. */
  restore(history: ConversationHistory): void {
    if (this.log.entries.length > 0 || this.runner.busy) return;
    this.id = history.conversation_id;
    this.active = history.persona;
    for (const m of history.messages) this.log.add(m.role === 'agent' ? { role: 'agent', text: m.text, persona: m.persona } : { role: 'customer', text: m.text });
    this.callbacks.changed();
  }

  /**
   * A transcript line from the AI agent in the room (LiveKit mode): the customer's words as it heard them, or
   * its reply as it speaks, written into the same log as direct turns.
   */
  roomTranscript(line: RoomTranscript): void {
    const text = line.text.trim();
    const id = this.segments.get(line.segment);
    let entry = id === undefined ? undefined : this.log.entry(id);
    if (!entry) {
      if (text === '') return;
      // A line still open from the same side was cut off (the customer spoke over the agent, or the stream was
      // dropped): what arrived stands, finished, before the next line begins.
      this.finishOpenLines(line.role);
      const fields = line.role === 'agent' ? ({ role: 'agent', persona: this.active ?? 'reception' } as const) : ({ role: 'customer' } as const);
      entry = this.log.add({ ...fields, text, pending: !line.final });
      this.segments.set(line.segment, entry.id);
    } else {
      entry = this.log.update(entry.id, { text, pending: !line.final });
    }
    if (line.final && entry) {
      this.segments.delete(line.segment);
      if (entry.role === 'customer') this.callbacks.onHeard(entry.text, entry.language ?? '');
      this.callbacks.onMessage(entry);
    }
    this.callbacks.changed();
  }

  /** Finishes the lines (of `role`, or all) the room is still writing: the agent left, or the call ended. */
  finishOpenLines(role?: RoomTranscript['role']): void {
    for (const [segment, id] of this.segments) {
      const open = this.log.entry(id);
      if (open && role && open.role !== role) continue;
      this.segments.delete(segment);
      if (!open?.pending) continue;
      const done = this.log.update(id, { pending: false });
      if (done) this.callbacks.onMessage(done);
    }
  }

  /** Typed text the AI agent in the room will answer: the customer's line, finished at once. */
  roomMessage(text: string): void {
    const entry = this.log.add({ role: 'customer', text });
    this.callbacks.onMessage(entry);
    this.callbacks.changed();
  }

  /** An event of the AI agent in the room: the same meaning as in a direct turn. */
  roomEvent(event: AgentEvent): void {
    switch (event.type) {
      case 'conversation':
        this.named(event.conversation_id, event.persona);
        break;
      case 'transfer':
        this.log.add({ role: 'notice', text: this.texts.transfer(event.from, event.to), transfer: { from: event.from, to: event.to, reason: event.reason } });
        this.active = event.to;
        this.callbacks.onTransfer(event.from, event.to, event.reason);
        break;
      case 'handoff':
        this.callbacks.onHandoff(event.reason);
        break;
      case 'not_understood': {
        const entry = this.log.add({ role: 'agent', text: event.text, persona: event.persona, examples: event.examples });
        this.callbacks.onMessage(entry);
        break;
      }
      case 'error':
        break;
    }
    this.callbacks.changed();
  }

  /** The persona the agent in the room says is answering. */
  roomPersona(persona: Persona): void {
    if (this.active === persona) return;
    this.active = persona;
    this.callbacks.changed();
  }

  /** A member of staff wrote to the customer (the text desk): an agent line under their name. */
  staffLine(name: string, text: string): void {
    const entry = this.log.add({ role: 'agent', text, staff: name });
    this.callbacks.onMessage(entry);
    this.callbacks.changed();
  }

  /** Adds a notice line (a handoff, a chat line from the room). */
  addNotice(text: string): void {
    this.log.add({ role: 'notice', text });
    this.callbacks.changed();
  }

  private start(input: TurnInput, settings: TurnSettings, customer: number | undefined): Promise<void> {
    // A turn in flight is superseded: its lines stop streaming, and nothing more of it lands.
    this.turns.clear();
    this.log.settle();
    this.failed = undefined;
    const turn: Turn = {
      input,
      speak: settings.speak,
      lines: this.log.begin(customer),
      latency: new TurnLatency(input.kind === 'audio' ? input.speechEndAt : undefined),
      personaBefore: this.active,
    };
    const done = this.runner.run({
      api: settings.api,
      input,
      persona: this.active ?? settings.persona,
      language: settings.language,
      conversationId: this.id,
      voice: settings.voice,
      speak: settings.speak,
    });
    // run() numbers the run before its first await, so no event of it can have arrived yet.
    this.turns.set(this.runner.latest, turn);
    this.callbacks.changed();
    return done;
  }

  /** The server (or the agent in the room) named the conversation and who answers in it. */
  private named(conversationId: string, persona: Persona): void {
    this.id = conversationId;
    this.active = persona;
    this.callbacks.onConversation(conversationId);
  }

  private apply(run: number, event: TurnEvent): void {
    const turn = this.turns.get(run);
    if (!turn) return;
    turn.latency.mark(event);
    const finished = this.write(turn, event);
    if (finished) this.callbacks.onMessage(finished);
    switch (event.type) {
      case 'start':
        this.named(event.conversation_id, event.persona);
        break;
      case 'not_understood':
        this.callbacks.onMessage(this.log.entry(turn.lines.agent)!);
        turn.lines.agent = undefined;
        break;
      case 'transcript':
        this.callbacks.onHeard(event.text, event.language);
        this.callbacks.onMessage(this.log.entry(turn.lines.customer)!);
        break;
      case 'transfer':
        this.active = event.to;
        this.callbacks.onTransfer(event.from, event.to, event.reason);
        break;
      case 'handoff':
        this.callbacks.onHandoff(event.reason);
        break;
      case 'audio':
        this.callbacks.onAudio(run, event.index, event.audio_base64);
        break;
      case 'done':
        this.named(event.conversation_id, event.persona);
        this.callbacks.onLatency(turn.latency.report(event.timings_ms));
        break;
      case 'error':
        // Only synthesis errors arrive here: the text reply carries on.
        this.callbacks.onSpeechFailed(event.code, event.message);
        break;
      case 'delta':
        break;
    }
    this.callbacks.changed();
  }

  /** Writes an event into the log; returns a line it finished. */
  private write(turn: Turn, event: TurnEvent): ChatEntry | undefined {
    switch (event.type) {
      case 'transcript':
        this.log.heard(turn.lines, event.text, event.language);
        return undefined;
      case 'delta':
        return this.log.reply(turn.lines, event.persona, event.text);
      case 'transfer': {
        const { from, to, reason } = event;
        return this.log.transfer(turn.lines, { role: 'notice', text: this.texts.transfer(from, to), persona: to, transfer: { from, to, reason } }, to);
      }
      case 'not_understood':
        // Said by the persona, with the examples offered: a finished line (the customer's words are unknown).
        turn.lines.agent = this.log.add({ role: 'agent', text: event.text, persona: event.persona, examples: event.examples }).id;
        return undefined;
      case 'done':
        return this.log.finish(turn.lines);
      default:
        return undefined;
    }
  }

  private end(run: number, outcome: TurnOutcome): void {
    const turn = this.turns.get(run);
    this.turns.delete(run);
    if ('aborted' in outcome || outcome.ok) {
      this.log.settle();
      this.callbacks.changed();
      this.callbacks.onTurnEnd(undefined, false);
      return;
    }
    const error = this.callbacks.explain?.(outcome.error) ?? outcome.error;
    // The server keeps nothing of a failed turn: its partial reply goes, so a retry does not repeat it.
    if (turn) {
      this.log.fail(turn.lines);
      this.active = turn.personaBefore;
      this.failed = { input: turn.input, speak: turn.speak, customer: turn.lines.customer, retryable: error.retryable };
    }
    this.callbacks.changed();
    this.callbacks.onTurnEnd(error, this.failed !== undefined);
  }
}
