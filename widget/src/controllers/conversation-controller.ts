/**
 * The turn state machine, in the spirit of @lit/task: every turn has its own AbortController, a new turn (or
 * `abort()`) aborts the one in flight, and only the newest turn's events ever land. Keeps the chat log
 * (`entries`), the conversation id, and the last failed input so `retry()` can send it again.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, type ApiClient } from '../api/client.ts';
import type { Persona, TurnEvent } from '../api/types.ts';

/** What the call is doing, as the element shows it. */
export type CallState = 'idle' | 'connecting' | 'listening' | 'thinking' | 'speaking' | 'ended' | 'error';

/** One line of the transcript and chat log. */
export interface ChatEntry {
  id: number;
  role: 'customer' | 'agent' | 'notice';
  text: string;
  persona?: Persona;
  /** An agent message still streaming in. */
  pending?: boolean;
  /** A customer message whose turn failed; `retry()` sends it again. */
  failed?: boolean;
  language?: string;
  /** On a transfer notice: who handed over to whom (`text` comes from `transferNotice`). */
  transfer?: { from: Persona; to: Persona; reason: string };
}

/** Per-turn timings; the client-side ones only for spoken turns (measured from the end of speech). */
export interface LatencyReport {
  speech_end_to_transcript_ms?: number;
  speech_end_to_first_text_ms?: number;
  speech_end_to_first_audio_ms?: number;
  /** The server's `timings_ms` (from the start of the turn on the server). */
  server: Record<string, number>;
}

/** The last failed turn's error, for the notice line (`retryAfterSeconds` after a 429). */
export interface TurnError {
  code: string;
  message: string;
  retryable: boolean;
  retryAfterSeconds?: number;
}

/** What the conversation tells the element. */
export interface ConversationCallbacks {
  onTranscript(text: string, language: string): void;
  /** A finished agent or customer message. */
  onMessage(entry: ChatEntry): void;
  onTransfer(from: Persona, to: Persona, reason: string): void;
  onHandoff(reason: string): void;
  onLatency(t: LatencyReport): void;
  /** A failed turn (the input is kept for `retry()`), or a synthesis failure while the text reply carries on. */
  onError(code: string, message: string, retryable: boolean): void;
  /** Sentence `index` of turn `turn` (forward to PlaybackController.enqueue). */
  onAudio(turn: number, index: number, audioBase64: string): void;
  /** The newest turn ended (done, failed or aborted); not called for a turn superseded by a newer one. */
  onTurnEnd(): void;
}

type TurnInput = { kind: 'text'; text: string } | { kind: 'audio'; wav: Blob; speechEndAt: number };

interface Turn {
  readonly id: number;
  readonly input: TurnInput;
  readonly controller: AbortController;
  readonly personaBefore: Persona | undefined;
  customerEntryId: number | undefined;
  agentEntryId: number | undefined;
  /** Agent and notice entries this turn added; removed again if it fails (the server did not keep them). */
  readonly added: number[];
  readonly latency: Omit<LatencyReport, 'server'>;
}

/** An `error` event of the turn stream: the server says whether trying again can help. */
class TurnFailed extends ApiError {
  constructor(code: string, message: string, readonly retryable: boolean) {
    super(code, 200, message);
  }
}

/** Classifies a failure: unreachable, rate limited, provider trouble or a cut stream can be retried as is. */
function toTurnError(err: unknown): TurnError {
  const e = err instanceof ApiError ? err : new ApiError('internal_error', 0, 'Something went wrong. Please try again.', undefined, { cause: err });
  const retryable =
    e instanceof TurnFailed ? e.retryable : e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500 || e.code === 'stream_incomplete';
  const error: TurnError = { code: e.code, message: e.message, retryable };
  if (e.retryAfterSeconds !== undefined) error.retryAfterSeconds = e.retryAfterSeconds;
  return error;
}

/** The conversation with the AI personas: turns, chat log, retry, and recovery of an expired conversation. */
export class ConversationController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly callbacks: ConversationCallbacks;
  private list: readonly ChatEntry[] = [];
  private nextEntryId = 1;
  private turnSeq = 0;
  private current: Turn | undefined;
  private failedTurn: { input: TurnInput; customerEntryId: number | undefined } | undefined;
  private id: string | undefined;
  private active: Persona | undefined;
  private failure: TurnError | undefined;

  /** Set by the element once the server URL is known. */
  api: ApiClient | undefined;
  /** Who answers the first turn of a new conversation. */
  persona: Persona = 'reception';
  language: 'auto' | 'en' | 'ar' = 'auto';
  /** Voice for synthesis; the server's default for the language when undefined. */
  voice: string | undefined;
  /** Ask the server to speak the reply (typed and spoken turns alike). */
  speak = true;
  /** The text of a transfer notice entry; the element sets a localized one. */
  transferNotice: (from: Persona, to: Persona, reason: string) => string = (from, to) => `${from} → ${to}`;

  constructor(host: ReactiveControllerHost, callbacks: ConversationCallbacks) {
    this.host = host;
    this.callbacks = callbacks;
    host.addController(this);
  }

  /** The transcript/chat log, in order. */
  get entries(): readonly ChatEntry[] {
    return this.list;
  }

  get conversationId(): string | undefined {
    return this.id;
  }

  /** The persona answering now (after transfers); undefined before the first turn. */
  get activePersona(): Persona | undefined {
    return this.active;
  }

  /** A turn is in flight. */
  get busy(): boolean {
    return this.current !== undefined;
  }

  /** The id of the newest turn (what `onAudio` passes as `turn`). */
  get turn(): number {
    return this.turnSeq;
  }

  /** A failed turn is waiting for `retry()`. */
  get canRetry(): boolean {
    return this.failedTurn !== undefined;
  }

  /** Why the last turn failed; cleared when the next turn starts. */
  get lastError(): TurnError | undefined {
    return this.failure;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.abort();
  }

  /** Sends typed text (new turn; aborts any turn in flight). */
  sendText(text: string): Promise<void> {
    const message = text.trim();
    if (message === '') return Promise.resolve();
    return this.run({ kind: 'text', text: message }, undefined);
  }

  /** Sends an utterance; `speechEndAt` = performance.now() at end of speech, for latency. */
  sendAudio(wav: Blob, speechEndAt: number): Promise<void> {
    return this.run({ kind: 'audio', wav, speechEndAt }, undefined);
  }

  /** Re-sends the last failed turn (text or audio); nothing the customer said is lost. */
  retry(): Promise<void> {
    const failed = this.failedTurn;
    if (!failed) return Promise.resolve();
    const input: TurnInput = failed.input.kind === 'audio' ? { ...failed.input, speechEndAt: performance.now() } : failed.input;
    return this.run(input, failed.customerEntryId);
  }

  /** Aborts the turn in flight (barge-in); only the newest turn's results ever land. */
  abort(): void {
    const turn = this.current;
    if (!turn) return;
    this.current = undefined;
    turn.controller.abort();
    this.settle();
    this.host.requestUpdate();
    this.callbacks.onTurnEnd();
  }

  /** Continues a conversation the page kept (e.g. in sessionStorage); if the server forgot it, a new one starts. */
  resume(conversationId: string): void {
    this.id = conversationId;
    this.host.requestUpdate();
  }

  /** Adds a notice line (fallbacks, errors) to the log. */
  addNotice(text: string): void {
    this.add({ role: 'notice', text });
    this.host.requestUpdate();
  }

  /** Forgets everything: aborts the turn, clears the log, the conversation id and any failed input. */
  reset(): void {
    this.current?.controller.abort();
    this.current = undefined;
    this.list = [];
    this.id = undefined;
    this.active = undefined;
    this.failedTurn = undefined;
    this.failure = undefined;
    this.host.requestUpdate();
  }

  private async run(input: TurnInput, retryEntryId: number | undefined): Promise<void> {
    this.current?.controller.abort();
    this.settle();
    const turn: Turn = {
      id: ++this.turnSeq,
      input,
      controller: new AbortController(),
      personaBefore: this.active,
      customerEntryId: retryEntryId,
      agentEntryId: undefined,
      added: [],
      latency: {},
    };
    this.current = turn;
    this.failedTurn = undefined;
    this.failure = undefined;
    if (retryEntryId !== undefined) this.patch(retryEntryId, { failed: false });
    if (input.kind === 'text' && retryEntryId === undefined) {
      turn.customerEntryId = this.add({ role: 'customer', text: input.text }).id;
      this.callbacks.onMessage(this.entry(turn.customerEntryId)!);
    }
    this.host.requestUpdate();
    try {
      await this.stream(turn);
      if (turn !== this.current) return;
      this.current = undefined;
      this.host.requestUpdate();
      this.callbacks.onTurnEnd();
    } catch (err) {
      if (turn !== this.current) return;
      this.fail(turn, toTurnError(err));
    }
  }

  /** Streams the turn; an expired conversation is dropped and the same input sent once more as a new one. */
  private async stream(turn: Turn): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const sentId = this.id;
      try {
        for await (const event of this.open(turn)) {
          if (turn !== this.current) return;
          this.apply(turn, event);
        }
        return;
      } catch (err) {
        if (turn !== this.current) return;
        if (attempt === 0 && sentId !== undefined && err instanceof ApiError && err.code === 'conversation_not_found') {
          this.id = undefined;
          this.host.requestUpdate();
          continue;
        }
        throw err;
      }
    }
  }

  private open(turn: Turn): AsyncIterable<TurnEvent> {
    if (!this.api) throw new ApiError('not_configured', 0, 'The widget has no support server to talk to.');
    const fields = {
      persona: this.active ?? this.persona,
      language: this.language,
      conversation_id: this.id,
      speak: this.speak,
      voice: this.voice,
    };
    const { input } = turn;
    const { signal } = turn.controller;
    return input.kind === 'text'
      ? this.api.conversation({ message: input.text, ...fields }, signal)
      : this.api.voiceTurn({ audio: input.wav, ...fields }, signal);
  }

  private apply(turn: Turn, event: TurnEvent): void {
    switch (event.type) {
      case 'start':
        this.id = event.conversation_id;
        this.active = event.persona;
        break;
      case 'transcript': {
        turn.latency.speech_end_to_transcript_ms ??= this.sinceSpeechEnd(turn);
        const fields = { role: 'customer', text: event.text, language: event.language, failed: false } as const;
        if (turn.customerEntryId !== undefined && this.entry(turn.customerEntryId)) this.patch(turn.customerEntryId, fields);
        else turn.customerEntryId = this.add(fields).id;
        this.callbacks.onTranscript(event.text, event.language);
        this.callbacks.onMessage(this.entry(turn.customerEntryId)!);
        break;
      }
      case 'delta': {
        turn.latency.speech_end_to_first_text_ms ??= this.sinceSpeechEnd(turn);
        const agent = turn.agentEntryId === undefined ? undefined : this.entry(turn.agentEntryId);
        if (agent && agent.persona === event.persona) this.patch(agent.id, { text: agent.text + event.text });
        else {
          if (agent) this.finishAgent(turn);
          this.startAgent(turn, event.persona, event.text);
        }
        break;
      }
      case 'transfer': {
        const { from, to, reason } = event;
        this.finishAgent(turn);
        turn.added.push(this.add({ role: 'notice', text: this.transferNotice(from, to, reason), persona: to, transfer: { from, to, reason } }).id);
        this.active = to;
        this.startAgent(turn, event.to, '');
        this.callbacks.onTransfer(from, to, reason);
        break;
      }
      case 'handoff':
        this.callbacks.onHandoff(event.reason);
        break;
      case 'audio':
        turn.latency.speech_end_to_first_audio_ms ??= this.sinceSpeechEnd(turn);
        this.callbacks.onAudio(turn.id, event.index, event.audio_base64);
        break;
      case 'done':
        this.finishAgent(turn);
        this.id = event.conversation_id;
        this.active = event.persona;
        this.callbacks.onLatency({ ...definedOnly(turn.latency), server: { ...event.timings_ms } as Record<string, number> });
        break;
      case 'error':
        // A synthesis failure leaves the text reply intact (the server still finishes and keeps the turn).
        if (event.stage === 'synthesis') this.callbacks.onError(event.code, event.message, false);
        else throw new TurnFailed(event.code, event.message, event.retryable);
        break;
    }
    this.host.requestUpdate();
  }

  private fail(turn: Turn, error: TurnError): void {
    this.current = undefined;
    this.failure = error;
    // The server keeps nothing of a failed turn: drop its partial reply so a retry does not repeat it.
    const removed = new Set(turn.added);
    this.list = this.list.filter((e) => !removed.has(e.id));
    this.active = turn.personaBefore;
    if (turn.customerEntryId !== undefined) this.patch(turn.customerEntryId, { failed: true });
    this.failedTurn = { input: turn.input, customerEntryId: turn.customerEntryId };
    this.host.requestUpdate();
    this.callbacks.onError(error.code, error.message, error.retryable);
    this.callbacks.onTurnEnd();
  }

  private startAgent(turn: Turn, persona: Persona, text: string): void {
    turn.agentEntryId = this.add({ role: 'agent', text, persona, pending: true }).id;
    turn.added.push(turn.agentEntryId);
  }

  private finishAgent(turn: Turn): void {
    const agent = turn.agentEntryId === undefined ? undefined : this.entry(turn.agentEntryId);
    turn.agentEntryId = undefined;
    if (!agent) return;
    const text = agent.text.trim();
    if (text === '') {
      this.list = this.list.filter((e) => e.id !== agent.id);
      return;
    }
    this.patch(agent.id, { text, pending: false });
    this.callbacks.onMessage(this.entry(agent.id)!);
  }

  /** Ends the streaming look of an interrupted turn's entries; empty placeholders go. */
  private settle(): void {
    if (!this.list.some((e) => e.pending)) return;
    this.list = this.list
      .filter((e) => !(e.pending && e.text.trim() === ''))
      .map((e) => (e.pending ? { ...e, text: e.text.trim(), pending: false } : e));
  }

  private sinceSpeechEnd(turn: Turn): number | undefined {
    return turn.input.kind === 'audio' ? Math.round(performance.now() - turn.input.speechEndAt) : undefined;
  }

  private add(fields: Omit<ChatEntry, 'id'>): ChatEntry {
    const entry: ChatEntry = { id: this.nextEntryId++, ...fields };
    this.list = [...this.list, entry];
    return entry;
  }

  private entry(id: number): ChatEntry | undefined {
    return this.list.find((e) => e.id === id);
  }

  private patch(id: number, fields: Partial<ChatEntry>): void {
    this.list = this.list.map((e) => (e.id === id ? { ...e, ...fields } : e));
  }
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
