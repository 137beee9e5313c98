/**
 * The text desk: conversations held over HTTP (no LiveKit call) whose customer asked for a person. A request
 * opens a chat here ("waiting"); a member of staff takes it ("with_staff") and what they type is read by the
 * widget through a long poll; the customer's messages go to them instead of the AI; when they leave, the AI
 * answers again. In memory, like the conversations it belongs to, and bounded.
 */
import type { DeskChat as DeskChatJson, DeskLine, DeskState } from '@call-center-widget/protocol';
import type { Language, Persona } from '../providers/types.ts';

interface Chat {
  readonly conversationId: string;
  /** `ended`: the member left and the AI answers again (the lines stay for the widget's last read). */
  state: Exclude<DeskState, 'none'> | 'ended';
  persona: Persona;
  language: Language;
  staff: { readonly id: number; readonly name: string } | undefined;
  ticketId: number | undefined;
  requestedAt: number;
  lastAt: number;
  readonly lines: DeskLine[];
  nextSeq: number;
}

/** Why a member could not do what they asked. */
export type DeskRefusal = 'chat_not_found' | 'chat_taken';

export interface DeskOptions {
  /** Chats with nothing said for this long are dropped. */
  readonly idleMs?: number;
  readonly maxChats?: number;
  /** Lines kept per chat (the oldest go first). */
  readonly maxLines?: number;
  readonly now?: () => number;
}

const NOTICE: Readonly<Record<Language, { joined: (name: string) => string; left: (name: string) => string }>> = {
  en: {
    joined: (name) => `${name} from our team joined the chat.`,
    left: (name) => `${name} left the chat. The AI assistant is answering again.`,
  },
  ar: {
    joined: (name) => `انضمّ ${name} من فريقنا إلى المحادثة.`,
    left: (name) => `غادر ${name} المحادثة. المساعد الآلي يجيبك من جديد.`,
  },
};

export class Desk {
  private readonly chats = new Map<string, Chat>();
  /** Long polls waiting for a line, per conversation. */
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly idleMs: number;
  private readonly maxChats: number;
  private readonly maxLines: number;
  private readonly now: () => number;

  constructor(options: DeskOptions = {}) {
    this.idleMs = options.idleMs ?? 2 * 3_600_000;
    this.maxChats = options.maxChats ?? 1_000;
    this.maxLines = options.maxLines ?? 500;
    this.now = options.now ?? Date.now;
  }

  /** A customer asked for a person: the chat waits for staff (a chat already open keeps its state and lines). */
  request(conversationId: string, details: { persona: Persona; language: Language; ticketId?: number }): void {
    this.sweep();
    const at = this.now();
    const open = this.chats.get(conversationId);
    if (open) {
      // Asked again after a member left: waiting again, with the lines so far.
      if (open.state === 'ended') Object.assign(open, { state: 'waiting', requestedAt: at, persona: details.persona, language: details.language });
      open.ticketId = details.ticketId ?? open.ticketId;
      open.lastAt = at;
      return;
    }
    if (this.chats.size >= this.maxChats) this.dropOldest();
    this.chats.set(conversationId, {
      conversationId,
      state: 'waiting',
      persona: details.persona,
      language: details.language,
      staff: undefined,
      ticketId: details.ticketId,
      requestedAt: at,
      lastAt: at,
      lines: [],
      nextSeq: 1,
    });
  }

  /** The chats waiting (oldest request first), then those held. */
  list(): DeskChatJson[] {
    this.sweep();
    return [...this.chats.values()]
      .filter((c): c is Chat & { state: Exclude<DeskState, 'none'> } => c.state !== 'ended')
      .sort((a, b) => (a.state === b.state ? a.requestedAt - b.requestedAt : a.state === 'waiting' ? -1 : 1))
      .map((c) => this.json(c));
  }

  get(conversationId: string): (DeskChatJson & { lines: DeskLine[] }) | undefined {
    const chat = this.live(conversationId);
    if (!chat || chat.state === 'ended') return undefined;
    return { ...this.json({ ...chat, state: chat.state }), lines: [...chat.lines] };
  }

  /** Where the conversation stands with staff, and the lines after `after`. */
  feed(conversationId: string, after = 0): { state: DeskState; staffName: string | undefined; lines: DeskLine[] } {
    const chat = this.live(conversationId);
    if (!chat) return { state: 'none', staffName: undefined, lines: [] };
    return { state: chat.state === 'ended' ? 'none' : chat.state, staffName: chat.staff?.name, lines: chat.lines.filter((l) => l.seq > after) };
  }

  /**
   * Resolves when a line after `after` exists, `ms` have passed, or `signal` aborts — at once when there is no
   * chat to wait on (none asked for, or the member left): a page checking after a reload holds nothing open.
   */
  async waitFor(conversationId: string, after: number, ms: number, signal?: AbortSignal): Promise<void> {
    const chat = this.live(conversationId);
    if (ms <= 0 || signal?.aborted || !chat || chat.state === 'ended' || chat.nextSeq - 1 > after) return;
    await new Promise<void>((resolve) => {
      const waiting = this.waiters.get(conversationId) ?? new Set();
      this.waiters.set(conversationId, waiting);
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        waiting.delete(done);
        if (waiting.size === 0) this.waiters.delete(conversationId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      waiting.add(done);
    });
  }

  /** Who holds the conversation (their name), when a member does. */
  holder(conversationId: string): string | undefined {
    const chat = this.live(conversationId);
    return chat?.state === 'with_staff' ? chat.staff?.name : undefined;
  }

  /** A member takes the chat; the customer reads that they joined. Taking one's own chat again changes nothing. */
  join(conversationId: string, staff: { id: number; name: string }): DeskRefusal | undefined {
    const chat = this.live(conversationId);
    if (!chat || chat.state === 'ended') return 'chat_not_found';
    if (chat.staff && chat.staff.id !== staff.id) return 'chat_taken';
    if (chat.staff) return undefined;
    chat.staff = { id: staff.id, name: staff.name };
    chat.state = 'with_staff';
    this.add(chat, 'joined', staff.name, NOTICE[chat.language].joined(staff.name));
    return undefined;
  }

  /** The member who holds the chat writes to the customer. */
  staffSays(conversationId: string, staffId: number, text: string): DeskRefusal | undefined {
    const chat = this.live(conversationId);
    if (!chat || chat.state === 'ended') return 'chat_not_found';
    if (chat.staff?.id !== staffId) return 'chat_taken';
    this.add(chat, 'staff', chat.staff.name, text);
    return undefined;
  }

  /** The request for a person was closed from the console without anyone taking the chat: it waits no more. */
  withdraw(ticketId: number): void {
    for (const chat of this.chats.values()) if (chat.state === 'waiting' && chat.ticketId === ticketId) chat.state = 'ended';
  }

  /** The customer writes while a member holds the chat (false when nobody does: the AI answers). */
  customerSays(conversationId: string, text: string): boolean {
    const chat = this.live(conversationId);
    if (chat?.state !== 'with_staff') return false;
    this.add(chat, 'customer', null, text);
    return true;
  }

  /** The member leaves: the AI answers again, and the chat leaves the console's list. */
  leave(conversationId: string, staffId: number): DeskRefusal | undefined {
    const chat = this.live(conversationId);
    if (!chat || chat.state === 'ended') return 'chat_not_found';
    if (chat.staff?.id !== staffId) return 'chat_taken';
    this.add(chat, 'left', chat.staff.name, NOTICE[chat.language].left(chat.staff.name));
    // Kept for the widget's next read (it shows the notice), then dropped as idle; gone from the console's list now.
    chat.staff = undefined;
    chat.state = 'ended';
    return undefined;
  }

  private add(chat: Chat, from: DeskLine['from'], name: string | null, text: string): void {
    const at = this.now();
    chat.lines.push({ seq: chat.nextSeq++, from, name, text, at: new Date(at).toISOString() });
    if (chat.lines.length > this.maxLines) chat.lines.splice(0, chat.lines.length - this.maxLines);
    chat.lastAt = at;
    for (const wake of [...(this.waiters.get(chat.conversationId) ?? [])]) wake();
  }

  private live(conversationId: string): Chat | undefined {
    const chat = this.chats.get(conversationId);
    if (chat && this.now() - chat.lastAt > this.idleMs) {
      this.chats.delete(conversationId);
      return undefined;
    }
    return chat;
  }

  private sweep(): void {
    for (const id of [...this.chats.keys()]) this.live(id);
  }

  private dropOldest(): void {
    let oldest: Chat | undefined;
    for (const c of this.chats.values()) if (!oldest || c.lastAt < oldest.lastAt) oldest = c;
    if (oldest) this.chats.delete(oldest.conversationId);
  }

  private json(c: Chat & { state: Exclude<DeskState, 'none'> }): DeskChatJson {
    return {
      conversation_id: c.conversationId,
      state: c.state,
      persona: c.persona,
      language: c.language,
      staff_name: c.staff?.name ?? null,
      ticket_id: c.ticketId ?? null,
      requested_at: new Date(c.requestedAt).toISOString(),
      last_at: new Date(c.lastAt).toISOString(),
    };
  }
}
