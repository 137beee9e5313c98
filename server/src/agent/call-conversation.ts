/**
 * One call's conversation, run by the same core as `/api/conversation` and `/api/voice-turn`: `runTurn` for
 * each customer turn (persona routing, transfers, memory, handoff, history committed only when a reply
 * completes) and `refuseTurn` for speech the recognizer would not guess at. The framework's adapters call in
 * here; what a direct turn streams as events becomes AgentEvents and attributes for the room.
 */
import type { AgentDispatchMetadata, ConversationResume, TurnEvent } from '@call-center-widget/protocol';
import { ApiError } from '../errors.ts';
import type { Language, Persona, Transcription } from '../providers/types.ts';
import { openConversation, resumeConversation } from '../services/conversations.ts';
import { refuseTurn } from '../services/refusal.ts';
import { resolveLanguage, runTurn, type TurnDeps } from '../services/turn.ts';
import type { Conversation } from '../stores/conversation-store.ts';
import { spokenRefusal } from '../text/refusals.ts';
import type { CallEvents } from './room-events.ts';

/** A call's conversation, as the agent's STT, LLM and TTS adapters see it. */
export class CallConversation {
  private heardLast: Transcription | undefined;
  private speaking: Language;

  private constructor(
    private readonly deps: TurnDeps,
    private conversation: Conversation,
    private readonly events: CallEvents,
    /** The call's room, kept on the tickets its turns record. */
    private readonly roomName?: string,
  ) {
    this.speaking = conversation.language;
  }

  /**
   * The conversation the dispatch names when the store holds it, else a new one with the dispatch's persona and
   * language; the widget learns the id from the `conversation` event either way. (Each call's process has a store
   * of its own for now, so a conversation begun over HTTP starts afresh here: sharing one needs a shared store.)
   */
  static open(deps: TurnDeps, start: AgentDispatchMetadata, events: CallEvents, roomName?: string): CallConversation {
    let conversation: Conversation;
    try {
      conversation = openConversation(deps.conversations, start.conversation_id, start.persona, start.language);
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== 'conversation_not_found') throw err;
      conversation = openConversation(deps.conversations, undefined, start.persona, start.language);
    }
    // A conversation carried over keeps the persona and language it had reached.
    return new CallConversation(deps, conversation, events, roomName);
  }

  private humanInCall = false;

  /** A member of staff is in the call: the agent answers nothing until they leave. */
  get standingBy(): boolean {
    return this.humanInCall;
  }

  /** Staff joined (true) or the last one left (false); the room is told either way. */
  standBy(humanInCall: boolean): void {
    if (humanInCall === this.humanInCall) return;
    this.humanInCall = humanInCall;
    this.events.send({ type: 'standby', active: humanInCall });
  }

  /** The conversation's id. */
  get id(): string {
    return this.conversation.id;
  }

  /** Who answers now. */
  get persona(): Persona {
    return this.conversation.persona;
  }

  /** The language the agent speaks now (the reply being written, else the last turn's). */
  get language(): Language {
    return this.speaking;
  }

  /** Tells the room which conversation the call's turns are recorded in, who answers, and in which language. */
  announce(): void {
    this.events.answering(this.persona, this.language);
    this.events.send({ type: 'conversation', conversation_id: this.id, persona: this.persona, language: this.language });
  }

  /**
   * The customer had talked before the agent came (the widget sends what they saw): the call continues that
   * conversation, as the server would. Only before the agent's first turn; later it would rewrite what was said.
   */
  continueFrom(resume: ConversationResume, language: Language): boolean {
    if (this.conversation.history.length > 0 || this.conversation.turnSeq > 0) return false;
    this.conversation = resumeConversation(this.deps.conversations, resume.messages, resume.persona, language);
    this.speaking = this.conversation.language;
    this.announce();
    return true;
  }

  /** The recognizer heard this; the turn that follows carries it (its language decides the reply's). */
  heard(transcription: Transcription): void {
    this.heardLast = transcription;
  }

  /**
   * Runs one customer turn (spoken or typed) through the conversation core and yields the reply's text as it is
   * written. Transfers, handoffs, tickets and failures go to the room as they happen. Aborting `signal` (the customer
   * spoke over the reply) cancels the turn; an unfinished reply never joins the history.
   */
  async *reply(message: string, signal: AbortSignal): AsyncGenerator<string> {
    const heard = this.heardLast;
    this.heardLast = undefined;
    // The framework may join two finals of one turn; the recognizer's language still speaks for them.
    const transcript = heard && message.includes(heard.text.trim()) ? heard : undefined;
    const language = resolveLanguage('auto', message, this.conversation.language, transcript?.language);
    this.speak(this.persona, language);
    const turn = runTurn(this.deps, { conversation: this.conversation, message, transcript, language, speak: false, roomName: this.roomName }, signal);
    for await (const event of turn) {
      const text = this.handle(event, signal);
      if (text) yield text;
    }
  }

  /**
   * Speech the recognizer heard but would not guess at: the `not_understood` event with requests it would
   * understand goes to the room, and the sentence to say is returned (nothing joins the history).
   */
  async refusal(signal: AbortSignal): Promise<string | undefined> {
    const input = { conversation: this.conversation, language: this.language, speak: false, startedAt: performance.now() };
    for await (const event of refuseTurn(this.deps, input, signal)) {
      if (event.type !== 'not_understood') continue;
      this.events.send(event);
      return spokenRefusal(this.language, event.examples);
    }
    return undefined;
  }

  /** A failure outside a turn (the recognizer broke down), told to the room so the widget can say so. */
  failed(code: Extract<TurnEvent, { type: 'error' }>['code'], message: string, retryable: boolean): void {
    this.events.send({ type: 'error', code, message, retryable });
  }

  private handle(event: TurnEvent, signal: AbortSignal): string | undefined {
    switch (event.type) {
      case 'delta':
        return event.text;
      case 'transfer':
        this.events.send(event);
        this.speak(event.to, this.speaking);
        return undefined;
      case 'handoff':
      case 'ticket':
        this.events.send(event);
        return undefined;
      case 'done':
        this.speak(event.persona, event.language);
        if (event.committed) this.writeNote();
        return undefined;
      case 'error':
        // A cancelled turn is the customer speaking over it, not a failure to report.
        if (!signal.aborted && event.code !== 'aborted') this.failed(event.code, event.message, event.retryable);
        return undefined;
      default:
        return undefined;
    }
  }

  /** Where the call stands, for staff who join it (call notes in the server's database); a failure costs nothing here. */
  private writeNote(): void {
    if (!this.roomName || !this.deps.callNotes) return;
    const c = this.conversation;
    try {
      this.deps.callNotes.save({
        roomName: this.roomName,
        conversationId: c.id,
        persona: c.persona,
        language: c.language,
        memory: c.memory,
        transcript: c.history.map((m) => ({ role: m.role, content: m.content, ...(m.role === 'assistant' && m.persona ? { persona: m.persona } : {}) })),
      });
    } catch (err) {
      this.deps.logError?.('the call note could not be written', err);
    }
  }

  private speak(persona: Persona, language: Language): void {
    this.speaking = language;
    this.events.answering(persona, language);
  }
}
