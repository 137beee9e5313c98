/**
 * `POST /api/room/token`: a LiveKit token for a customer's browser, in the seed's shape and LiveKit's TokenSource
 * shape. What the caller may choose is deliberately narrow (DESIGN.md, "Where we deviate from the seed"):
 * - the room is server-chosen; `room_name` is honoured only together with a valid `call_handle` for it
 *   (without one it is ignored and the answer names the room actually granted);
 * - the identity is always server-made: `participant_identity` is accepted (TokenSource clients always send
 *   it) and ignored, because a chosen identity lets one caller disconnect another who has it;
 * - `participant_metadata`, `participant_attributes` and `room_config` are type-checked and ignored: staff
 *   would read self-declared metadata as fact, and room configuration (agent dispatch, egress) is ours to set.
 */
import { createRoute } from '@hono/zod-openapi';
import {
  CreatedRoom,
  CreateRoomRequest,
  DeletedRoom,
  MuteResult,
  ParticipantList,
  RoomParams,
  SeedMuteRequest,
  TokenRequest,
  TokenResponse,
  type ErrorCode,
} from '@call-center-widget/protocol';
import type { Config } from '../config.ts';
import { ApiError } from '../errors.ts';
import { adminOnly } from '../http/admin-auth.ts';
import type { Limits } from '../http/limits.ts';
import { errorAnswers, jsonAnswer, jsonBody } from '../http/openapi.ts';
import { routeGroup } from '../http/validation.ts';
import { participantJson, roomJson, trackJson } from '../livekit/answers.ts';
import { issueCallHandle, verifyCallHandle, type CallHandle } from '../livekit/call-handle.ts';
import { createRoomService, type RoomService } from '../livekit/room-service.ts';
import { mintCustomerToken, tokenAnswer } from '../livekit/tokens.ts';

const token = createRoute({
  method: 'post',
  path: '/token',
  summary: 'A LiveKit token for a customer (seed and TokenSource shapes)',
  request: { body: jsonBody(TokenRequest) },
  responses: {
    200: jsonAnswer(TokenResponse, 'A token for a fresh room, or for the room of the call handle.'),
    ...errorAnswers('invalid_json', 'invalid_body', 'invalid_field', 'payload_too_large', 'unsupported_media_type', 'call_handle_invalid', 'room_not_allowed', 'livekit_disabled'),
  },
});

// The seed's room management, at the seed's paths and in its shapes, behind the admin key like /api/admin.
const ADMIN_ERRORS: ErrorCode[] = ['unauthorized', 'not_found', 'invalid_field', 'livekit_disabled', 'livekit_error', 'livekit_auth_failed', 'livekit_unreachable', 'livekit_timeout'];
const JSON_ERRORS: ErrorCode[] = ['invalid_json', 'invalid_body', 'missing_field', 'empty_field', 'payload_too_large', 'unsupported_media_type'];
const seed = { security: [{ adminKey: [] }], tags: ['admin'] };

const seedRoutes = {
  create: createRoute({
    ...seed,
    method: 'post',
    path: '/create',
    summary: 'Create a room (the seed\'s route; same as POST /api/admin/rooms)',
    request: { body: jsonBody(CreateRoomRequest) },
    responses: { 200: jsonAnswer(CreatedRoom, 'The room: success, room_name, max_participants, creation_time and more.'), ...errorAnswers(...ADMIN_ERRORS, ...JSON_ERRORS) },
  }),
  remove: createRoute({
    ...seed,
    method: 'delete',
    path: '/{room_name}',
    summary: 'Delete a room (the seed\'s route)',
    request: { params: RoomParams },
    responses: { 200: jsonAnswer(DeletedRoom, 'Deleted.'), ...errorAnswers(...ADMIN_ERRORS, 'room_not_found') },
  }),
  participants: createRoute({
    ...seed,
    method: 'get',
    path: '/{room_name}/participants',
    summary: 'List a room\'s participants (the seed\'s route)',
    request: { params: RoomParams },
    responses: { 200: jsonAnswer(ParticipantList, 'The participants and their tracks.'), ...errorAnswers(...ADMIN_ERRORS, 'room_not_found') },
  }),
  mute: createRoute({
    ...seed,
    method: 'post',
    path: '/{room_name}/mute',
    summary: 'Mute (or unmute) a participant\'s audio (the seed\'s route)',
    request: { params: RoomParams, body: jsonBody(SeedMuteRequest) },
    responses: {
      200: jsonAnswer(MuteResult, 'The audio tracks and their state.'),
      ...errorAnswers(...ADMIN_ERRORS, ...JSON_ERRORS, 'room_not_found', 'participant_not_found', 'track_not_found', 'not_audio_track', 'livekit_precondition_failed'),
    },
  }),
};

/** The `/api/room` routes; mount with `app.route('/api/room', createRoomRoutes(config, limits))`. */
export function createRoomRoutes(config: Config, limits: Limits, options: { livekitTimeoutMs?: number } = {}) {
  const admin = [adminOnly(config.adminApiKey), ...limits.admin];
  const rooms: RoomService | undefined = config.livekit.url ? createRoomService(config, { timeoutMs: options.livekitTimeoutMs }) : undefined;
  const service = (): RoomService => {
    if (!rooms) throw new ApiError('livekit_disabled', 'LiveKit is not configured on this server (LIVEKIT_URL is unset).');
    return rooms;
  };
  return routeGroup()
    .openapi({ ...seedRoutes.create, middleware: admin }, async (c) => {
      const svc = service();
      const { room_name: name, max_participants: maxParticipants, empty_timeout: emptyTimeout } = c.req.valid('json');
      const room = await svc.createRoom({
        name,
        maxParticipants,
        emptyTimeout: emptyTimeout ?? config.livekit.emptyTimeoutSeconds,
        departureTimeout: config.livekit.departureTimeoutSeconds,
      });
      return c.json({ success: true as const, ...roomJson(room) }, 200);
    })
    .openapi({ ...seedRoutes.remove, middleware: admin }, async (c) => {
      const { room_name: room } = c.req.valid('param');
      await service().deleteRoom(room);
      return c.json({ success: true as const, room_name: room }, 200);
    })
    .openapi({ ...seedRoutes.participants, middleware: admin }, async (c) => {
      const { room_name: room } = c.req.valid('param');
      const participants = await service().listParticipants(room);
      return c.json({ room_name: room, participants: participants.map(participantJson) }, 200);
    })
    .openapi({ ...seedRoutes.mute, middleware: admin }, async (c) => {
      const { room_name: room } = c.req.valid('param');
      const body = c.req.valid('json');
      const muted = body.mute_audio ?? true;
      const result = await service().setAudioMuted(room, body.participant_identity, muted, body.track_sid);
      return c.json({ success: true as const, room_name: room, participant_identity: body.participant_identity, muted, tracks: result.tracks.map(trackJson) }, 200);
    })
    .openapi({ ...token, middleware: limits.token }, async (c) => {
      const { url } = config.livekit;
      if (!url) throw new ApiError('livekit_disabled', 'LiveKit is not configured on this server; calls run in direct mode.');
      const body = c.req.valid('json');

      let handle: CallHandle | undefined;
      if (body.call_handle) {
        handle = verifyCallHandle(config.livekit, body.call_handle);
        if (!handle) throw new ApiError('call_handle_invalid', 'This call handle is not valid or has expired; start a new call.');
        if (body.room_name && body.room_name !== handle.room) {
          throw new ApiError('room_not_allowed', 'This call handle was issued for a different room.');
        }
      }
      // Without a handle, `room_name` is a wish, not a choice: the seed's clients and TokenSource.endpoint() send
      // one, and they get a token for a fresh server-chosen room, named in the answer's `room_name`.

      // A returning caller is the same participant again: LiveKit lets one connection of an identity into a room,
      // so a handle never adds a second person to the call, whoever holds it.
      const minted = await mintCustomerToken(config, { room: handle?.room, identity: handle?.identity, name: body.participant_name });
      // A returning caller keeps the handle it has: its lifetime counts from the first token, not the last.
      handle ??= issueCallHandle(config.livekit, minted.room, minted.identity);
      const answer: TokenResponse = {
        ...tokenAnswer(minted, url),
        call_handle: handle.handle,
        call_handle_expires_at: handle.expiresAt.toISOString(),
      };
      // A token is a credential: no shared cache may keep it.
      c.header('Cache-Control', 'no-store');
      return c.json(answer, 200);
    });
}
