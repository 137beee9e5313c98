/**
 * Call notes: what the AI agent's call process knows of a live call — its conversation, persona, language, the
 * facts it remembered and the transcript — written after each answered turn into the server's database, so a
 * member of staff who joins the call reads where it stands (services/summary.ts). Kept a day, then dropped.
 */
import type { TicketLine } from './ticket-store.ts';
import type { Db } from './database.ts';

export interface CallNote {
  readonly roomName: string;
  readonly conversationId: string;
  readonly persona: string;
  readonly language: string;
  readonly memory: Readonly<Record<string, string>>;
  readonly transcript: readonly TicketLine[];
  readonly updatedAt: number;
}

/** Notes older than this are dropped when a newer one is written. */
const KEEP_MS = 24 * 3_600_000;
/** The newest lines of a conversation a note keeps. */
const LINES = 60;

interface Row {
  room_name: string;
  conversation_id: string;
  persona: string;
  language: string;
  memory: string;
  transcript: string;
  updated_at: number;
}

export class CallNotes {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes (or replaces) the note of `roomName`. */
  save(note: Omit<CallNote, 'updatedAt'>): void {
    const at = this.now();
    this.db.prepare('DELETE FROM call_notes WHERE updated_at < ?').run(at - KEEP_MS);
    this.db
      .prepare(
        `INSERT INTO call_notes (room_name, conversation_id, persona, language, memory, transcript, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (room_name) DO UPDATE SET conversation_id = excluded.conversation_id, persona = excluded.persona, language = excluded.language,
           memory = excluded.memory, transcript = excluded.transcript, updated_at = excluded.updated_at`,
      )
      .run(note.roomName, note.conversationId, note.persona, note.language, JSON.stringify(note.memory), JSON.stringify(note.transcript.slice(-LINES)), at);
  }

  get(roomName: string): CallNote | undefined {
    const row = this.db.prepare('SELECT * FROM call_notes WHERE room_name = ?').get(roomName) as Row | undefined;
    if (!row) return undefined;
    return {
      roomName: row.room_name,
      conversationId: row.conversation_id,
      persona: row.persona,
      language: row.language,
      memory: JSON.parse(row.memory) as Record<string, string>,
      transcript: JSON.parse(row.transcript) as TicketLine[],
      updatedAt: row.updated_at,
    };
  }
}
