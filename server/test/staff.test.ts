import { ConsoleSession, ConsoleSessionState, StaffList, StaffToken, Ticket, TicketList } from '@call-center-widget/protocol';
import { TokenVerifier } from 'livekit-server-sdk';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main as staffCommand } from '../src/cli/staff.ts';
import { hashPassword, verifyPassword } from '../src/security/passwords.ts';
import { openDatabase } from '../src/stores/database.ts';
import { StaffExistsError, StaffStore } from '../src/stores/staff-store.ts';
import { jsonPost, makeTestApp, type TestApp } from './support/test-app.ts';

// Staff accounts and the console's doors, against the real SQLite database and scrypt: passwords, sessions that
// expire and end, the admin routes that manage staff, the CLI, sign-in with its limits, and requests from any
// page but the console's own refused.
const ADMIN_KEY = 'admin-key-0123456789abcdef';
const admin = { Authorization: `Bearer ${ADMIN_KEY}` };
const OWN = 'http://localhost';
const PASSWORD = 'correct horse battery';
const dataDir = () => mkdtempSync(join(tmpdir(), 'ccw-staff-'));

describe('staff passwords', () => {
  it('are stored as salted scrypt hashes that name their parameters, and only the right password matches', async () => {
    const a = await hashPassword(PASSWORD);
    const b = await hashPassword(PASSWORD);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(PASSWORD, a)).toBe(true);
    expect(await verifyPassword('correct horse battery!', a)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'md5$abc')).toBe(false);
    expect(await verifyPassword(PASSWORD, 'scrypt$0$8$1$c2FsdA$a2V5')).toBe(false);
  });
});

describe('StaffStore', () => {
  it('adds members once per name (whatever the case), checks passwords, and keeps sessions by a hash of the cookie', async () => {
    let now = 1_000_000;
    const db = openDatabase(dataDir());
    const store = new StaffStore(db, () => now);
    const sam = await store.add('Sam', PASSWORD);
    await expect(store.add('sam', PASSWORD)).rejects.toThrow(StaffExistsError);
    expect(await store.verify('SAM', PASSWORD)).toEqual(sam);
    expect(await store.verify('Sam', 'wrong password here')).toBeUndefined();
    expect(await store.verify('Nobody', PASSWORD)).toBeUndefined();

    const { token, expiresAt } = store.startSession(sam.id, 60_000);
    expect(expiresAt).toBe(now + 60_000);
    expect(store.session(token)).toEqual({ staff: sam, expiresAt });
    // The database never holds the cookie's value.
    const stored = db.prepare('SELECT token_hash FROM staff_sessions').all() as { token_hash: string }[];
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
    expect(store.session('made-up-token')).toBeUndefined();
    now += 60_000;
    expect(store.session(token)).toBeUndefined();

    // Presence: a session counts as online while it keeps asking (the console does every few seconds).
    const live = store.startSession(sam.id, 600_000);
    expect(store.online()).toBe(0);
    store.session(live.token);
    expect(store.online()).toBe(1);
    now += 21_000;
    expect(store.online()).toBe(0);
    store.session(live.token);
    expect(store.online()).toBe(1);
    store.endSession(live.token);
    expect(store.online()).toBe(0);

    const again = store.startSession(sam.id, 60_000);
    store.endSession(again.token);
    expect(store.session(again.token)).toBeUndefined();
    const last = store.startSession(sam.id, 60_000);
    expect(store.remove('sam')).toBe(true);
    expect(store.session(last.token)).toBeUndefined();
    expect(store.remove('sam')).toBe(false);
  });
});

describe('call-center-server staff', () => {
  it('adds, lists and removes staff in DATA_DIR, with the password from STAFF_PASSWORD or standard input', async () => {
    const dir = dataDir();
    const out: string[] = [];
    const err: string[] = [];
    const { Readable } = await import('node:stream');
    const io = (env: Record<string, string>, input = '') => ({
      env: { DATA_DIR: dir, ...env },
      stdin: Readable.from([input]) as unknown as NodeJS.ReadStream,
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
    });
    expect(await staffCommand(['add', 'Sam'], io({ STAFF_PASSWORD: PASSWORD }))).toBe(0);
    expect(await staffCommand(['add', 'Noor', 'Haddad'], io({}, `${PASSWORD}\n`))).toBe(0);
    expect(await staffCommand(['add', 'Lina'], io({}, 'short\n'))).toBe(1);
    expect(await staffCommand(['add', 'sam'], io({ STAFF_PASSWORD: PASSWORD }))).toBe(1);
    expect(await staffCommand(['list'], io({}))).toBe(0);
    expect(out.filter((l) => l.includes('\t')).map((l) => l.split('\t')[0])).toEqual(['Noor Haddad', 'Sam']);
    expect(await staffCommand(['remove', 'Sam'], io({}))).toBe(0);
    expect(await staffCommand(['remove', 'Sam'], io({}))).toBe(1);
    expect(await staffCommand(['promote', 'Sam'], io({}))).toBe(1);
    expect(err).toEqual([
      'staff: the password must be 10 to 200 characters',
      'staff: There is already a staff member named "sam".',
      'staff: there is no staff member named "Sam"',
      'usage: call-center-server staff add NAME | staff remove NAME | staff list',
    ]);
    expect(await new StaffStore(openDatabase(dir)).verify('noor haddad', PASSWORD)).toMatchObject({ name: 'Noor Haddad' });
  });
});

/** An app with the admin key and one member, Sam. */
async function withSam(env: Record<string, string> = {}): Promise<TestApp> {
  const test = await makeTestApp({ env: { ADMIN_API_KEY: ADMIN_KEY, ...env } });
  await test.deps.staff!.add('Sam', PASSWORD);
  return test;
}

/** Signs in as the console page would; returns the response and the cookie to send back. */
async function signIn(app: TestApp['app'], password = PASSWORD, headers: Record<string, string> = { Origin: OWN }) {
  const res = await app.request('/api/console/session', jsonPost({ name: 'Sam', password }, headers));
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { res, setCookie, cookie: setCookie.split(';')[0] ?? '' };
}

describe('/api/admin/staff', () => {
  it('adds, lists and removes staff with the admin key, and never shows a password or hash', async () => {
    const { app } = await makeTestApp({ env: { ADMIN_API_KEY: ADMIN_KEY } });
    const added = await app.request('/api/admin/staff', jsonPost({ name: '  Noor ', password: PASSWORD }, admin));
    expect(added.status).toBe(201);
    const body = await added.json();
    expect(body).toEqual({ name: 'Noor', created_at: expect.any(String) });
    expect((await app.request('/api/admin/staff', jsonPost({ name: 'noor', password: PASSWORD }, admin))).status).toBe(409);
    const list = await (await app.request('/api/admin/staff', { headers: admin })).text();
    expect(StaffList.parse(JSON.parse(list)).staff.map((m) => m.name)).toEqual(['Noor']);
    expect(list).not.toMatch(/scrypt|password/);
    expect((await app.request('/api/admin/staff/Noor', { method: 'DELETE', headers: admin })).status).toBe(200);
    expect((await app.request('/api/admin/staff/Noor', { method: 'DELETE', headers: admin })).status).toBe(404);
    expect((await app.request('/api/admin/staff')).status).toBe(401);
  });

  it.each([
    [{ name: 'Noor', password: 'short' }, 'a password under 10 characters'],
    [{ name: 'No\nor', password: PASSWORD }, 'a name on two lines'],
    [{ name: '', password: PASSWORD }, 'an empty name'],
    [{ name: 'N'.repeat(61), password: PASSWORD }, 'a name over 60 characters'],
    [{ name: 'Noor', password: 'x'.repeat(201) }, 'a password over 200 characters'],
    [{ name: 'Noor' }, 'no password'],
  ])('refuses %j (%s) with 400', async (body, _what) => {
    const { app } = await makeTestApp({ env: { ADMIN_API_KEY: ADMIN_KEY } });
    const res = await app.request('/api/admin/staff', jsonPost(body, admin));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^(invalid_field|missing_field|empty_field)$/);
  });
});

describe('/api/console', () => {
  it('signs in with a secure, HTTP-only, strict cookie for the console API alone, and signs out', async () => {
    const { app } = await withSam();
    const { res, setCookie, cookie } = await signIn(app);
    expect(res.status).toBe(200);
    expect(ConsoleSession.parse(await res.json())).toMatchObject({ name: 'Sam' });
    expect(setCookie).toMatch(/^ccw_staff=[\w-]{43}; Max-Age=28800; Path=\/api\/console; HttpOnly; Secure; SameSite=Strict$/);
    expect(res.headers.get('cache-control')).toBe('no-store');

    const me = await app.request('/api/console/session', { headers: { Cookie: cookie } });
    expect(ConsoleSessionState.parse(await me.json())).toMatchObject({ signed_in: true, name: 'Sam' });
    const out = await app.request('/api/console/session', { method: 'DELETE', headers: { Cookie: cookie, Origin: OWN } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^ccw_staff=; Max-Age=0; Path=\/api\/console/);
    // The old cookie opens nothing any more.
    expect(await (await app.request('/api/console/session', { headers: { Cookie: cookie } })).json()).toEqual({ signed_in: false });
    expect((await app.request('/api/console/tickets', { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('ends a session after STAFF_SESSION_HOURS: the same cookie is then refused, and the page is told it is signed out', async () => {
    // Only the clock is faked (scrypt and the database run for real), before the stores read it.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const { app } = await withSam({ STAFF_SESSION_HOURS: '1' });
      const { cookie } = await signIn(app);
      expect((await app.request('/api/console/tickets', { headers: { Cookie: cookie } })).status).toBe(200);
      vi.setSystemTime(Date.now() + 3_600_000 - 1_000);
      expect((await app.request('/api/console/tickets', { headers: { Cookie: cookie } })).status).toBe(200);
      vi.setSystemTime(Date.now() + 2_000);
      const late = await app.request('/api/console/tickets', { headers: { Cookie: cookie } });
      expect(late.status).toBe(401);
      expect(await late.json()).toMatchObject({ error: { code: 'unauthorized' } });
      expect(await (await app.request('/api/console/session', { headers: { Cookie: cookie } })).json()).toEqual({ signed_in: false });
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps everything but sign-in behind the session: no cookie, a made-up one, or the admin key are all 401', async () => {
    const { app } = await withSam();
    // The page's first question is answered, not refused: nobody is signed in.
    expect(await (await app.request('/api/console/session', { headers: admin })).json()).toEqual({ signed_in: false });
    for (const path of ['/api/console/tickets', '/api/console/calls', '/api/console/tickets/1001']) {
      for (const headers of [{}, { Cookie: 'ccw_staff=made-up-value' }, admin] as Record<string, string>[]) {
        const res = await app.request(path, { headers });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
      }
    }
  });

  it('answers a wrong password or an unknown name alike, and stops guessing per address and per name', async () => {
    const { app } = await withSam({ TRUST_PROXY: 'true', RATE_LIMIT_SIGN_IN: '3/900' });
    const attempt = (ip: string, name = 'Sam') =>
      app.request('/api/console/session', jsonPost({ name, password: 'not the password' }, { Origin: OWN, 'X-Forwarded-For': ip }));
    const wrong = await attempt('203.0.113.1');
    const unknown = await attempt('203.0.113.2', 'Nobody');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await unknown.json());
    // Sam's name has had 1 failure; two more from other addresses use up its budget of 3.
    await attempt('203.0.113.3');
    await attempt('203.0.113.4');
    const limited = await app.request('/api/console/session', jsonPost({ name: 'Sam', password: PASSWORD }, { Origin: OWN, 'X-Forwarded-For': '203.0.113.5' }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // One address: its fourth attempt is refused whatever the name.
    for (const name of ['A', 'B', 'C']) await attempt('198.51.100.7', name);
    expect((await attempt('198.51.100.7', 'D')).status).toBe(429);
  });

  it('answers only its own page: another origin, even one allowed to embed the widget, a cross-site form or fetch is refused', async () => {
    const { app } = await withSam({ ALLOWED_ORIGINS: 'https://shop.example' });
    const body = JSON.stringify({ name: 'Sam', password: PASSWORD });
    const tries: [string, Record<string, string>][] = [
      ['an evil origin', { 'Content-Type': 'application/json', Origin: 'https://evil.example' }],
      ['a customer site on ALLOWED_ORIGINS', { 'Content-Type': 'application/json', Origin: 'https://shop.example' }],
      ['a cross-site form post', { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' }],
      ['a cross-site fetch without Origin', { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site' }],
      ['a same-site page', { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-site' }],
    ];
    for (const [what, headers] of tries) {
      const res = await app.request('/api/console/session', { method: 'POST', headers, body });
      expect(res.status, what).toBe(403);
      expect(res.headers.get('set-cookie'), what).toBeNull();
    }
    const { cookie } = await signIn(app);
    const close = await app.request('/api/console/session', { method: 'DELETE', headers: { Cookie: cookie, Origin: 'https://shop.example' } });
    expect(close.status).toBe(403);
    expect(await (await app.request('/api/console/session', { headers: { Cookie: cookie } })).json()).toMatchObject({ signed_in: true });
  });

  it('gives the signed-in member a token for a customer\'s call room, in their name, and for no other room', async () => {
    const secret = 'a-secret-of-at-least-32-characters!!';
    const { app } = await withSam({ LIVEKIT_URL: 'wss://livekit.example.test', LIVEKIT_API_KEY: 'key', LIVEKIT_API_SECRET: secret });
    const room = 'call-AAAAAAAAAAAAAAAAAAAAAA';
    const join = (path: string, headers: Record<string, string>) => app.request(path, jsonPost({}, headers));
    expect((await join(`/api/console/calls/${room}/join`, { Origin: OWN })).status).toBe(401);
    const { cookie } = await signIn(app);
    const res = await join(`/api/console/calls/${room}/join`, { Cookie: cookie, Origin: OWN });
    expect(res.status).toBe(200);
    const answer = StaffToken.parse(await res.json());
    expect(answer).toMatchObject({ room_name: room, participant_name: 'Sam', livekit_url: 'wss://livekit.example.test' });
    const claims = await new TokenVerifier('key', secret).verify(answer.token);
    expect(claims.name).toBe('Sam');
    expect(claims.sub).toMatch(/^agent-\d+-[\w-]{8}$/);
    expect(claims.video).toMatchObject({ room, roomJoin: true, canPublish: true, canSubscribe: true });
    const other = await join('/api/console/calls/support-1/join', { Cookie: cookie, Origin: OWN });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('room_not_allowed');
    const crossSite = await join(`/api/console/calls/${room}/join`, { Cookie: cookie, Origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
  });

  it('says LiveKit is off when there is no call to join', async () => {
    const { app } = await withSam();
    const { cookie } = await signIn(app);
    const res = await app.request('/api/console/calls/call-AAAAAAAAAAAAAAAAAAAAAA/join', jsonPost({}, { Cookie: cookie, Origin: OWN }));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('livekit_disabled');
  });

  it('lists tickets and closes one in the signed-in member\'s name', async () => {
    const { app, deps } = await withSam();
    deps.tickets!.create({
      kind: 'refund', conversationId: 'conv_a', persona: 'complaints', language: 'en', orderNumber: '48213',
      summary: 'Refund requested for order 48213.', transcript: [{ role: 'user', content: 'I want a refund' }],
    });
    const { cookie } = await signIn(app);
    const list = TicketList.parse(await (await app.request('/api/console/tickets?status=open', { headers: { Cookie: cookie } })).json());
    expect(list.tickets.map((t) => t.id)).toEqual([1001]);
    const closed = await app.request('/api/console/tickets/1001/close', jsonPost({ note: 'Refunded in full.', by: 'Someone else' }, { Cookie: cookie, Origin: OWN }));
    expect(closed.status).toBe(200);
    expect(Ticket.parse(await closed.json())).toMatchObject({ status: 'closed', closed_by: 'Sam', close_note: 'Refunded in full.' });
    expect((await app.request('/api/console/tickets/4242', { headers: { Cookie: cookie } })).status).toBe(404);
    const calls = await app.request('/api/console/calls', { headers: { Cookie: cookie } });
    expect(await calls.json()).toEqual({ calls: [], webhooks: { received: 0, last_at: null }, chats: [] });
  });
});
