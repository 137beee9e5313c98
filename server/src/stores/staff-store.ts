/**
 * Staff accounts and their console sessions, in the server's database. Passwords are kept as scrypt hashes
 * (security/passwords.ts); a session cookie is 32 random bytes whose SHA-256 is all the database keeps, so a
 * copy of the database signs nobody in. Removing a member ends their sessions.
 */
import { createHash, randomBytes } from 'node:crypto';
import { decoyHash, hashPassword, verifyPassword } from '../security/passwords.ts';
import type { Db } from './database.ts';

export interface StaffMember {
  readonly id: number;
  readonly name: string;
  readonly createdAt: string;
}

/** A signed-in member and when their session ends (ms since the epoch). */
export interface StaffSession {
  readonly staff: StaffMember;
  readonly expiresAt: number;
}

interface StaffRow {
  id: number;
  name: string;
  password_hash: string;
  created_at: string;
}

/** A console asks at least every 3 s; one missed for 20 s is closed (or its machine asleep). */
const ONLINE_WITHIN_MS = 20_000;
const PRESENCE_WRITE_MS = 5_000;

const member = (row: StaffRow): StaffMember => ({ id: row.id, name: row.name, createdAt: row.created_at });
const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The name is taken (names are compared without case). */
export class StaffExistsError extends Error {
  override name = 'StaffExistsError';
}

export class StaffStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a member; throws StaffExistsError when the name is taken. */
  async add(name: string, password: string): Promise<StaffMember> {
    const hash = await hashPassword(password);
    try {
      const info = this.db.prepare('INSERT INTO staff (name, password_hash, created_at) VALUES (?, ?, ?)').run(name, hash, new Date(this.now()).toISOString());
      return this.byId(Number(info.lastInsertRowid))!;
    } catch (err) {
      if (err instanceof Error && /UNIQUE constraint failed/.test(err.message)) throw new StaffExistsError(`There is already a staff member named "${name}".`);
      throw err;
    }
  }

  /** Removes a member and ends their sessions; false when there was none by that name. */
  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM staff WHERE name = ?').run(name).changes > 0;
  }

  list(): StaffMember[] {
    return (this.db.prepare('SELECT * FROM staff ORDER BY name').all() as StaffRow[]).map(member);
  }

  /** The member whose name and password these are, or undefined (an unknown name takes as long to refuse). */
  async verify(name: string, password: string): Promise<StaffMember | undefined> {
    const row = this.db.prepare('SELECT * FROM staff WHERE name = ?').get(name) as StaffRow | undefined;
    const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
    return row && ok ? member(row) : undefined;
  }

  /** Starts a session for `staffId` lasting `ttlMs`; returns the cookie value (shown once, stored hashed). */
  startSession(staffId: number, ttlMs: number): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    const at = this.now();
    this.db.prepare('DELETE FROM staff_sessions WHERE expires_at <= ?').run(at);
    this.db.prepare('INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(digest(token), staffId, at, at + ttlMs);
    return { token, expiresAt: at + ttlMs };
  }

  /** The session this cookie value opens, if it exists and has not expired; it counts as seen now (presence). */
  session(token: string): StaffSession | undefined {
    const at = this.now();
    const hash = digest(token);
    const row = this.db
      .prepare('SELECT s.expires_at, s.last_seen, m.* FROM staff_sessions s JOIN staff m ON m.id = s.staff_id WHERE s.token_hash = ? AND s.expires_at > ?')
      .get(hash, at) as (StaffRow & { expires_at: number; last_seen: number }) | undefined;
    if (!row) return undefined;
    // The console asks every few seconds: one write per session per PRESENCE_WRITE_MS is enough.
    if (at - row.last_seen >= PRESENCE_WRITE_MS) this.db.prepare('UPDATE staff_sessions SET last_seen = ? WHERE token_hash = ?').run(at, hash);
    return { staff: member(row), expiresAt: row.expires_at };
  }

  /** How many members have a console open: a live session that asked anything within `withinMs`. */
  online(withinMs = ONLINE_WITHIN_MS): number {
    const at = this.now();
    const row = this.db.prepare('SELECT COUNT(DISTINCT staff_id) AS n FROM staff_sessions WHERE last_seen > ? AND expires_at > ?').get(at - withinMs, at) as { n: number };
    return row.n;
  }

  /** Ends the session of this cookie value (signing out). */
  endSession(token: string): void {
    this.db.prepare('DELETE FROM staff_sessions WHERE token_hash = ?').run(digest(token));
  }

  private byId(id: number): StaffMember | undefined {
    const row = this.db.prepare('SELECT * FROM staff WHERE id = ?').get(id) as StaffRow | undefined;
    return row ? member(row) : undefined;
  }
}
