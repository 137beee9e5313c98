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
import { TokenRequest, TokenResponse } from '@call-center-widget/protocol';
import type { Config } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { Limits } from '../http/limits.ts';
import { errorAnswers, jsonAnswer, jsonBody } from '../http/openapi.ts';
import { routeGroup } from '../http/validation.ts';
import { issueCallHandle, verifyCallHandle, type CallHandle } from '../livekit/call-handle.ts';
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

/** The `/api/room` routes; mount with `app.route('/api/room', createRoomRoutes(config, limits))`. */
export function createRoomRoutes(config: Config, limits: Limits) {
  return routeGroup().openapi({ ...token, middleware: limits.token }, async (c) => {
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

    const minted = await mintCustomerToken(config, { room: handle?.room, name: body.participant_name });
    // A returning caller keeps the handle it has: its lifetime counts from the first token, not the last.
    handle ??= issueCallHandle(config.livekit, minted.room);
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
