/**
 * Conversations held in memory: server-issued ids, history capped per conversation, evicted after an idle TTL
 * or when the store is full (least recently active first).
 *
 * An unknown or expired id is answered with `conversation_not_found` (404) rather than silently starting
 * afresh, so the client knows the agent has forgotten and can start a new conversation with the same message.
 */
import { randomBytes } from 'node:crypto';
import type { ChatMessage, ConversationMemory, Language, Persona } from '../providers/types.ts';

/** One conversation's state. */
export interface Conversation {
  readonly id: string;
  /** The persona answering now (changes on transfer). */
  persona: Persona;
  /** The language of the last turn. */
  language: Language;
  history: ChatMessage[];
  memory: ConversationMemory;
  /** Incremented when a turn starts; a turn commits only if no newer turn has started since (barge-in). */
  turnSeq: number;
  lastActiveAt: number;
  readonly createdAt: number;
}

/** Options of the store. */
export interface ConversationStoreOptions {
  readonly idleTtlSeconds: number;
  /** Turns (a customer message and its reply) kept per conversation. */
  readonly maxTurns: number;
  readonly maxConversations: number;
  readonly now?: () => number;
}

/** A finished turn to append to history. */
export interface CompletedTurn {
  readonly userMessage: string;
  readonly reply: string;
  readonly persona: Persona;
  readonly language: Language;
  readonly memory?: ConversationMemory;
  /** Who said which part of the reply, when a transfer handed it from one persona to another. */
  readonly parts?: readonly { readonly persona: Persona; readonly text: string }[];
}

const ID_PATTERN = /^conv_[A-Za-z0-9_-]{22}$/;

/** In-memory conversation store. */
export class ConversationStore {
  private readonly conversations = new Map<string, Conversation>();
  private readonly now: () => number;

  constructor(private readonly options: ConversationStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  /** True when `id` has the shape of an id this store issues (cheap check before a lookup). */
  static isValidId(id: string): boolean {
    return ID_PATTERN.test(id);
  }

  /** Starts a conversation. */
  create(persona: Persona, language: Language): Conversation {
    this.sweep();
    while (this.conversations.size >= this.options.maxConversations) {
      const oldest = this.conversations.keys().next().value as string;
      this.conversations.delete(oldest);
    }
    const at = this.now();
    const conversation: Conversation = {
      id: `conv_${randomBytes(16).toString('base64url')}`,
      persona,
      language,
      history: [],
      memory: {},
      turnSeq: 0,
      lastActiveAt: at,
      createdAt: at,
    };
    this.conversations.set(conversation.id, conversation);
    return conversation;
  }

  /** The live conversation with this id, or undefined when unknown or expired. Touching keeps it alive. */
  get(id: string): Conversation | undefined {
    const conversation = this.conversations.get(id);
    if (!conversation) return undefined;
    if (this.isExpired(conversation, this.now())) {
      this.conversations.delete(id);
      return undefined;
    }
    this.touch(conversation);
    return conversation;
  }

  /** Marks a turn as started and returns its sequence number. */
  beginTurn(conversation: Conversation): number {
    this.touch(conversation);
    conversation.turnSeq += 1;
    return conversation.turnSeq;
  }

  /**
   * Appends a finished turn, unless a newer turn started meanwhile (the customer barged in: the older reply
   * was cut off and is not what they heard). Returns whether it was committed.
   */
  commitTurn(conversation: Conversation, seq: number, turn: CompletedTurn): boolean {
    if (conversation.turnSeq !== seq || !this.conversations.has(conversation.id)) return false;
    conversation.history.push(
      { role: 'user', content: turn.userMessage },
      turn.parts && turn.parts.length > 1
        ? { role: 'assistant', content: turn.reply, persona: turn.persona, parts: turn.parts }
        : { role: 'assistant', content: turn.reply, persona: turn.persona },
    );
    const maxMessages = this.options.maxTurns * 2;
    if (conversation.history.length > maxMessages) conversation.history.splice(0, conversation.history.length - maxMessages);
    conversation.persona = turn.persona;
    conversation.language = turn.language;
    if (turn.memory) conversation.memory = { ...turn.memory };
    this.touch(conversation);
    return true;
  }

  /** Gives a new conversation the history and memory it had elsewhere (the newest turns the cap allows). */
  restore(conversation: Conversation, history: readonly ChatMessage[], memory: ConversationMemory): void {
    conversation.history = history.slice(-this.options.maxTurns * 2);
    conversation.memory = { ...memory };
    this.touch(conversation);
  }

  /** Drops expired conversations; returns how many. */
  sweep(): number {
    const at = this.now();
    let removed = 0;
    // Map order is least recently active first (touch re-inserts), so stop at the first live one.
    for (const conversation of this.conversations.values()) {
      if (!this.isExpired(conversation, at)) break;
      this.conversations.delete(conversation.id);
      removed += 1;
    }
    return removed;
  }

  /** Conversations held now. */
  get size(): number {
    return this.conversations.size;
  }

  private isExpired(conversation: Conversation, at: number): boolean {
    return at - conversation.lastActiveAt > this.options.idleTtlSeconds * 1000;
  }

  private touch(conversation: Conversation): void {
    conversation.lastActiveAt = this.now();
    this.conversations.delete(conversation.id);
    this.conversations.set(conversation.id, conversation);
  }
}
