/**
 * Tickets: what a call asked for that a person must do (a refund, an escalation, a callback, a human nobody could
 * provide), with the conversation as it stood, kept in the server's SQLite database until staff close them. A
 * ticket exists only once its row is written; the agent announces its number only after that (services/turn.ts).
 */
import type { Db } from './database.ts';

export const TICKET_KINDS = ['refund', 'escalation', 'callback', 'human_request'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];
export type TicketStatus = 'open' | 'closed';

/** One line of the conversation a ticket carries. */
export interface TicketLine {
  readonly role: 'user' | 'assistant';
  readonly content: string;
  readonly persona?: string;
}

/** What a turn records. */
export interface NewTicket {
  readonly kind: TicketKind;
  readonly conversationId: string;
  readonly persona: string;
  readonly language: string;
  readonly orderNumber?: string;
  readonly contact?: string;
  /** One line for staff: what the customer wants. */
  readonly summary: string;
  readonly transcript: readonly TicketLine[];
  /** The LiveKit room of the call, when the AI agent held it there. */
  readonly roomName?: string;
}

export interface Ticket extends NewTicket {
  readonly id: number;
  readonly status: TicketStatus;
  readonly createdAt: string;
  readonly closedAt?: string;
  readonly closedBy?: string;
  readonly closeNote?: string;
}

interface Row {
  id: number;
  kind: TicketKind;
  status: TicketStatus;
  conversation_id: string;
  persona: string;
  language: string;
  order_number: string | null;
  contact: string | null;
  room_name: string | null;
  summary: string;
  transcript: string;
  created_at: string;
  closed_at: string | null;
  closed_by: string | null;
  close_note: string | null;
}

/** Tickets in the database; every method is one statement or one transaction. */
export class TicketStore {
  constructor(private readonly db: Db) {}

  /**
   * Records a ticket and returns it. The same request again in the same conversation (same kind and order, still
   * open) returns the ticket already recorded: a turn retried after a failure does not make a second one.
   */
  create(input: NewTicket): { ticket: Ticket; created: boolean } {
    return this.db.transaction(() => {
      const existing = this.db
        .prepare('SELECT * FROM tickets WHERE conversation_id = ? AND kind = ? AND order_number IS ? AND status = ? ORDER BY id DESC LIMIT 1')
        .get(input.conversationId, input.kind, input.orderNumber ?? null, 'open') as Row | undefined;
      if (existing) return { ticket: fromRow(existing), created: false };
      const info = this.db
        .prepare(
          `INSERT INTO tickets (kind, conversation_id, persona, language, order_number, contact, summary, transcript, created_at, room_name)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.kind,
          input.conversationId,
          input.persona,
          input.language,
          input.orderNumber ?? null,
          input.contact ?? null,
          input.summary,
          JSON.stringify(input.transcript),
          new Date().toISOString(),
          input.roomName ?? null,
        );
      return { ticket: this.get(Number(info.lastInsertRowid))!, created: true };
    })();
  }

  get(id: number): Ticket | undefined {
    const row = this.db.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** A call's tickets, oldest first: those recorded in its room or in its conversation. */
  forCall(roomName: string, conversationId?: string): Ticket[] {
    return (this.db.prepare('SELECT * FROM tickets WHERE room_name = ? OR conversation_id = ? ORDER BY id').all(roomName, conversationId ?? '') as Row[]).map(fromRow);
  }

  /** Newest first; `before` pages back from a ticket id. */
  list(options: { status?: TicketStatus; kind?: TicketKind; limit?: number; before?: number } = {}): Ticket[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (options.status) {
      where.push('status = ?');
      args.push(options.status);
    }
    if (options.kind) {
      where.push('kind = ?');
      args.push(options.kind);
    }
    if (options.before !== undefined) {
      where.push('id < ?');
      args.push(options.before);
    }
    const sql = `SELECT * FROM tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, Math.min(Math.max(options.limit ?? 50, 1), 200)) as Row[]).map(fromRow);
  }

  /** Closes an open ticket; undefined when there is no such ticket, the ticket as it is when already closed. */
  close(id: number, by: string, note?: string): Ticket | undefined {
    this.db
      .prepare("UPDATE tickets SET status = 'closed', closed_at = ?, closed_by = ?, close_note = ? WHERE id = ? AND status = 'open'")
      .run(new Date().toISOString(), by, note ?? null, id);
    return this.get(id);
  }
}

function fromRow(row: Row): Ticket {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    conversationId: row.conversation_id,
    persona: row.persona,
    language: row.language,
    ...(row.order_number !== null ? { orderNumber: row.order_number } : {}),
    ...(row.contact !== null ? { contact: row.contact } : {}),
    ...(row.room_name !== null ? { roomName: row.room_name } : {}),
    summary: row.summary,
    transcript: JSON.parse(row.transcript) as TicketLine[],
    createdAt: row.created_at,
    ...(row.closed_at !== null ? { closedAt: row.closed_at } : {}),
    ...(row.closed_by !== null ? { closedBy: row.closed_by } : {}),
    ...(row.close_note !== null ? { closeNote: row.close_note } : {}),
  };
}
