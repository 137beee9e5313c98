/**
 * `/api/admin`: the seed's LiveKitManager operations (rooms, participants, mute) and staff tokens for human
 * agents, behind `Authorization: Bearer <ADMIN_API_KEY>`. With no key configured the whole tree answers 404,
 * as if it did not exist. A missing or wrong key is 401 either way (RFC 6750), so a prober cannot tell a
 * wrong key from a missing one by status.
 *
 * Room names and identities are limited to `[A-Za-z0-9_.:@-]`, 1-128 characters, starting with a letter or
 * digit: everything this server creates fits, and nothing else needs URL-escaping games.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { ParticipantInfo_State, TrackSource, TrackType } from 'livekit-server-sdk';
import type { ParticipantInfo, Room, TrackInfo } from 'livekit-server-sdk';
import type { AppEnv } from '../app-env.ts';
import type { Config } from '../config.ts';
import { ApiError, badRequest } from '../errors.ts';
import { createRoomService } from '../livekit/room-service.ts';
import type { RoomService } from '../livekit/room-service.ts';
import { livekitClientUrl, mintStaffToken, sanitizeParticipantName } from '../livekit/tokens.ts';
import { booleanField, readJsonObject, stringField } from './request.ts';
import type { JsonObject } from './request.ts';

/** Options for `createAdminRoutes`. */
export interface AdminRoutesOptions {
  /** Per-call timeout towards LiveKit (default 5 s). */
  readonly livekitTimeoutMs?: number;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/;
const NAME_RULE = 'must be 1-128 characters of A-Z a-z 0-9 _ . : @ -, starting with a letter or digit';

/** The `/api/admin` routes; mount with `app.route('/api/admin', createAdminRoutes(config))`. */
export function createAdminRoutes(config: Config, options: AdminRoutesOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const key = config.adminApiKey;
  if (key === undefined) {
    app.all('*', () => {
      throw new ApiError(404, 'not_found', 'Not found.');
    });
    return app;
  }

  app.use('*', adminAuth(key));

  const livekitUrl = config.livekit.url;
  const rooms: RoomService | undefined = livekitUrl
    ? createRoomService(config, { timeoutMs: options.livekitTimeoutMs })
    : undefined;
  const livekitOff = () => new ApiError(503, 'livekit_disabled', 'LiveKit is not configured on this server (LIVEKIT_URL is unset).');
  const service = (): RoomService => {
    if (!rooms) throw livekitOff();
    return rooms;
  };

  app.post('/rooms', async (c) => {
    const svc = service();
    const body = await readJsonObject(c);
    const name = requiredName(body, 'room_name');
    const maxParticipants = optionalInt(body, 'max_participants', 0, 10_000);
    const emptyTimeout = optionalInt(body, 'empty_timeout', 0, 7 * 86_400);
    const room = await svc.createRoom({ name, maxParticipants, emptyTimeout });
    return c.json({ success: true, ...roomJson(room) }, 201);
  });

  app.get('/rooms', async (c) => {
    const list = await service().listRooms();
    return c.json({ rooms: list.map(roomJson) });
  });

  app.delete('/rooms/:room', async (c) => {
    const svc = service();
    const room = pathName(c, 'room');
    await svc.deleteRoom(room);
    return c.json({ success: true, room_name: room });
  });

  app.get('/rooms/:room/participants', async (c) => {
    const svc = service();
    const room = pathName(c, 'room');
    const participants = await svc.listParticipants(room);
    return c.json({ room_name: room, participants: participants.map(participantJson) });
  });

  app.delete('/rooms/:room/participants/:identity', async (c) => {
    const svc = service();
    const room = pathName(c, 'room');
    const identity = pathName(c, 'identity');
    await svc.removeParticipant(room, identity);
    return c.json({ success: true, room_name: room, participant_identity: identity });
  });

  app.post('/rooms/:room/participants/:identity/mute', async (c) => {
    const svc = service();
    const room = pathName(c, 'room');
    const identity = pathName(c, 'identity');
    const body = await readJsonObject(c);
    // The route is "mute": `{}` mutes, `"muted": false` unmutes.
    const muted = booleanField(body, 'muted') ?? true;
    const trackSid = stringField(body, 'track_sid', { maxLength: 128 });
    if (trackSid !== undefined && !NAME_PATTERN.test(trackSid)) throw invalidField('track_sid', NAME_RULE);
    const result = await svc.setAudioMuted(room, identity, muted, trackSid);
    return c.json({ success: true, room_name: room, participant_identity: identity, muted, tracks: result.tracks.map(trackJson) });
  });

  app.post('/rooms/:room/staff-token', async (c) => {
    if (!livekitUrl) throw livekitOff();
    const room = pathName(c, 'room');
    const body = await readJsonObject(c);
    // Required: it is the name the customer sees for the agent.
    const name = sanitizeParticipantName(stringField(body, 'name', { required: true, maxLength: 1024 }));
    if (!name) throw invalidField('name', 'has no printable characters');
    const identityText = stringField(body, 'identity', { maxLength: 128 });
    if (identityText !== undefined && !NAME_PATTERN.test(identityText)) throw invalidField('identity', NAME_RULE);
    // Joining under a customer's identity would make LiveKit disconnect that customer.
    if (identityText?.startsWith('customer-')) throw invalidField('identity', 'must not start with "customer-" (reserved for customers)');
    const minted = await mintStaffToken(config, { room, identity: identityText, name });
    const serverUrl = livekitClientUrl(livekitUrl);
    c.header('Cache-Control', 'no-store');
    return c.json({
      token: minted.token,
      livekit_url: serverUrl,
      room_name: minted.room,
      participant_name: minted.name,
      participant_identity: minted.identity,
      expires_at: minted.expiresAt.toISOString(),
      server_url: serverUrl,
      participant_token: minted.token,
    });
  });

  return app;
}

/** Bearer auth against the admin key, answering 401 in our error shape with a WWW-Authenticate challenge. */
function adminAuth(key: string): MiddlewareHandler<AppEnv> {
  // Compare digests: equal lengths for timingSafeEqual, and the key's length is not revealed by timing.
  const expected = createHash('sha256').update(key).digest();
  return async function adminAuth(c, next) {
    const header = c.req.header('authorization');
    const match = header ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
    if (!match) {
      throw new ApiError(401, 'unauthorized', 'Admin routes need Authorization: Bearer <ADMIN_API_KEY>.', {
        headers: { 'WWW-Authenticate': 'Bearer realm="admin"' },
      });
    }
    const given = createHash('sha256').update(match[1]!).digest();
    if (!timingSafeEqual(given, expected)) {
      throw new ApiError(401, 'unauthorized', 'The admin API key is not valid.', {
        headers: { 'WWW-Authenticate': 'Bearer realm="admin", error="invalid_token"' },
      });
    }
    await next();
  };
}

function pathName(c: Context, param: string): string {
  const value = c.req.param(param) ?? '';
  if (!NAME_PATTERN.test(value)) throw invalidField(param === 'room' ? 'room_name' : 'participant_identity', NAME_RULE);
  return value;
}

function invalidField(field: string, rule: string): ApiError {
  return badRequest('invalid_field', `The field "${field}" ${rule}.`);
}

function requiredName(body: JsonObject, field: string): string {
  const value = stringField(body, field, { required: true, maxLength: 128 });
  if (!NAME_PATTERN.test(value)) throw invalidField(field, NAME_RULE);
  return value;
}

function optionalInt(body: JsonObject, field: string, min: number, max: number): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidField(field, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** LiveKit reports times as Unix seconds (and, newer servers, milliseconds); 0 means unknown. */
function isoTime(ms: bigint, seconds: bigint): string | null {
  const value = ms > 0n ? Number(ms) : Number(seconds) * 1000;
  return value > 0 ? new Date(value).toISOString() : null;
}

function roomJson(room: Room) {
  return {
    room_name: room.name,
    sid: room.sid,
    num_participants: room.numParticipants,
    num_publishers: room.numPublishers,
    max_participants: room.maxParticipants,
    empty_timeout: room.emptyTimeout,
    creation_time: isoTime(room.creationTimeMs, room.creationTime),
    metadata: room.metadata,
    active_recording: room.activeRecording,
  };
}

const PARTICIPANT_KINDS = ['standard', 'ingress', 'egress', 'sip', 'agent'];

function participantJson(p: ParticipantInfo) {
  return {
    identity: p.identity,
    sid: p.sid,
    name: p.name,
    state: enumName(ParticipantInfo_State, p.state),
    kind: PARTICIPANT_KINDS[p.kind] ?? 'other',
    is_publisher: p.isPublisher,
    joined_at: isoTime(p.joinedAtMs, p.joinedAt),
    metadata: p.metadata,
    tracks: p.tracks.map(trackJson),
  };
}

function trackJson(t: TrackInfo) {
  return { sid: t.sid, type: enumName(TrackType, t.type), source: enumName(TrackSource, t.source), name: t.name, muted: t.muted };
}

/** protobuf-es enums are numeric TypeScript enums, which map values back to names. */
function enumName(values: Record<number, string>, value: number): string {
  return (values[value] ?? 'unknown').toLowerCase();
}
