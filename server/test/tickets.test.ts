import { ConversationResponse, Ticket, TicketList } from '@call-center-widget/protocol';
import Database from 'better-sqlite3';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOpenAIClient } from '../src/providers/openai/client.ts';
import { OpenAIChat } from '../src/providers/openai/openai-chat.ts';
import { openConversation } from '../src/services/conversations.ts';
import { runTurn } from '../src/services/turn.ts';
import { DATABASE_FILE, DatabaseError, migrate, MIGRATIONS, openDatabase } from '../src/stores/database.ts';
import { TicketStore } from '../src/stores/ticket-store.ts';
import { startFakeOpenAI } from './support/fake-openai.ts';
import { jsonPost, makeTestApp, readSse, type TestApp } from './support/test-app.ts';

// Tickets in the real SQLite (better-sqlite3) file under DATA_DIR: migrations, the store, the turns that write
// them before they are announced, and the admin routes that list and close them.
const ADMIN_KEY = 'admin-key-0123456789abcdef';
const admin = { Authorization: `Bearer ${ADMIN_KEY}` };
const dataDir = () => mkdtempSync(join(tmpdir(), 'ccw-tickets-'));
const ticketInput = (over: Partial<Parameters<TicketStore['create']>[0]> = {}) => ({
  kind: 'refund' as const,
  conversationId: 'conv_a',
  persona: 'complaints',
  language: 'en',
  orderNumber: '48213',
  summary: 'Refund requested for order 48213.',
  transcript: [{ role: 'user' as const, content: 'I want a refund' }],
  ...over,
});

describe('the database under DATA_DIR', () => {
  it('is created private to the user, with every migration applied once and recorded', () => {
    const dir = dataDir();
    const db = openDatabase(dir);
    expect(statSync(join(dir, DATABASE_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const versions = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // Opening again applies nothing.
    expect(migrate(db)).toEqual([]);
    db.close();
    openDatabase(dir).close();
  });

  it('applies only the migrations a database has not had, in order, each in a transaction', () => {
    const db = new Database(':memory:');
    const first = [MIGRATIONS[0]!];
    expect(migrate(db, first)).toEqual([1]);
    const next = [...first, { version: 2, name: 'notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY)' }];
    expect(migrate(db, next)).toEqual([2]);
    // A migration that fails leaves no half-applied schema and no record of itself.
    const broken = [...next, { version: 3, name: 'broken', sql: 'CREATE TABLE ok (id INTEGER); CREATE TABLE ok (id INTEGER)' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'ok'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: 2 });
  });

  it('is created once when several processes open a new file together (the server and a worker at start)', async () => {
    const { build } = await import('esbuild');
    const { nodeBundle } = await import('../../scripts/node-bundle.mjs');
    const { spawn } = await import('node:child_process');
    const { rmSync, writeFileSync } = await import('node:fs');
    const work = dataDir();
    const entry = join(work, 'open.ts');
    // Each process waits for the same moment, then opens: as close together as processes get.
    writeFileSync(
      entry,
      `import { openDatabase } from ${JSON.stringify(join(process.cwd(), 'server/src/stores/database.ts'))};\n` +
        'const at = Number(process.argv[3]);\nwhile (Date.now() < at);\nopenDatabase(process.argv[2]).close();\n',
    );
    // Bundled beside the server's sources so better-sqlite3 resolves as the server's own import does.
    const outfile = join(process.cwd(), 'server/.build', `open-db-${process.pid}.mjs`);
    await build({ ...nodeBundle, entryPoints: [entry], outfile });
    const dir = join(work, 'data');
    const at = String(Date.now() + 2_000);
    const runs = Array.from({ length: 6 }, () =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const child = spawn(process.execPath, [outfile, dir, at], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        child.on('exit', (code) => resolve({ code, err }));
      }),
    );
    const results = await Promise.all(runs).finally(() => rmSync(outfile, { force: true }));
    expect(results.map((r) => r.err)).toEqual(['', '', '', '', '', '']);
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0]);
    const db = openDatabase(dir);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    db.close();
  }, 30_000);

  it('refuses a database written by a newer release instead of misreading it', () => {
    const dir = dataDir();
    openDatabase(dir, [...MIGRATIONS, { version: 99, name: 'future', sql: 'SELECT 1' }]).close();
    expect(() => openDatabase(dir)).toThrow(DatabaseError);
    expect(() => openDatabase(dir)).toThrow(/schema version 99, newer than this release knows/);
  });

  it('names DATA_DIR when the file is not a database', async () => {
    const dir = dataDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, DATABASE_FILE), 'not a database at all, just text that is long enough to be read');
    expect(() => openDatabase(dir)).toThrow(/DATA_DIR: cannot open .*call-center\.db as a database/);
  });
});

describe('TicketStore', () => {
  it('numbers tickets from 1001, keeps the conversation, and finds the open one again instead of writing a second', () => {
    const store = new TicketStore(openDatabase(dataDir()));
    const a = store.create(ticketInput());
    expect(a.created).toBe(true);
    expect(a.ticket).toMatchObject({ id: 1001, kind: 'refund', status: 'open', orderNumber: '48213', transcript: [{ role: 'user', content: 'I want a refund' }] });
    expect(store.create(ticketInput())).toEqual({ ticket: a.ticket, created: false });
    expect(store.create(ticketInput({ kind: 'escalation' })).ticket.id).toBe(1002);
    expect(store.create(ticketInput({ conversationId: 'conv_b' })).ticket.id).toBe(1003);
    expect(store.list().map((t) => t.id)).toEqual([1003, 1002, 1001]);
    expect(store.list({ limit: 1, before: 1003 }).map((t) => t.id)).toEqual([1002]);
  });

  it('closes a ticket once, with who and why; a closed request can be asked for again', () => {
    const store = new TicketStore(openDatabase(dataDir()));
    const { ticket } = store.create(ticketInput());
    const closed = store.close(ticket.id, 'Sam', 'Refunded in full.');
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'Sam', closeNote: 'Refunded in full.' });
    expect(store.close(ticket.id, 'Someone else')).toMatchObject({ closedBy: 'Sam' });
    expect(store.close(99_999, 'Sam')).toBeUndefined();
    expect(store.list({ status: 'open' })).toEqual([]);
    expect(store.create(ticketInput()).created).toBe(true);
  });

  it('is shared by two connections to the same file, as the server and an agent worker share it', () => {
    const dir = dataDir();
    const server = new TicketStore(openDatabase(dir));
    const worker = new TicketStore(openDatabase(dir));
    const written = worker.create(ticketInput()).ticket;
    expect(server.get(written.id)).toEqual(written);
    expect(server.create(ticketInput({ conversationId: 'conv_c' })).ticket.id).toBe(written.id + 1);
  });
});

/** A conversation to a refund, through the route, with the local persona engine. */
async function askForRefund(app: TestApp['app']): Promise<ConversationResponse> {
  const send = async (message: string, conversation_id?: string): Promise<ConversationResponse> =>
    ConversationResponse.parse(await (await app.request('/api/conversation', jsonPost({ message, conversation_id }))).json());
  const a = await send('I have a problem with my order');
  await send('my order number is 48213', a.conversation_id);
  return send('I want a refund please', a.conversation_id);
}

describe('a turn that asks for a ticket', () => {
  it('writes it, then tells the customer its number, and staff find it with the conversation', async () => {
    const { app } = await makeTestApp({ env: { ADMIN_API_KEY: ADMIN_KEY } });
    const reply = await askForRefund(app);
    expect(reply.response).toMatch(/^I have recorded ticket 1001 for your refund request on order 48213\. Our team decides on refunds from the ticket/);
    const list = TicketList.parse(await (await app.request('/api/admin/tickets', { headers: admin })).json());
    expect(list.tickets).toHaveLength(1);
    const ticket = list.tickets[0]!;
    expect(ticket).toMatchObject({ id: 1001, kind: 'refund', status: 'open', conversation_id: reply.conversation_id, persona: 'complaints', order_number: '48213', summary: 'Refund requested for order 48213.' });
    expect(ticket.transcript.map((l) => l.content)).toEqual(['I have a problem with my order', expect.any(String), 'my order number is 48213', expect.any(String), 'I want a refund please']);
  });

  it('records a request for a person as a ticket, since nobody can join the call, and says so', async () => {
    const { app, deps } = await makeTestApp();
    const first = ConversationResponse.parse(await (await app.request('/api/conversation', jsonPost({ message: 'my order 48213 is late' }))).json());
    const reply = ConversationResponse.parse(
      await (await app.request('/api/conversation', jsonPost({ message: 'I want to talk to a human', conversation_id: first.conversation_id }))).json(),
    );
    expect(reply.handoff).toBe(true);
    expect(reply.response).toMatch(
      /^I understand you would like to talk to a person\. I have recorded ticket 1001 for your request to speak with a person on order 48213\. Nobody from our team can join this chat right now\. If you would like a call back/,
    );
    expect(deps.tickets!.get(1001)).toMatchObject({ kind: 'human_request', orderNumber: '48213', summary: expect.stringMatching(/^Asked to speak with a person/) });
    expect(deps.tickets!.list({ status: 'open', kind: 'human_request' }).map((t) => t.id)).toEqual([1001]);
    expect(deps.tickets!.list({ kind: 'refund' })).toEqual([]);
  });

  it('tells a caller in a LiveKit call that someone can join only while a member of staff has the console open', async () => {
    const { deps } = await makeTestApp();
    const turnDeps = { ...deps, staffOnline: () => deps.staff!.online() };
    const ask = async (roomName?: string): Promise<string> => {
      const conversation = openConversation(deps.conversations, undefined, 'reception', 'en');
      let text = '';
      for await (const e of runTurn(turnDeps, { conversation, message: 'I want to talk to a human', speak: false, roomName }, new AbortController().signal)) {
        if (e.type === 'delta') text += e.text;
      }
      return text;
    };
    const ROOM = 'call-PPPPPPPPPPPPPPPPPPPPPP';
    expect(await ask(ROOM)).toContain('for your request to speak with a person. Nobody from our team can join this call right now.');
    await deps.staff!.add('Sam', 'correct horse battery');
    const sam = (await deps.staff!.verify('Sam', 'correct horse battery'))!;
    const { token } = deps.staff!.startSession(sam.id, 60_000);
    // Signed in is not enough: the console must be asking (it does every few seconds while open).
    expect(deps.staff!.online()).toBe(0);
    deps.staff!.session(token);
    expect(deps.staff!.online()).toBe(1);
    expect(await ask(ROOM)).toContain('for your request to speak with a person. A member of our team who is working now has been alerted and can join this call.');
    // Without a LiveKit call there is nothing to join, whoever is online.
    expect(await ask()).toContain('Nobody from our team can join this call right now.');
  });

  it('streams a ticket event before the sentence that announces it', async () => {
    const { app } = await makeTestApp();
    const first = ConversationResponse.parse(await (await app.request('/api/conversation', jsonPost({ message: 'my order 48213 arrived damaged' }))).json());
    const res = await app.request('/api/conversation', jsonPost({ message: 'I want a refund', conversation_id: first.conversation_id, stream: true }));
    const events = await readSse(res);
    const ticketAt = events.findIndex((e) => e.event === 'ticket');
    expect(events[ticketAt]?.data).toEqual({ id: 1001, kind: 'refund' });
    const after = events.slice(ticketAt + 1).filter((e) => e.event === 'delta').map((e) => e.data.text).join('');
    expect(after).toMatch(/^\s*I have recorded ticket 1001/);
    expect(events.slice(0, ticketAt).filter((e) => e.event === 'delta').map((e) => e.data.text).join('')).not.toMatch(/ticket \d/);
  });

  it('records what an OpenAI model asks for with record_ticket, the number said by the server before the model goes on', async () => {
    const fake = await startFakeOpenAI();
    try {
      const client = createOpenAIClient({ apiKey: 'sk-test-0123456789', baseUrl: `${fake.url}/v1`, sttModel: 'w', ttsModel: 't', chatModel: 'gpt-4o-mini', timeoutMs: 2000, maxRetries: 0 });
      const { app, deps } = await makeTestApp({ providers: { chat: new OpenAIChat(client, 'gpt-4o-mini') } });
      fake.script.chat({
        toolCalls: [{ name: 'record_ticket', arguments: { kind: 'callback', summary: 'Call back about a late delivery.', order_number: '', contact: '+971 50 123 4567' } }],
      });
      fake.script.chat({ content: ['Someone from our team will call you.'] });
      const reply = ConversationResponse.parse(await (await app.request('/api/conversation', jsonPost({ message: 'please call me back on +971 50 123 4567' }))).json());
      expect(reply.response).toBe('I have recorded ticket 1001 for your callback request. Someone from our team will call you.');
      expect(deps.tickets!.get(1001)).toMatchObject({ kind: 'callback', contact: '+971 50 123 4567', summary: 'Call back about a late delivery.', persona: 'reception' });
    } finally {
      await fake.close();
    }
  });

  it('says nothing was recorded when the write fails, drops what assumed it, and leaves the conversation as it was', async () => {
    const test = await makeTestApp({ env: { ADMIN_API_KEY: ADMIN_KEY } });
    const store = test.deps.tickets!;
    const create = store.create.bind(store);
    store.create = () => {
      throw new Error('SQLITE_FULL: database or disk is full');
    };
    const failed = await askForRefund(test.app);
    expect(failed.response).toBe('I could not record your request just now, so nothing has been recorded. Please try again in a moment.');
    const conversation = test.deps.conversations.get(failed.conversation_id)!;
    expect(conversation.history.at(-1)?.content).not.toMatch(/could not record/);
    expect(conversation.memory['resolution_status']).toBeUndefined();
    // The operator is told why.
    expect(test.errors.map(String)).toEqual(['Error: SQLITE_FULL: database or disk is full']);
    // Asked again once the disk has room, the ticket is written.
    store.create = create;
    const again = ConversationResponse.parse(
      await (await test.app.request('/api/conversation', jsonPost({ message: 'I want a refund please', conversation_id: failed.conversation_id }))).json(),
    );
    expect(again.response).toMatch(/^I have recorded ticket 1001/);
  });
});

describe('/api/admin/tickets', () => {
  async function withTicket(): Promise<TestApp> {
    const test = await makeTestApp({ env: { ADMIN_API_KEY: ADMIN_KEY } });
    test.deps.tickets!.create(ticketInput());
    return test;
  }

  it('lists, shows and closes tickets for the admin key only', async () => {
    const { app } = await withTicket();
    expect((await app.request('/api/admin/tickets')).status).toBe(401);
    expect((await app.request('/api/admin/tickets', { headers: { Authorization: 'Bearer wrong-key-0123456789abc' } })).status).toBe(401);
    const one = Ticket.parse(await (await app.request('/api/admin/tickets/1001', { headers: admin })).json());
    expect(one).toMatchObject({ id: 1001, status: 'open', closed_at: null });
    const closed = await app.request('/api/admin/tickets/1001/close', jsonPost({ by: 'Sam', note: 'Refunded.' }, admin));
    expect(closed.status).toBe(200);
    expect(Ticket.parse(await closed.json())).toMatchObject({ status: 'closed', closed_by: 'Sam', close_note: 'Refunded.' });
    const open = TicketList.parse(await (await app.request('/api/admin/tickets?status=open', { headers: admin })).json());
    expect(open.tickets).toEqual([]);
    const all = TicketList.parse(await (await app.request('/api/admin/tickets?status=closed&limit=5', { headers: admin })).json());
    expect(all.tickets.map((t) => t.id)).toEqual([1001]);
  });

  it.each([
    ['GET', '/api/admin/tickets/4242', undefined, 404, 'ticket_not_found'],
    ['POST', '/api/admin/tickets/4242/close', { by: 'Sam' }, 404, 'ticket_not_found'],
    ['GET', '/api/admin/tickets/abc', undefined, 400, 'invalid_field'],
    ['GET', '/api/admin/tickets/-1', undefined, 400, 'invalid_field'],
    ['GET', '/api/admin/tickets/99999999999999999999', undefined, 400, 'invalid_field'],
    ['GET', '/api/admin/tickets?status=pending', undefined, 400, 'invalid_field'],
    ['GET', '/api/admin/tickets?limit=100000', undefined, 400, 'invalid_field'],
    ['GET', '/api/admin/tickets?kind=free_money', undefined, 400, 'invalid_field'],
    ['POST', '/api/admin/tickets/1001/close', {}, 400, 'missing_field'],
    ['POST', '/api/admin/tickets/1001/close', { by: '   ' }, 400, undefined],
    ['POST', '/api/admin/tickets/1001/close', { by: 'Sam', note: 'x'.repeat(2001) }, 400, undefined],
    ['POST', '/api/admin/tickets/1001/close', '{"by":', 400, 'invalid_json'],
  ] as const)('%s %s answers %i %s', async (method, path, body, status, code) => {
    const { app } = await withTicket();
    const init: RequestInit =
      method === 'GET' ? { headers: admin } : { method, headers: { ...admin, 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) };
    const res = await app.request(path, init);
    expect(res.status).toBe(status);
    const error = ((await res.json()) as { error: { code: string; message: string } }).error;
    if (code) expect(error.code).toBe(code);
    expect(error.message).not.toBe('');
  });
});
