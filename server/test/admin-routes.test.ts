import { Hono } from 'hono';
import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppEnv } from '../src/app-env.ts';
import { loadConfig } from '../src/config.ts';
import type { Config } from '../src/config.ts';
import { toErrorResponse } from '../src/http/error-response.ts';
import { createLimits } from '../src/http/limits.ts';
import { createAdminRoutes } from '../src/routes/admin.ts';
import type { AdminRoutesOptions } from '../src/routes/admin.ts';
import { startLiveKitStandIn } from './support/livekit-standin.ts';
import type { LiveKitStandIn } from './support/livekit-standin.ts';

const API_KEY = 'devkey';
const API_SECRET = 'admin-test-secret-long-enough-0123456789';
const ADMIN_KEY = 'admin-key-0123456789abcdef';
const auth = { Authorization: `Bearer ${ADMIN_KEY}` };

let standIn: LiveKitStandIn;

beforeAll(async () => {
  standIn = await startLiveKitStandIn({ apiKey: API_KEY, apiSecret: API_SECRET });
});
afterAll(async () => {
  await standIn.close();
});
beforeEach(() => {
  standIn.rooms.clear();
  standIn.requests.length = 0;
  standIn.hang = false;
});

function makeConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    LIVEKIT_URL: standIn.wsUrl,
    LIVEKIT_API_KEY: API_KEY,
    LIVEKIT_API_SECRET: API_SECRET,
    ADMIN_API_KEY: ADMIN_KEY,
    LIVEKIT_STAFF_TOKEN_TTL_SECONDS: '1800',
    ...env,
  });
}

function makeApp(config: Config = makeConfig(), options?: AdminRoutesOptions) {
  const app = new Hono<AppEnv>();
  app.route('/api/admin', createAdminRoutes(config, createLimits(config), options));
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

function lastRequest(method: string) {
  const found = standIn.requests.filter((r) => r.method === method).at(-1);
  if (!found) throw new Error(`the stand-in received no ${method}`);
  return found;
}

describe('admin auth', () => {
  it('answers 404 for every admin route when no admin key is configured', async () => {
    const app = makeApp(makeConfig({ ADMIN_API_KEY: '' }));
    for (const [method, path] of [['GET', '/rooms'], ['POST', '/rooms'], ['DELETE', '/rooms/x'], ['GET', '']] as const) {
      const { res, json } = await call(app, method, path, undefined, { Authorization: 'Bearer anything-at-all-here' });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(json.error.code).toBe('not_found');
    }
    expect(standIn.requests).toHaveLength(0);
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
    expect(standIn.requests).toHaveLength(0);
  });
});

describe('admin room routes against the LiveKit stand-in', () => {
  it('creates a room with the JWT grant and body LiveKit expects, answering in the seed shape', async () => {
    const { res, json } = await call(makeApp(), 'POST', '/rooms', { room_name: 'call-123', max_participants: 10, empty_timeout: 60 });
    expect(res.status).toBe(201);
    expect(json).toMatchObject({ success: true, room_name: 'call-123', max_participants: 10, empty_timeout: 60 });
    expect(Math.abs(Date.parse(json.creation_time) - Date.now())).toBeLessThan(5000);

    const sent = lastRequest('CreateRoom');
    expect(sent.status).toBe(200);
    expect(sent.contentType).toMatch(/^application\/json/);
    expect(sent.grant).toMatchObject({ roomCreate: true });
    expect(sent.grant?.roomAdmin).toBeFalsy();
    expect(sent.body).toEqual({ name: 'call-123', emptyTimeout: 60, maxParticipants: 10 });
    expect(standIn.rooms.has('call-123')).toBe(true);
  });

  it('lists rooms with their participant counts', async () => {
    standIn.addParticipant('call-a', { identity: 'customer-1', tracks: [{ sid: 'TR_1', type: 'AUDIO', source: 'MICROPHONE' }] });
    standIn.addRoom('call-b');
    const { res, json } = await call(makeApp(), 'GET', '/rooms');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries((json.rooms as any[]).map((r) => [r.room_name, r]));
    expect(byName['call-a']).toMatchObject({ num_participants: 1, num_publishers: 1 });
    expect(byName['call-b']).toMatchObject({ num_participants: 0 });
    expect(lastRequest('ListRooms').grant).toMatchObject({ roomList: true });
  });

  it('deletes a room, and answers 404 room_not_found for one that does not exist', async () => {
    standIn.addRoom('call-gone');
    const app = makeApp();
    const { res, json } = await call(app, 'DELETE', '/rooms/call-gone');
    expect(res.status).toBe(200);
    expect(json).toEqual({ success: true, room_name: 'call-gone' });
    expect(lastRequest('DeleteRoom')).toMatchObject({ body: { room: 'call-gone' }, grant: { roomCreate: true } });
    expect(standIn.rooms.has('call-gone')).toBe(false);

    const again = await call(app, 'DELETE', '/rooms/call-gone');
    expect(again.res.status).toBe(404);
    expect(again.json.error.code).toBe('room_not_found');
  });

  it("lists a room's participants with their tracks using a room-scoped admin grant", async () => {
    standIn.addParticipant('call-p', {
      identity: 'customer-abc',
      name: 'Amira',
      tracks: [{ sid: 'TR_mic', type: 'AUDIO', source: 'MICROPHONE', name: 'mic' }],
    });
    standIn.addParticipant('call-p', { identity: 'agent-1', name: 'Agent', state: 'JOINED' });
    const { res, json } = await call(makeApp(), 'GET', '/rooms/call-p/participants');
    expect(res.status).toBe(200);
    expect(json.room_name).toBe('call-p');
    expect(json.participants).toEqual([
      expect.objectContaining({
        identity: 'customer-abc',
        name: 'Amira',
        state: 'active',
        is_publisher: true,
        tracks: [{ sid: 'TR_mic', type: 'audio', source: 'microphone', name: 'mic', muted: false }],
      }),
      expect.objectContaining({ identity: 'agent-1', state: 'joined', is_publisher: false, tracks: [] }),
    ]);
    expect(lastRequest('ListParticipants')).toMatchObject({ body: { room: 'call-p' }, grant: { roomAdmin: true, room: 'call-p' } });
  });

  it('answers 404 room_not_found for the participants of an unknown room', async () => {
    const { res, json } = await call(makeApp(), 'GET', '/rooms/call-nowhere/participants');
    expect(res.status).toBe(404);
    expect(json.error.code).toBe('room_not_found');
  });

  it('removes a participant, and answers 404 participant_not_found for a stranger', async () => {
    standIn.addParticipant('call-r', { identity: 'customer-x' });
    const app = makeApp();
    const { res, json } = await call(app, 'DELETE', '/rooms/call-r/participants/customer-x');
    expect(res.status).toBe(200);
    expect(json).toEqual({ success: true, room_name: 'call-r', participant_identity: 'customer-x' });
    expect(lastRequest('RemoveParticipant')).toMatchObject({
      body: { room: 'call-r', identity: 'customer-x' },
      grant: { roomAdmin: true, room: 'call-r' },
    });
    expect(standIn.rooms.get('call-r')!.participants.size).toBe(0);

    const again = await call(app, 'DELETE', '/rooms/call-r/participants/customer-x');
    expect(again.res.status).toBe(404);
    expect(again.json.error.code).toBe('participant_not_found');
  });

  it("mutes every audio track of a participant and leaves the rest alone", async () => {
    standIn.addParticipant('call-m', {
      identity: 'agent-7',
      tracks: [
        { sid: 'TR_mic', type: 'AUDIO', source: 'MICROPHONE' },
        { sid: 'TR_cam', type: 'VIDEO', source: 'CAMERA' },
        { sid: 'TR_sys', type: 'AUDIO', source: 'SCREEN_SHARE_AUDIO' },
      ],
    });
    const { res, json } = await call(makeApp(), 'POST', '/rooms/call-m/participants/agent-7/mute', { muted: true });
    expect(res.status).toBe(200);
    expect(json).toMatchObject({ success: true, muted: true });
    expect((json.tracks as any[]).map((t) => [t.sid, t.muted])).toEqual([['TR_mic', true], ['TR_sys', true]]);

    expect(lastRequest('GetParticipant')).toMatchObject({ body: { room: 'call-m', identity: 'agent-7' }, grant: { roomAdmin: true, room: 'call-m' } });
    const mutes = standIn.requests.filter((r) => r.method === 'MutePublishedTrack');
    expect(mutes.map((r) => r.body)).toEqual([
      { room: 'call-m', identity: 'agent-7', trackSid: 'TR_mic', muted: true },
      { room: 'call-m', identity: 'agent-7', trackSid: 'TR_sys', muted: true },
    ]);
    expect(mutes.every((r) => r.grant?.roomAdmin === true && r.grant.room === 'call-m')).toBe(true);
    const camera = standIn.rooms.get('call-m')!.participants.get('agent-7')!.tracks.find((t) => t.sid === 'TR_cam');
    expect(camera?.muted ?? false).toBe(false);
  });

  it('unmutes one named track', async () => {
    standIn.addParticipant('call-u', {
      identity: 'customer-u',
      tracks: [{ sid: 'TR_a', type: 'AUDIO', muted: true }, { sid: 'TR_b', type: 'AUDIO', muted: true }],
    });
    const { res, json } = await call(makeApp(), 'POST', '/rooms/call-u/participants/customer-u/mute', { muted: false, track_sid: 'TR_b' });
    expect(res.status).toBe(200);
    expect(json.tracks).toEqual([expect.objectContaining({ sid: 'TR_b', muted: false })]);
    expect(standIn.requests.filter((r) => r.method === 'MutePublishedTrack').map((r) => r.body.trackSid)).toEqual(['TR_b']);
  });

  it('answers 404 when there is nothing to mute', async () => {
    standIn.addParticipant('call-n', { identity: 'customer-n' });
    const app = makeApp();
    const noAudio = await call(app, 'POST', '/rooms/call-n/participants/customer-n/mute', {});
    expect(noAudio.res.status).toBe(404);
    expect(noAudio.json.error.code).toBe('track_not_found');
    const nobody = await call(app, 'POST', '/rooms/call-n/participants/customer-zzz/mute', {});
    expect(nobody.res.status).toBe(404);
    expect(nobody.json.error.code).toBe('participant_not_found');
    expect(standIn.requests.filter((r) => r.method === 'MutePublishedTrack')).toHaveLength(0);
  });

  it('mints a staff token that joins the given room with audio only and the staff TTL', async () => {
    const app = makeApp();
    const { res, json } = await call(app, 'POST', '/rooms/call-s/staff-token', { name: 'Agent Noor' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(json).toMatchObject({ room_name: 'call-s', participant_name: 'Agent Noor', livekit_url: standIn.wsUrl, server_url: standIn.wsUrl });
    expect(json.participant_identity).toMatch(/^agent-/);
    const claims = await new TokenVerifier(API_KEY, API_SECRET).verify(json.token);
    expect(claims.sub).toBe(json.participant_identity);
    expect(claims.exp! - claims.nbf!).toBe(1800);
    expect(claims.video).toMatchObject({ room: 'call-s', roomJoin: true, canPublishSources: ['microphone'], canSubscribe: true, canPublishData: true });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.roomCreate).toBeFalsy();

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
    expect(standIn.requests).toHaveLength(0);
  });
});

describe('admin routes when LiveKit is in trouble', () => {
  it('answers 502 livekit_unreachable when nothing listens at LIVEKIT_URL', async () => {
    const dead = await startLiveKitStandIn({ apiKey: API_KEY, apiSecret: API_SECRET });
    await dead.close();
    const { res, json } = await call(makeApp(makeConfig({ LIVEKIT_URL: dead.wsUrl })), 'GET', '/rooms');
    expect(res.status).toBe(502);
    expect(json.error.code).toBe('livekit_unreachable');
  });

  it('answers 504 livekit_timeout when LiveKit does not answer', async () => {
    standIn.hang = true;
    const started = Date.now();
    const { res, json } = await call(makeApp(makeConfig(), { livekitTimeoutMs: 300 }), 'GET', '/rooms');
    expect(res.status).toBe(504);
    expect(json.error.code).toBe('livekit_timeout');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(standIn.requests).toHaveLength(1);
  });

  it('answers 502 livekit_auth_failed when LiveKit refuses our API secret', async () => {
    const config = makeConfig({ LIVEKIT_API_SECRET: 'a-different-secret-that-is-long-0123456789' });
    const { res, json } = await call(makeApp(config), 'GET', '/rooms');
    expect(res.status).toBe(502);
    expect(json.error.code).toBe('livekit_auth_failed');
    expect(standIn.requests[0]).toMatchObject({ method: 'ListRooms', status: 401, grant: undefined });
  });

  it('answers 503 livekit_disabled when the admin key is set but LiveKit is off', async () => {
    const { res, json } = await call(makeApp(makeConfig({ LIVEKIT_URL: '' })), 'GET', '/rooms');
    expect(res.status).toBe(503);
    expect(json.error.code).toBe('livekit_disabled');
  });
});

// Opt-in: runs only when LIVEKIT_URL points at a real server, e.g. `livekit-server --dev` (devkey / secret):
//   LIVEKIT_URL=ws://127.0.0.1:7880 npx vitest run server/test/admin-routes.test.ts
const realUrl = process.env['LIVEKIT_URL'];
describe.skipIf(!realUrl)('admin room routes against a real LiveKit server', () => {
  it('creates, lists, inspects and deletes a room', async () => {
    const config = loadConfig({
      LIVEKIT_URL: realUrl!,
      LIVEKIT_API_KEY: process.env['LIVEKIT_API_KEY'] ?? 'devkey',
      LIVEKIT_API_SECRET: process.env['LIVEKIT_API_SECRET'] ?? 'secret',
      ADMIN_API_KEY: ADMIN_KEY,
    });
    const app = makeApp(config);
    const room = `ccw-test-${Date.now().toString(36)}`;
    try {
      const created = await call(app, 'POST', '/rooms', { room_name: room, max_participants: 3 });
      expect(created.res.status).toBe(201);
      expect(created.json).toMatchObject({ success: true, room_name: room, max_participants: 3 });
      const listed = await call(app, 'GET', '/rooms');
      expect((listed.json.rooms as any[]).map((r) => r.room_name)).toContain(room);
      const participants = await call(app, 'GET', `/rooms/${room}/participants`);
      expect(participants.json.participants).toEqual([]);
      const stranger = await call(app, 'POST', `/rooms/${room}/participants/nobody-here/mute`, {});
      expect(stranger.res.status).toBe(404);
    } finally {
      const deleted = await call(app, 'DELETE', `/rooms/${room}`);
      expect(deleted.res.status).toBe(200);
    }
  });
});
