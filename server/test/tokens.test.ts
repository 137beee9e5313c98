import { TokenSourceRequest, TokenSourceResponse, RoomConfiguration, RoomAgentDispatch } from '@livekit/protocol';
import { Hono } from 'hono';
import { TokenVerifier } from 'livekit-server-sdk';
import type { ClaimGrants } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../src/app-env.ts';
import { loadConfig } from '../src/config.ts';
import type { Config } from '../src/config.ts';
import { toErrorResponse } from '../src/http/error-response.ts';
import { issueCallHandle, verifyCallHandle } from '../src/livekit/call-handle.ts';
import { sanitizeParticipantName } from '../src/livekit/tokens.ts';
import { createLimits } from '../src/http/limits.ts';
import { createRoomRoutes } from '../src/routes/room.ts';

const API_KEY = 'devkey';
const API_SECRET = 'test-secret-that-is-long-enough-0123456789';

function makeConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    LIVEKIT_URL: 'wss://livekit.example.test',
    LIVEKIT_API_KEY: API_KEY,
    LIVEKIT_API_SECRET: API_SECRET,
    LIVEKIT_TOKEN_TTL_SECONDS: '120',
    CALL_HANDLE_TTL_SECONDS: '900',
    // The AI agent's dispatch in the token is agent-worker.test.ts's subject; here, the token without it.
    LIVEKIT_AGENT: 'off',
    ...env,
  });
}

function makeApp(config: Config = makeConfig()) {
  const app = new Hono<AppEnv>();
  app.route('/api/room', createRoomRoutes(config, createLimits(config)));
  app.onError((err, c) => {
    const r = toErrorResponse(err);
    return c.json(r.body, r.status, r.headers);
  });
  return app;
}

async function requestToken(app: Hono<AppEnv>, body: unknown, contentType = 'application/json') {
  const res = await app.request('/api/room/token', {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { res, json: (await res.json()) as Record<string, any> };
}

async function verify(token: string): Promise<ClaimGrants> {
  return new TokenVerifier(API_KEY, API_SECRET).verify(token);
}

describe('POST /api/room/token', () => {
  it('issues a token that joins only its own room, publishes only the microphone and expires with the configured TTL', async () => {
    const { res, json } = await requestToken(makeApp(), { participant_name: 'Amira' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');

    const claims = await verify(json.token);
    expect(claims.iss).toBe(API_KEY);
    expect(claims.sub).toBe(json.participant_identity);
    expect(claims.name).toBe('Amira');
    expect(claims.exp! - claims.nbf!).toBe(120);
    expect(Date.parse(json.expires_at)).toBe(claims.exp! * 1000);

    const video = claims.video!;
    expect(video.room).toBe(json.room_name);
    expect(video.roomJoin).toBe(true);
    expect(video.canPublish).toBe(true);
    expect(video.canPublishSources).toEqual(['microphone']);
    expect(video.canSubscribe).toBe(true);
    expect(video.canPublishData).toBe(true);
    for (const grant of ['roomAdmin', 'roomCreate', 'roomList', 'roomRecord', 'recorder', 'hidden', 'agent', 'ingressAdmin'] as const) {
      expect(video[grant], grant).toBeFalsy();
    }
    // The room closes itself after the configured timeouts; with LIVEKIT_AGENT=off no agent is dispatched.
    // Only the fields set, so that a LiveKit server older than the SDK's protocol still reads the token.
    expect(claims.roomConfig).toEqual({ emptyTimeout: 120, departureTimeout: 30 });
  });

  it('answers in the seed shape with a ws URL for the browser', async () => {
    const { json } = await requestToken(makeApp(makeConfig({ LIVEKIT_URL: 'https://livekit.example.test' })), {});
    expect(json).toMatchObject({
      livekit_url: 'wss://livekit.example.test',
      server_url: 'wss://livekit.example.test',
      participant_name: 'Customer',
    });
    expect(json.participant_token).toBe(json.token);
    expect(typeof json.room_name).toBe('string');
    expect(typeof json.call_handle).toBe('string');
  });

  it('gives two callers different unguessable rooms and unique identities', async () => {
    const app = makeApp();
    const a = (await requestToken(app, {})).json;
    const b = (await requestToken(app, {})).json;
    // `call-` and 16 random bytes in base64url: 128 bits a stranger would have to guess.
    expect(a.room_name).toMatch(/^call-[A-Za-z0-9_-]{22}$/);
    expect(b.room_name).toMatch(/^call-[A-Za-z0-9_-]{22}$/);
    expect(a.room_name).not.toBe(b.room_name);
    expect(a.participant_identity).toMatch(/^customer-[A-Za-z0-9_-]{16}$/);
    expect(a.participant_identity).not.toBe(b.participant_identity);
  });

  it('returns a caller to the same room with its call handle, as the same participant (one at a time, whoever holds it)', async () => {
    const app = makeApp();
    const first = (await requestToken(app, { participant_name: 'Sam' })).json;

    const again = await requestToken(app, { call_handle: first.call_handle, participant_name: 'Sam' });
    expect(again.res.status).toBe(200);
    expect(again.json.room_name).toBe(first.room_name);
    // The same identity: LiveKit keeps one connection of it in the room, so the handle adds nobody to the call.
    expect(again.json.participant_identity).toBe(first.participant_identity);
    expect((await verify(again.json.token)).sub).toBe(first.participant_identity);
    expect((await verify(again.json.token)).video!.room).toBe(first.room_name);
    // The handle keeps its first expiry: returning does not extend it forever.
    expect(again.json.call_handle).toBe(first.call_handle);
    expect(again.json.call_handle_expires_at).toBe(first.call_handle_expires_at);

    const named = await requestToken(app, { call_handle: first.call_handle, room_name: first.room_name });
    expect(named.res.status).toBe(200);
    expect(named.json.room_name).toBe(first.room_name);
  });

  it("never grants a room_name sent without a call handle: the seed's example gets a fresh room instead", async () => {
    const app = makeApp();
    const victim = (await requestToken(app, {})).json;
    for (const room_name of ['call-123', victim.room_name]) {
      const { res, json } = await requestToken(app, { room_name, participant_name: 'John Doe', participant_identity: 'call-123_john' });
      expect(res.status).toBe(200);
      expect(json.room_name).not.toBe(room_name);
      expect(json.room_name).toMatch(/^call-[A-Za-z0-9_-]{22,}$/);
      expect(json.participant_identity).not.toBe('call-123_john');
    }
  });

  it("refuses a token request that names another caller's room", async () => {
    const app = makeApp();
    const mine = (await requestToken(app, {})).json;
    const theirs = (await requestToken(app, {})).json;
    const { res, json } = await requestToken(app, { call_handle: mine.call_handle, room_name: theirs.room_name });
    expect(res.status).toBe(403);
    expect(json.error.code).toBe('room_not_allowed');
  });

  it('refuses a forged, expired or foreign call handle', async () => {
    const config = makeConfig();
    const app = makeApp(config);
    const { json: issued } = await requestToken(app, {});
    const [version, room, identity, expiry, mac] = (issued.call_handle as string).split('.');
    const otherRoom = Buffer.from('call-someone-else').toString('base64url');
    const otherIdentity = Buffer.from('customer-someone-else').toString('base64url');
    const later = String(Number(expiry) + 86_400);
    const flipped = mac!.slice(0, -2) + (mac!.endsWith('AA') ? 'BB' : 'AA');
    const expired = issueCallHandle(config.livekit, issued.room_name, issued.participant_identity, Date.now() - 901_000).handle;
    const foreign = issueCallHandle({ ...config.livekit, callHandleSecret: 'another-secret' }, issued.room_name, issued.participant_identity).handle;
    // A v1 handle (room only) from before handles named their participant.
    const v1 = `v1.${room}.${expiry}.${mac}`;

    for (const handle of [
      `${version}.${otherRoom}.${identity}.${expiry}.${mac}`,
      `${version}.${room}.${otherIdentity}.${expiry}.${mac}`,
      `${version}.${room}.${identity}.${later}.${mac}`,
      `${version}.${room}.${identity}.${expiry}.${flipped}`,
      expired,
      foreign,
      v1,
      'not-a-handle',
    ]) {
      const { res, json } = await requestToken(app, { call_handle: handle });
      expect(res.status, handle).toBe(403);
      expect(json.error.code).toBe('call_handle_invalid');
    }
  });

  it('makes the identity itself and ignores participant_identity, so no caller can push another out', async () => {
    const { res, json } = await requestToken(makeApp(), { participant_name: 'John Doe', participant_identity: 'call-123_john' });
    expect(res.status).toBe(200);
    expect(json.participant_identity).toMatch(/^customer-/);
    expect((await verify(json.token)).sub).toBe(json.participant_identity);
  });

  it('sanitizes hostile display names before they reach staff screens', async () => {
    const hostile = `  \u202Egnp.exe\u0000 Bob\n\tSmith\u2066 ${'x'.repeat(200)}`;
    const { json } = await requestToken(makeApp(), { participant_name: hostile });
    expect(json.participant_name).not.toMatch(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/u);
    expect(json.participant_name.startsWith('gnp.exe Bob Smith x')).toBe(true);
    expect(Array.from(json.participant_name as string).length).toBeLessThanOrEqual(64);
    expect((await verify(json.token)).name).toBe(json.participant_name);

    const blank = await requestToken(makeApp(), { participant_name: '\u0000\u200F \n' });
    expect(blank.json.participant_name).toBe('Customer');
  });

  it('works as the endpoint of livekit-client TokenSource.endpoint()', async () => {
    // The request exactly as TokenSourceEndpoint builds it: protobuf JSON with proto field names.
    const request = new TokenSourceRequest({
      roomName: undefined,
      participantName: 'Lina',
      participantIdentity: 'lina',
      participantMetadata: '{"plan":"gold"}',
      participantAttributes: { language: 'ar' },
      roomConfig: new RoomConfiguration({ agents: [new RoomAgentDispatch({ agentName: 'sneaky-agent' })] }),
    });
    const { res, json } = await requestToken(makeApp(), request.toJsonString({ useProtoFieldName: true }));
    expect(res.status).toBe(200);

    const parsed = TokenSourceResponse.fromJson(json, { ignoreUnknownFields: true });
    expect(parsed.serverUrl).toBe('wss://livekit.example.test');
    const claims = await verify(parsed.participantToken);
    expect(claims.name).toBe('Lina');
    // What the caller asked to put in its own token is not there.
    expect(claims.sub).not.toBe('lina');
    expect(claims.metadata).toBeUndefined();
    expect(claims.attributes).toBeUndefined();
    // The caller's room configuration (an agent dispatch) is replaced by the server's own.
    expect(claims.roomConfig).toEqual({ emptyTimeout: 120, departureTimeout: 30 });
  });

  it('answers 503 livekit_disabled, pointing at direct mode, when LiveKit is not configured', async () => {
    const config = loadConfig({});
    const { res, json } = await requestToken(makeApp(config), {});
    expect(res.status).toBe(503);
    expect(json.error.code).toBe('livekit_disabled');
    expect(json.error.message).toMatch(/direct mode/);
  });

  it('refuses a body that is not JSON, not an object, or has fields of the wrong type', async () => {
    const app = makeApp();
    const cases: Array<[unknown, string, number, string]> = [
      ['participant_name=Bob', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
      ['{"participant_name":', 'application/json', 400, 'invalid_json'],
      ['[1,2]', 'application/json', 400, 'invalid_body'],
      [{ participant_name: 42 }, 'application/json', 400, 'invalid_field'],
      [{ call_handle: ['x'] }, 'application/json', 400, 'invalid_field'],
      [{ participant_attributes: { language: 7 } }, 'application/json', 400, 'invalid_field'],
      [{ room_config: 'big' }, 'application/json', 400, 'invalid_field'],
    ];
    for (const [body, type, status, code] of cases) {
      const { res, json } = await requestToken(app, body, type);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(json.error.code).toBe(code);
    }
    const { json } = await requestToken(app, { participant_attributes: { language: 7 } });
    expect(json.error.message).toContain('participant_attributes');
  });
});

describe('call handles', () => {
  const config = { callHandleSecret: 'handle-secret', callHandleTtlSeconds: 60 };

  it('proves the room it was issued for until it expires', () => {
    const now = Date.UTC(2030, 0, 1);
    const issued = issueCallHandle(config, 'call-abc', 'customer-xyz', now);
    expect(issued.expiresAt.getTime()).toBe(now + 60_000);
    expect(verifyCallHandle(config, issued.handle, now + 59_000)).toMatchObject({ room: 'call-abc', identity: 'customer-xyz' });
    expect(verifyCallHandle(config, issued.handle, now + 60_000)).toBeUndefined();
  });

  it('answers undefined, never throws, for malformed input', () => {
    for (const junk of ['', '.', 'v1...', 'v1.a.b.c', 'v2.YQ.1.AA', 'v2.YQ.YQ.1.AA', 'v2....', `v1.YQ.99999999999.${'A'.repeat(43)}`, 'x'.repeat(10_000), 'v1.YQ.1.€€']) {
      expect(verifyCallHandle(config, junk)).toBeUndefined();
    }
  });
});

describe('sanitizeParticipantName', () => {
  it('keeps Arabic and emoji whole while cutting to 64 characters', () => {
    expect(sanitizeParticipantName('  أمل   حداد ')).toBe('أمل حداد');
    const emoji = '😀'.repeat(70);
    expect(sanitizeParticipantName(emoji)).toBe('😀'.repeat(64));
  });
});
