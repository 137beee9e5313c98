import { Hono } from 'hono';
import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppEnv } from '../src/app-env.ts';
import { loadConfig } from '../src/config.ts';
import type { Config } from '../src/config.ts';
import { toErrorResponse } from '../src/http/error-response.ts';
import { createLimits } from '../src/http/limits.ts';
import { createAdminRoutes } from '../src/routes/admin.ts';
import { CallRegistry } from '../src/stores/call-registry.ts';
import type { AdminRoutesOptions } from '../src/routes/admin.ts';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import { requireLiveKit, startLiveKit, type LiveKitServer } from '../../scripts/livekit-dev.mjs';
import { jsonPost, makeTestApp } from './support/test-app.ts';
import { joinRoom, type RoomParticipant } from '../../scripts/livekit-participant.mjs';

// Against the real LiveKit server (livekit-server --dev on loopback), one per file; participants join with
// LiveKit's own Node SDK. Faults are the real server's too: stopped (SIGSTOP), gone, or holding another secret.
const binary = requireLiveKit('admin route tests');
const ADMIN_KEY = 'admin-key-0123456789abcdef';
const auth = { Authorization: `Bearer ${ADMIN_KEY}` };

let livekit: LiveKitServer;
let rooms: RoomServiceClient;
const joined: RoomParticipant[] = [];

beforeAll(async () => {
  if (!binary) return;
  livekit = await startLiveKit({ binary });
  rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
}, 30_000);
afterAll(async () => {
  await Promise.all(joined.map((p) => p.leave().catch(() => undefined)));
  await livekit?.stop();
});
beforeEach(async () => {
  if (!binary) return;
  livekit.resume();
  await Promise.all(joined.splice(0).map((p) => p.leave().catch(() => undefined)));
  await Promise.all((await rooms.listRooms()).map((r) => rooms.deleteRoom(r.name)));
});

/** A participant joined to `room` with a token of its own (all sources allowed), as a staff tool would. */
async function participant(room: string, identity: string, name = identity): Promise<RoomParticipant> {
  const token = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity, name, ttl: 300 });
  token.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
  const joinedOne = await joinRoom(livekit.wsUrl, await token.toJwt());
  joined.push(joinedOne);
  return joinedOne;
}

/** Waits until LiveKit reports what `probe` looks for (its participant and room views settle asynchronously). */
async function settled<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`LiveKit did not settle within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function makeConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    LIVEKIT_URL: livekit.wsUrl,
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
    ADMIN_API_KEY: ADMIN_KEY,
    LIVEKIT_STAFF_TOKEN_TTL_SECONDS: '1800',
    ...env,
  });
}

function makeApp(config: Config = makeConfig(), options?: AdminRoutesOptions) {
  const app = new Hono<AppEnv>();
  app.route('/api/admin', createAdminRoutes(config, new CallRegistry(), createLimits(config), options));
  app.onError((err, c) => {
    const r = toErrorResponse(err);
    return c.json(r.body, r.status, r.headers);
  });
  return app;
}

async function call(app: Hono<AppEnv>, method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  const res = await app.request(`/api/admin${path}`, init);
  return { res, json: (await res.json()) as Record<string, any> };
}

describe.skipIf(!binary)('admin auth', () => {
  it('answers 404 for every admin route when no admin key is configured', async () => {
    const app = makeApp(makeConfig({ ADMIN_API_KEY: '' }));
    for (const [method, path] of [['GET', '/rooms'], ['POST', '/rooms'], ['DELETE', '/rooms/x'], ['GET', '']] as const) {
      const { res, json } = await call(app, method, path, undefined, { Authorization: 'Bearer anything-at-all-here' });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(json.error.code).toBe('not_found');
    }
    expect(await rooms.listRooms()).toEqual([]);
  });

  it('refuses a request without a bearer key with 401, a challenge and the error shape', async () => {
    const { res, json } = await call(makeApp(), 'GET', '/rooms', undefined, {});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(json).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('refuses a wrong key with 401 and never calls LiveKit', async () => {
    for (const header of [`Bearer ${ADMIN_KEY}x`, `Basic ${ADMIN_KEY}`, 'Bearer', `Bearer ${ADMIN_KEY.slice(0, -1)}`]) {
      const { res, json } = await call(makeApp(), 'POST', '/rooms', { room_name: 'r1' }, { Authorization: header });
      expect(res.status, header).toBe(401);
      expect(json.error.code).toBe('unauthorized');
    }
    expect(await rooms.listRooms(['r1'])).toEqual([]);
  });
});

describe.skipIf(!binary)('admin room routes against the real LiveKit server', () => {
  it('creates a room LiveKit then holds, answering in the seed shape', async () => {
    const { res, json } = await call(makeApp(), 'POST', '/rooms', { room_name: 'call-123', max_participants: 10, empty_timeout: 60 });
    expect(res.status).toBe(201);
    expect(json).toMatchObject({ success: true, room_name: 'call-123', max_participants: 10, empty_timeout: 60, departure_timeout: 30 });
    expect(Math.abs(Date.parse(json.creation_time) - Date.now())).toBeLessThan(5000);
    expect((await rooms.listRooms(['call-123']))[0]).toMatchObject({ name: 'call-123', maxParticipants: 10, emptyTimeout: 60, departureTimeout: 30 });
  });

  it('lists rooms with their participant counts', async () => {
    const customer = await participant('call-a', 'customer-1');
    await customer.publishQuietTrack('audio', 'microphone');
    await call(makeApp(), 'POST', '/rooms', { room_name: 'call-b' });
    const byName = await settled(async () => {
      const { res, json } = await call(makeApp(), 'GET', '/rooms');
      expect(res.status).toBe(200);
      const rooms = Object.fromEntries((json.rooms as any[]).map((r) => [r.room_name, r]));
      return rooms['call-a']?.num_publishers === 1 ? rooms : undefined;
    });
    expect(byName['call-a']).toMatchObject({ num_participants: 1, num_publishers: 1 });
    expect(byName['call-b']).toMatchObject({ num_participants: 0 });
  });

  it('deletes a room, and answers 404 room_not_found for one that does not exist', async () => {
    await rooms.createRoom({ name: 'call-gone' });
    const app = makeApp();
    const { res, json } = await call(app, 'DELETE', '/rooms/call-gone');
    expect(res.status).toBe(200);
    expect(json).toEqual({ success: true, room_name: 'call-gone' });
    expect(await rooms.listRooms(['call-gone'])).toEqual([]);

    const again = await call(app, 'DELETE', '/rooms/call-gone');
    expect(again.res.status).toBe(404);
    expect(again.json.error.code).toBe('room_not_found');
  });

  it("lists a room's participants with their tracks", async () => {
    const customer = await participant('call-p', 'customer-abc', 'Amira');
    const mic = await customer.publishQuietTrack('audio', 'microphone');
    await participant('call-p', 'agent-1', 'Agent');
    const json = await settled(async () => {
      const { res, json } = await call(makeApp(), 'GET', '/rooms/call-p/participants');
      expect(res.status).toBe(200);
      return (json.participants as any[]).length === 2 && (json.participants as any[]).some((p) => p.tracks.length) ? json : undefined;
    });
    expect(json.room_name).toBe('call-p');
    const byIdentity = Object.fromEntries((json.participants as any[]).map((p) => [p.identity, p]));
    expect(byIdentity['customer-abc']).toMatchObject({
      name: 'Amira',
      state: 'active',
      kind: 'standard',
      is_publisher: true,
      tracks: [{ sid: mic, type: 'audio', source: 'microphone', name: 'microphone', muted: false }],
    });
    expect(byIdentity['agent-1']).toMatchObject({ name: 'Agent', is_publisher: false, tracks: [] });
  });

  it('answers 404 room_not_found for the participants of an unknown room', async () => {
    const { res, json } = await call(makeApp(), 'GET', '/rooms/call-nowhere/participants');
    expect(res.status).toBe(404);
    expect(json.error.code).toBe('room_not_found');
  });

  it('removes a participant, and answers 404 participant_not_found for a stranger', async () => {
    const customer = await participant('call-r', 'customer-x');
    const app = makeApp();
    const { res, json } = await call(app, 'DELETE', '/rooms/call-r/participants/customer-x');
    expect(res.status).toBe(200);
    expect(json).toEqual({ success: true, room_name: 'call-r', participant_identity: 'customer-x' });
    await settled(async () => (customer.room.isConnected ? undefined : true));
    expect(await rooms.listParticipants('call-r')).toEqual([]);

    const again = await call(app, 'DELETE', '/rooms/call-r/participants/customer-x');
    expect(again.res.status).toBe(404);
    expect(again.json.error.code).toBe('participant_not_found');
  });

  it('lets a signed-in member of staff mute and remove a caller and end the call from the console, in call rooms only', async () => {
    const room = 'call-CCCCCCCCCCCCCCCCCCCCCC';
    const customer = await participant(room, 'customer-c');
    await customer.publishQuietTrack('audio', 'microphone');
    const { app, deps } = await makeTestApp({
      env: { LIVEKIT_URL: livekit.wsUrl, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret, LIVEKIT_AGENT: 'off' },
    });
    await deps.staff!.add('Sam', 'correct horse battery');
    const own = { Origin: 'http://localhost' };
    const signedIn = await app.request('/api/console/session', jsonPost({ name: 'Sam', password: 'correct horse battery' }, own));
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const staff = { ...own, Cookie: cookie };
    await settled(async () => ((await rooms.getParticipant(room, 'customer-c')).tracks.length === 1 ? true : undefined));

    const muted = await app.request(`/api/console/calls/${room}/participants/customer-c/mute`, jsonPost({}, staff));
    expect(muted.status).toBe(200);
    expect((await rooms.getParticipant(room, 'customer-c')).tracks.every((t) => t.muted)).toBe(true);
    expect((await app.request(`/api/console/calls/${room}/participants/customer-c/mute`, jsonPost({}, own))).status).toBe(401);
    expect((await app.request('/api/console/calls/support-1/participants/customer-c', { method: 'DELETE', headers: staff })).status).toBe(403);

    const removed = await app.request(`/api/console/calls/${room}/participants/customer-c`, { method: 'DELETE', headers: staff });
    expect(removed.status).toBe(200);
    await settled(async () => (customer.room.isConnected ? undefined : true));
    const ended = await app.request(`/api/console/calls/${room}`, { method: 'DELETE', headers: staff });
    expect(ended.status).toBe(200);
    await settled(async () => ((await rooms.listRooms()).some((r) => r.name === room) ? undefined : true));
    const gone = await app.request(`/api/console/calls/${room}`, { method: 'DELETE', headers: staff });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('room_not_found');
  });

  it('mutes every audio track of a participant and leaves the rest alone', async () => {
    const agent = await participant('call-m', 'agent-7');
    const mic = await agent.publishQuietTrack('audio', 'microphone');
    const camera = await agent.publishQuietTrack('video', 'camera');
    const system = await agent.publishQuietTrack('audio', 'screen_share_audio');
    await settled(async () => ((await rooms.getParticipant('call-m', 'agent-7')).tracks.length === 3 ? true : undefined));
    const { res, json } = await call(makeApp(), 'POST', '/rooms/call-m/participants/agent-7/mute', { muted: true });
    expect(res.status).toBe(200);
    expect(json).toMatchObject({ success: true, muted: true });
    expect((json.tracks as any[]).map((t) => [t.sid, t.muted]).sort()).toEqual([[mic, true], [system, true]].sort());
    const held = await rooms.getParticipant('call-m', 'agent-7');
    expect(Object.fromEntries(held.tracks.map((t) => [t.sid, t.muted]))).toEqual({ [mic]: true, [system]: true, [camera]: false });
  });

  it('mutes one named track, and reports that LiveKit keeps unmuting to the participant', async () => {
    const customer = await participant('call-u', 'customer-u');
    const first = await customer.publishQuietTrack('audio', 'microphone');
    const second = await customer.publishQuietTrack('audio', 'screen_share_audio');
    await settled(async () => ((await rooms.getParticipant('call-u', 'customer-u')).tracks.length === 2 ? true : undefined));
    const app = makeApp();
    const { res, json } = await call(app, 'POST', '/rooms/call-u/participants/customer-u/mute', { muted: true, track_sid: second });
    expect(res.status).toBe(200);
    expect(json.tracks).toEqual([expect.objectContaining({ sid: second, muted: true })]);
    const held = await rooms.getParticipant('call-u', 'customer-u');
    expect(Object.fromEntries(held.tracks.map((t) => [t.sid, t.muted]))).toEqual({ [first]: false, [second]: true });
    // LiveKit's default (enable_remote_unmute off): only the participant may unmute.
    const unmute = await call(app, 'POST', '/rooms/call-u/participants/customer-u/mute', { muted: false, track_sid: second });
    expect(unmute.res.status).toBe(422);
    expect(unmute.json.error).toMatchObject({ code: 'livekit_precondition_failed', message: expect.stringContaining('enable_remote_unmute') });
  });

  it('answers 404 when there is nothing to mute', async () => {
    await participant('call-n', 'customer-n');
    const app = makeApp();
    const noAudio = await call(app, 'POST', '/rooms/call-n/participants/customer-n/mute', {});
    expect(noAudio.res.status).toBe(404);
    expect(noAudio.json.error.code).toBe('track_not_found');
    const nobody = await call(app, 'POST', '/rooms/call-n/participants/customer-zzz/mute', {});
    expect(nobody.res.status).toBe(404);
    expect(nobody.json.error.code).toBe('participant_not_found');
  });

  it('mints a staff token that joins the given room with audio only and the staff TTL', async () => {
    const app = makeApp();
    const { res, json } = await call(app, 'POST', '/rooms/call-s/staff-token', { name: 'Agent Noor' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(json).toMatchObject({ room_name: 'call-s', participant_name: 'Agent Noor', livekit_url: livekit.wsUrl, server_url: livekit.wsUrl });
    expect(json.participant_identity).toMatch(/^agent-/);
    const claims = await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(json.token);
    expect(claims.sub).toBe(json.participant_identity);
    expect(claims.exp! - claims.nbf!).toBe(1800);
    expect(claims.video).toMatchObject({ room: 'call-s', roomJoin: true, canPublishSources: ['microphone'], canSubscribe: true, canPublishData: true });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.roomCreate).toBeFalsy();

    // LiveKit takes it: staff join, and may publish a microphone but not a camera.
    const staff = await joinRoom(json.server_url, json.token);
    joined.push(staff);
    expect(staff.room.name).toBe('call-s');
    const mic = await staff.publishQuietTrack('audio', 'microphone');
    // A camera is refused by LiveKit (the SDK waits for an answer that never comes; give up after 2 s).
    const camera = staff.publishQuietTrack('video', 'camera').catch(() => 'refused');
    expect(await Promise.race([camera, new Promise((resolve) => setTimeout(() => resolve('no answer'), 2_000))])).not.toMatch(/^TR_/);
    const held = await rooms.getParticipant('call-s', json.participant_identity);
    expect(held.tracks.map((t) => t.sid)).toEqual([mic]);

    const named = await call(app, 'POST', '/rooms/call-s/staff-token', { name: 'Noor', identity: 'agent-noor' });
    expect(named.json.participant_identity).toBe('agent-noor');
  });

  it('refuses bad room names, identities and fields with 400 naming the field', async () => {
    const app = makeApp();
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/rooms', { room_name: 'has space' }, 'room_name'],
      ['POST', '/rooms', { room_name: 'x'.repeat(129) }, 'room_name'],
      ['POST', '/rooms', { room_name: 'ok', max_participants: -1 }, 'max_participants'],
      ['POST', '/rooms', { room_name: 'ok', empty_timeout: 1.5 }, 'empty_timeout'],
      ['GET', '/rooms/bad%20room/participants', undefined, 'room_name'],
      ['DELETE', '/rooms/ok/participants/..%2F..', undefined, 'participant_identity'],
      ['POST', '/rooms/ok/participants/p1/mute', { muted: 'yes' }, 'muted'],
      ['POST', '/rooms/ok/staff-token', { name: 'A', identity: 'bad identity' }, 'identity'],
      ['POST', '/rooms/ok/staff-token', { name: '\u0000\u202E' }, 'name'],
      ['POST', '/rooms/ok/staff-token', { name: 'A', identity: 'customer-abc' }, 'identity'],
    ];
    for (const [method, path, body, field] of cases) {
      const { res, json } = await call(app, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(json.error.code).toBe('invalid_field');
      expect(json.error.message).toContain(field);
    }
    const missing = await call(app, 'POST', '/rooms', {});
    expect(missing.res.status).toBe(400);
    expect(missing.json.error.message).toContain('room_name');
    expect(await rooms.listRooms()).toEqual([]);
  });
});

describe.skipIf(!binary)('admin routes when LiveKit is in trouble', () => {
  it('answers 502 livekit_unreachable when nothing listens at LIVEKIT_URL', async () => {
    // A port LiveKit is not on: the real server's own port once nothing listens there is hard to arrange, so
    // a port that was just free.
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const { res, json } = await call(makeApp(makeConfig({ LIVEKIT_URL: `ws://127.0.0.1:${port}` })), 'GET', '/rooms');
    expect(res.status).toBe(502);
    expect(json.error.code).toBe('livekit_unreachable');
  });

  it('answers 504 livekit_timeout when LiveKit does not answer', async () => {
    livekit.pause();
    try {
      const started = Date.now();
      const { res, json } = await call(makeApp(makeConfig(), { livekitTimeoutMs: 300 }), 'GET', '/rooms');
      expect(res.status).toBe(504);
      expect(json.error.code).toBe('livekit_timeout');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      livekit.resume();
    }
  });

  it('answers 502 livekit_auth_failed when LiveKit refuses our API secret', async () => {
    const config = makeConfig({ LIVEKIT_API_SECRET: 'a-different-secret-that-is-long-0123456789' });
    const { res, json } = await call(makeApp(config), 'GET', '/rooms');
    expect(res.status).toBe(502);
    expect(json.error.code).toBe('livekit_auth_failed');
    // LiveKit's refusal quotes the token it refused; none of it reaches the caller.
    expect(JSON.stringify(json)).not.toMatch(/eyJ|invalid token/);
  });

  it('answers 503 livekit_disabled when the admin key is set but LiveKit is off', async () => {
    const { res, json } = await call(makeApp(makeConfig({ LIVEKIT_URL: '' })), 'GET', '/rooms');
    expect(res.status).toBe(503);
    expect(json.error.code).toBe('livekit_disabled');
  });
});
