/**
 * Conversations held in memory: server-issued ids, history capped per conversation in turns and in bytes, evicted
 * after an idle TTL, or when the store is full — in count or in bytes — least recently active first. A
 * conversation over its byte cap loses its oldest turns, never the turn just finished.
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
  /** Bytes all conversations may hold together (text counted as UTF-16, as V8 keeps most of it); default 256 MiB. */
  readonly maxBytes?: number;
  /** Bytes one conversation may hold; its oldest turns go first. Default 256 KiB. */
  readonly maxConversationBytes?: number;
  readonly now?: () => number;
}

/** Bytes one message takes, roughly: its text as UTF-16, and a little for the object around it. */
function messageBytes(m: ChatMessage): number {
  let chars = m.content.length;
  for (const p of m.parts ?? []) chars += p.text.length + 16;
  return 2 * chars + 64;
}

function memoryBytes(memory: ConversationMemory): number {
  let chars = 0;
  for (const [k, v] of Object.entries(memory)) chars += k.length + v.length;
  return 2 * chars + 64;
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
  /** Bytes each conversation holds, and all of them together. */
  private readonly sizes = new Map<string, number>();
  private totalBytes = 0;
  private readonly now: () => number;
  private readonly maxBytes: number;
  private readonly maxConversationBytes: number;

  constructor(private readonly options: ConversationStoreOptions) {
    this.now = options.now ?? Date.now;
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.maxConversationBytes = options.maxConversationBytes ?? 256 * 1024;
  }

  /** True when `id` has the shape of an id this store issues (cheap check before a lookup). */
  static isValidId(id: string): boolean {
    return ID_PATTERN.test(id);
  }

  /** Starts a conversation. */
  create(persona: Persona, language: Language): Conversation {
    this.sweep();
    while (this.conversations.size >= this.options.maxConversations) this.drop(this.conversations.keys().next().value as string);
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
    this.measure(conversation);
    return conversation;
  }

  /** The live conversation with this id, or undefined when unknown or expired. Touching keeps it alive. */
  get(id: string): Conversation | undefined {
    const conversation = this.conversations.get(id);
    if (!conversation) return undefined;
    if (this.isExpired(conversation, this.now())) {
      this.drop(id);
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
    this.fit(conversation);
    return true;
  }

  /** Gives a new conversation the history and memory it had elsewhere (the newest turns the cap allows). */
  restore(conversation: Conversation, history: readonly ChatMessage[], memory: ConversationMemory): void {
    conversation.history = history.slice(-this.options.maxTurns * 2);
    conversation.memory = { ...memory };
    this.touch(conversation);
    this.fit(conversation);
  }

  /** Drops expired conversations; returns how many. */
  sweep(): number {
    const at = this.now();
    let removed = 0;
    // Map order is least recently active first (touch re-inserts), so stop at the first live one.
    for (const conversation of this.conversations.values()) {
      if (!this.isExpired(conversation, at)) break;
      this.drop(conversation.id);
      removed += 1;
    }
    return removed;
  }

  /** Conversations held now. */
  get size(): number {
    return this.conversations.size;
  }

  /** Bytes held now (as the budget counts them). */
  get bytes(): number {
    return this.totalBytes;
  }

  /**
   * Keeps `conversation` within its byte cap (its oldest turns go; the newest turn always stays) and the store
   * within its budget (the least recently active other conversations go).
   */
  private fit(conversation: Conversation): void {
    let size = this.measure(conversation);
    while (size > this.maxConversationBytes && conversation.history.length > 2) {
      conversation.history.splice(0, 2);
      size = this.measure(conversation);
    }
    for (const id of this.conversations.keys()) {
      if (this.totalBytes <= this.maxBytes) break;
      if (id !== conversation.id) this.drop(id);
    }
  }

  /** Counts `conversation` again; returns its bytes. */
  private measure(conversation: Conversation): number {
    let size = memoryBytes(conversation.memory) + 128;
    for (const m of conversation.history) size += messageBytes(m);
    this.totalBytes += size - (this.sizes.get(conversation.id) ?? 0);
    this.sizes.set(conversation.id, size);
    return size;
  }

  private drop(id: string): void {
    this.conversations.delete(id);
    this.totalBytes -= this.sizes.get(id) ?? 0;
    this.sizes.delete(id);
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
