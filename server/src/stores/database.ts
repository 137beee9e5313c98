/**
 * The server's records (tickets, staff accounts and their sessions) in one SQLite file under DATA_DIR, through
 * better-sqlite3. Its schema is versioned: each migration runs once, in order, inside a transaction, and is
 * recorded in `schema_migrations`; a file written by a newer release is refused rather than misread.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** The file under DATA_DIR. */
export const DATABASE_FILE = 'call-center.db';

/** One schema step. Never edit a released one: add the next. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tickets',
    sql: `
      CREATE TABLE tickets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('refund', 'escalation', 'callback', 'human_request')),
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        conversation_id TEXT NOT NULL,
        persona TEXT NOT NULL,
        language TEXT NOT NULL,
        order_number TEXT,
        contact TEXT,
        summary TEXT NOT NULL,
        transcript TEXT NOT NULL,
        created_at TEXT NOT NULL,
        closed_at TEXT,
        closed_by TEXT,
        close_note TEXT
      );
      CREATE INDEX tickets_status_id ON tickets (status, id);
      CREATE INDEX tickets_conversation ON tickets (conversation_id);
      -- Ticket numbers a customer hears: four digits from the first one.
      INSERT INTO sqlite_sequence (name, seq) VALUES ('tickets', 1000);
    `,
  },
  {
    version: 2,
    name: 'staff',
    sql: `
      CREATE TABLE staff (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      -- A session is known by the SHA-256 of its cookie: the database never holds a usable token.
      CREATE TABLE staff_sessions (
        token_hash TEXT PRIMARY KEY,
        staff_id INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX staff_sessions_expiry ON staff_sessions (expires_at);
    `,
  },
  {
    version: 3,
    name: 'ticket rooms',
    sql: `
      -- The LiveKit room of a call the AI agent held, so staff can find the call a ticket came from.
      ALTER TABLE tickets ADD COLUMN room_name TEXT;
    `,
  },
  {
    version: 4,
    name: 'call notes',
    sql: `
      -- What the AI agent's call process knows of a live call (after each answered turn), for staff who join it.
      CREATE TABLE call_notes (
        room_name TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        persona TEXT NOT NULL,
        language TEXT NOT NULL,
        memory TEXT NOT NULL,
        transcript TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX call_notes_updated ON call_notes (updated_at);
    `,
  },
  {
    version: 5,
    name: 'staff presence',
    sql: `
      -- When each console session last asked the server anything: staff whose console is open are "online".
      ALTER TABLE staff_sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 6,
    name: 'ticket rooms index',
    sql: `
      -- The console looks up each live call's tickets by its room every few seconds.
      CREATE INDEX tickets_room ON tickets (room_name);
    `,
  },
];

/** The database could not be opened as this release's (a newer schema, or not a database). */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
}

/** Opens (creating when absent) `dir`/call-center.db, private to this user, and brings its schema up to date. */
export function openDatabase(dir: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, DATABASE_FILE);
  let db: Db | undefined;
  try {
    // A second process (the agent worker) waits up to 5 s for another's write.
    db = new Database(file, { timeout: 5_000 });
    // Readers never wait for the writer. Switching a new file to WAL takes a lock SQLite does not wait for: when
    // several processes open the file at once (npm start's server and worker, a worker's call processes), the
    // others are told "database is locked" and try again.
    withRetries(() => db!.pragma('journal_mode = WAL'));
  } catch (err) {
    db?.close();
    throw new DatabaseError(`DATA_DIR: cannot open ${file} as a database (${err instanceof Error ? err.message : String(err)})`);
  }
  db.pragma('foreign_keys = ON');
  chmodSync(file, 0o600);
  try {
    withRetries(() => migrate(db!, migrations));
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Runs `work` again (for up to 5 s, every 25 ms) while SQLite answers SQLITE_BUSY without having waited itself. */
function withRetries<T>(work: () => T): T {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      return work();
    } catch (err) {
      const busy = (err as { code?: string }).code === 'SQLITE_BUSY';
      if (!busy || Date.now() > deadline) throw err;
      // A synchronous pause: opening the database happens once, at start, before anything is served.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
}

/**
 * Applies the migrations `db` has not had yet, all in one write transaction taken before the version is read: the
 * server and an agent worker starting together on a new file (as `npm start` starts them) do not both apply the
 * same migration; the second waits, then finds nothing to do. Returns the versions applied.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const known = migrations.at(-1)?.version ?? 0;
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  return db
    .transaction(() => {
      const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
      if (current > known) {
        throw new DatabaseError(`the database in DATA_DIR has schema version ${current}, newer than this release knows (${known}): run the newer release, or restore a backup`);
      }
      const applied: number[] = [];
      for (const m of migrations) {
        if (m.version <= current) continue;
        db.exec(m.sql);
        record.run(m.version, m.name, new Date().toISOString());
        applied.push(m.version);
      }
      return applied;
    })
    .immediate();
}
