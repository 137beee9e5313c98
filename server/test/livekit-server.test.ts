/**
 * The server against the real LiveKit server (livekit-server --dev on loopback, started by this file): the seed's
 * room routes, the admin routes, staff tokens, customer tokens, webhooks and rooms that close themselves.
 * A Node participant (@livekit/rtc-node) stands where a customer's browser or a staff member would.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { RoomEvent } from '@livekit/rtc-node';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreatedRoom, LiveCalls, MuteResult, ParticipantList, RoomList, StaffToken, TokenResponse } from '@call-center-widget/protocol';
import { requireLiveKit, startLiveKit, type LiveKitServer } from '../../scripts/livekit-dev.mjs';
import { joinRoom, type RoomParticipant } from '../../scripts/livekit-participant.mjs';
import { SILENCE_FIXTURE, SPEECH_FIXTURE } from './support/fixtures.ts';
import { makeTestApp, type TestApp } from './support/test-app.ts';

const binary = requireLiveKit('LiveKit server tests');
const ADMIN_KEY = 'admin-key-livekit-0123456789';
const admin = { Authorization: `Bearer ${ADMIN_KEY}` };
// Short timeouts so that the rooms' own cleanup can be watched within a test.
const DEPARTURE_TIMEOUT = 2;
const EMPTY_TIMEOUT = 5;

let livekit: LiveKitServer;
let listener: ServerType;
let base: string;
let testApp: TestApp;
let rooms: RoomServiceClient;
const joined: RoomParticipant[] = [];

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = admin) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

async function join(token: string, url = livekit.wsUrl): Promise<RoomParticipant> {
  const participant = await joinRoom(url, token);
  joined.push(participant);
  return participant;
}

/** A token a test mints itself, as an operator's own tool would. */
async function rawToken(room: string, identity: string): Promise<string> {
  const token = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity, ttl: 300 });
  token.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
  return token.toJwt();
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return { value, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  // Our server listens first, so that LiveKit can be told where to send its webhooks.
  let app: TestApp['app'] | undefined;
  await new Promise<void>((resolve) => {
    listener = serve({ fetch: (req) => app!.fetch(req), port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  livekit = await startLiveKit({ binary, webhookUrls: [`${base}/api/livekit/webhook`] });
  testApp = await makeTestApp({
    env: {
      LIVEKIT_URL: livekit.wsUrl,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
      ADMIN_API_KEY: ADMIN_KEY,
      LIVEKIT_DEPARTURE_TIMEOUT_SECONDS: String(DEPARTURE_TIMEOUT),
      LIVEKIT_EMPTY_TIMEOUT_SECONDS: String(EMPTY_TIMEOUT),
    },
  });
  app = testApp.app;
  rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
}, 60_000);

afterAll(async () => {
  await Promise.all(joined.map((p) => p.leave().catch(() => undefined)));
  await livekit?.stop();
  await new Promise((resolve) => listener?.close(resolve));
});

describe.skipIf(!binary)('the seed’s room routes against a real LiveKit server', () => {
  it('create, participants, mute and delete answer in the seed’s shapes', async () => {
    const room = `seed-${Date.now().toString(36)}`;
    const created = await api('POST', '/api/room/create', { room_name: room, max_participants: 4 });
    expect(created.status).toBe(200);
    const answer = CreatedRoom.parse(created.json);
    expect(answer).toMatchObject({ success: true, room_name: room, max_participants: 4, empty_timeout: EMPTY_TIMEOUT, departure_timeout: DEPARTURE_TIMEOUT });
    expect(Date.parse(answer.creation_time!)).toBeGreaterThan(Date.now() - 60_000);
    expect((await rooms.listRooms([room]))[0]).toMatchObject({ name: room, maxParticipants: 4 });

    const customer = await join(await rawToken(room, 'customer-seed'));
    const mic = await customer.publishWav(SPEECH_FIXTURE);
    // LiveKit reports a track once the publication completes on its side.
    const { value: listed } = await eventually(
      'the published track is listed',
      async () => {
        const list = ParticipantList.parse((await api('GET', `/api/room/${room}/participants`)).json);
        return list.participants[0]?.tracks.length ? list : undefined;
      },
      5_000,
    );
    expect(listed.participants).toHaveLength(1);
    expect(listed.participants[0]).toMatchObject({ identity: 'customer-seed', state: 'active' });
    expect(listed.participants[0]!.tracks).toEqual([expect.objectContaining({ sid: mic.sid, type: 'audio', source: 'microphone', muted: false })]);

    const muted = await api('POST', `/api/room/${room}/mute`, { participant_identity: 'customer-seed' });
    expect(muted.status).toBe(200);
    expect(MuteResult.parse(muted.json)).toMatchObject({ success: true, muted: true, tracks: [expect.objectContaining({ sid: mic.sid, muted: true })] });
    // LiveKit itself now holds the track muted.
    const held = await rooms.getParticipant(room, 'customer-seed');
    expect(held.tracks.find((t) => t.sid === mic.sid)?.muted).toBe(true);

    const deleted = await api('DELETE', `/api/room/${room}`);
    expect(deleted).toEqual({ status: 200, json: { success: true, room_name: room } });
    expect(await rooms.listRooms([room])).toEqual([]);
  });

  it('refuse a wrong or missing admin key, and name what is missing', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong-key-0123456789' }] as Record<string, string>[]) {
      for (const [method, path, body] of [
        ['POST', '/api/room/create', { room_name: 'nope' }],
        ['GET', '/api/room/nope/participants'],
        ['POST', '/api/room/nope/mute', { participant_identity: 'x' }],
        ['DELETE', '/api/room/nope'],
      ] as const) {
        const res = await api(method, path, body, headers);
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.json.error.code).toBe('unauthorized');
      }
    }
    expect(await rooms.listRooms(['nope'])).toEqual([]);
  });

  it('answer 404 for a room or participant LiveKit does not have', async () => {
    expect((await api('GET', '/api/room/no-such-room/participants')).json.error.code).toBe('room_not_found');
    const room = `seed-404-${Date.now().toString(36)}`;
    await api('POST', '/api/room/create', { room_name: room });
    const stranger = await api('POST', `/api/room/${room}/mute`, { participant_identity: 'nobody-here' });
    expect(stranger.status).toBe(404);
    expect(stranger.json.error.code).toBe('participant_not_found');
    await api('DELETE', `/api/room/${room}`);
  });
});

describe.skipIf(!binary)('the admin routes against a real LiveKit server', () => {
  it('list rooms and participants, mute, remove, and let staff join the customer’s room', async () => {
    const token = TokenResponse.parse((await api('POST', '/api/room/token', { participant_name: 'Amira' }, {})).json);
    const customer = await join(token.participant_token!, token.server_url);
    await customer.publishWav(SPEECH_FIXTURE);

    // LiveKit refreshes its room counters on its own schedule.
    await eventually(
      'the room counts its publisher',
      async () => {
        const listed = RoomList.parse((await api('GET', '/api/admin/rooms')).json);
        const room = listed.rooms.find((r) => r.room_name === token.room_name);
        return room?.num_participants === 1 && room.num_publishers === 1 ? room : undefined;
      },
      10_000,
    );

    const staffToken = await api('POST', `/api/admin/rooms/${token.room_name}/staff-token`, { name: 'Agent Noor' });
    expect(staffToken.status).toBe(200);
    const staff = await join(StaffToken.parse(staffToken.json).token, token.server_url);
    // Staff hear the customer: real audio crosses the room.
    const heard = await staff.measureAudio(customer.identity, 3_000);
    expect(heard.peakDbfs).toBeGreaterThan(-40);

    const participants = ParticipantList.parse((await api('GET', `/api/admin/rooms/${token.room_name}/participants`)).json);
    expect(participants.participants.map((p) => [p.identity.split('-')[0], p.name]).sort()).toEqual([
      ['agent', 'Agent Noor'],
      ['customer', 'Amira'],
    ]);

    const muted = await api('POST', `/api/admin/rooms/${token.room_name}/participants/${customer.identity}/mute`, {});
    expect(muted.json).toMatchObject({ success: true, muted: true });
    const unmuted = await api('POST', `/api/admin/rooms/${token.room_name}/participants/${customer.identity}/mute`, { muted: false });
    // LiveKit's default: nobody but the customer may unmute the customer's microphone.
    expect(unmuted.status).toBe(422);
    expect(unmuted.json.error).toMatchObject({ code: 'livekit_precondition_failed', message: expect.stringContaining('enable_remote_unmute') });

    const removed = await api('DELETE', `/api/admin/rooms/${token.room_name}/participants/${staff.identity}`);
    expect(removed.json).toEqual({ success: true, room_name: token.room_name, participant_identity: staff.identity });
    await eventually('the customer sees staff leave', async () => (customer.remoteIdentities().length === 0 ? true : undefined), 5_000);
    expect((await rooms.listParticipants(token.room_name)).map((p) => p.identity)).toEqual([customer.identity]);
  });

  it('a customer’s token joins only its own room, and the call handle brings the customer back to it', async () => {
    const first = TokenResponse.parse((await api('POST', '/api/room/token', { participant_name: 'Lina' }, {})).json);
    const again = TokenResponse.parse((await api('POST', '/api/room/token', { call_handle: first.call_handle }, {})).json);
    expect(again.room_name).toBe(first.room_name);
    const customer = await join(again.participant_token!, again.server_url);
    expect(customer.room.name).toBe(first.room_name);
    // A handle names one room: asking for another with it is refused, and no room is made for the asker.
    const other = await api('POST', '/api/room/token', { call_handle: first.call_handle, room_name: 'someone-elses-room' }, {});
    expect(other.status).toBe(403);
    expect(other.json.error.code).toBe('room_not_allowed');
    expect(await rooms.listRooms(['someone-elses-room'])).toEqual([]);
  });
});

describe.skipIf(!binary)('rooms that clean themselves up, seen through LiveKit’s webhooks', () => {
  it('knows a call is live while the customer is in it, and forgets the room once the customer leaves', async () => {
    const token = TokenResponse.parse((await api('POST', '/api/room/token', { participant_name: 'Omar' }, {})).json);
    const customer = await join(token.participant_token!, token.server_url);
    await customer.publishWav(SILENCE_FIXTURE);

    // The room LiveKit made from the customer's token carries our timeouts.
    const [room] = await rooms.listRooms([token.room_name]);
    expect(room).toMatchObject({ emptyTimeout: EMPTY_TIMEOUT, departureTimeout: DEPARTURE_TIMEOUT });

    const live = await eventually(
      'the call appears in /api/admin/calls',
      async () => {
        const calls = LiveCalls.parse((await api('GET', '/api/admin/calls')).json);
        const call = calls.calls.find((c) => c.room_name === token.room_name);
        return call?.participants.some((p) => p.kind === 'customer') ? { call, calls } : undefined;
      },
      5_000,
    );
    expect(live.value.call.participants).toEqual([expect.objectContaining({ identity: customer.identity, name: 'Omar', kind: 'customer' })]);
    expect(live.value.calls.webhooks.received).toBeGreaterThanOrEqual(2);

    const left = Date.now();
    await customer.leave();
    joined.splice(joined.indexOf(customer), 1);
    const gone = await eventually(
      'the room closes after the departure timeout',
      async () => ((await rooms.listRooms([token.room_name])).length === 0 ? true : undefined),
      (DEPARTURE_TIMEOUT + 10) * 1000,
    );
    const forgotten = await eventually(
      'room_finished reaches the server',
      async () => {
        const calls = LiveCalls.parse((await api('GET', '/api/admin/calls')).json);
        return calls.calls.some((c) => c.room_name === token.room_name) ? undefined : true;
      },
      5_000,
    );
    console.log(`room closed ${((Date.now() - left) / 1000).toFixed(1)} s after the customer left (departure timeout ${DEPARTURE_TIMEOUT} s; listRooms empty after ${gone.ms} ms, registry after ${forgotten.ms} ms more)`);
  });

  it('answers a call\'s request for a person when LiveKit says a member of staff joined it, not before', async () => {
    const token = TokenResponse.parse((await api('POST', '/api/room/token', { participant_name: 'Huda' }, {})).json);
    const customer = await join(token.participant_token!, token.server_url);
    const tickets = testApp.deps.tickets!;
    const { ticket } = tickets.create({ kind: 'human_request', conversationId: 'conv_w', persona: 'reception', language: 'en', summary: 'Asked to speak with a person.', transcript: [], roomName: token.room_name });
    const staff = StaffToken.parse((await api('POST', `/api/admin/rooms/${token.room_name}/staff-token`, { name: 'Noor' })).json);
    // A token is no presence: the request still waits until Noor is in the room.
    expect(tickets.get(ticket.id)?.status).toBe('open');
    const noor = await join(staff.token, token.server_url);
    const answered = await eventually('the request is answered', async () => (tickets.get(ticket.id)?.status === 'closed' ? tickets.get(ticket.id) : undefined), 5_000);
    expect(answered.value).toMatchObject({ closedBy: 'Noor', closeNote: 'Joined the call.' });
    for (const p of [noor, customer]) {
      await p.leave();
      joined.splice(joined.indexOf(p), 1);
    }
  });

  it('lets a call handle have one participant in the call at a time: using it again takes the place of the first', async () => {
    const first = TokenResponse.parse((await api('POST', '/api/room/token', { participant_name: 'Rana' }, {})).json);
    const customer = await join(first.participant_token!, first.server_url);
    const pushedOut = new Promise<boolean>((resolve) => {
      customer.room.once(RoomEvent.Disconnected, () => resolve(true));
      setTimeout(() => resolve(false), 10_000);
    });
    // Whoever holds the handle gets the same participant, not another one beside the caller.
    const again = TokenResponse.parse((await api('POST', '/api/room/token', { call_handle: first.call_handle }, {})).json);
    expect(again.participant_identity).toBe(first.participant_identity);
    const second = await join(again.participant_token!, again.server_url);
    expect(await pushedOut).toBe(true);
    const inRoom = await rooms.listParticipants(first.room_name);
    expect(inRoom.map((p) => p.identity)).toEqual([first.participant_identity]);
    for (const p of [second, customer]) {
      await p.leave().catch(() => undefined);
      joined.splice(joined.indexOf(p), 1);
    }
  });

  it('an empty room created by an operator closes itself after the empty timeout', async () => {
    const room = `empty-${Date.now().toString(36)}`;
    await api('POST', '/api/room/create', { room_name: room, empty_timeout: 1 });
    expect(await rooms.listRooms([room])).toHaveLength(1);
    await eventually('the empty room closes', async () => ((await rooms.listRooms([room])).length === 0 ? true : undefined), 30_000);
  }, 40_000);

  it('refuses an event with a wrong or missing signature, and believes LiveKit’s own', async () => {
    const body = JSON.stringify({ event: 'room_finished', room: { name: 'forged' }, id: 'x', createdAt: '1' });
    const unsigned = await fetch(`${base}/api/livekit/webhook`, { method: 'POST', headers: { 'Content-Type': 'application/webhook+json' }, body });
    expect(unsigned.status).toBe(401);
    // Signed with another secret: a JWT LiveKit's WebhookReceiver will not accept.
    const forger = new AccessToken(livekit.apiKey, 'another-secret-0123456789-abcdefghij');
    forger.sha256 = 'irrelevant';
    const forged = await fetch(`${base}/api/livekit/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/webhook+json', Authorization: await forger.toJwt() },
      body,
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as any).error.code).toBe('unauthorized');
    // The real events kept arriving and were believed (the earlier test's room came and went through them).
    const calls = LiveCalls.parse((await api('GET', '/api/admin/calls')).json);
    expect(calls.webhooks.received).toBeGreaterThan(0);
    expect(calls.calls.some((c) => c.room_name === 'forged')).toBe(false);
  });
});
