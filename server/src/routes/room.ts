/**
 * `POST /api/room/token`: a LiveKit token for a customer's browser. Speaks the seed's shape and LiveKit's
 * TokenSource shape (`TokenSource.endpoint()` in livekit-client sends `room_name`, `participant_name`,
 * `participant_identity`, `participant_metadata`, `participant_attributes`, `room_config` and reads
 * `server_url` + `participant_token`).
 *
 * What the caller may choose is deliberately narrow (DESIGN.md, "Where we deviate from the seed"):
 * - the room is server-chosen; `room_name` is honoured only together with a valid `call_handle` for it
 *   (without one it is ignored and the answer names the room actually granted);
 * - the identity is always server-made: `participant_identity` is accepted (TokenSource clients always send
 *   it) and ignored, because a chosen identity lets one caller disconnect another who has it;
 * - `participant_metadata`, `participant_attributes` and `room_config` are type-checked and ignored: staff
 *   would read self-declared metadata as fact, and room configuration (agent dispatch, egress) is ours to set.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { Config } from '../config.ts';
import { ApiError, badRequest } from '../errors.ts';
import { issueCallHandle, verifyCallHandle } from '../livekit/call-handle.ts';
import type { CallHandle } from '../livekit/call-handle.ts';
import { livekitClientUrl, mintCustomerToken } from '../livekit/tokens.ts';
import { readJsonObject, stringField } from './request.ts';
import type { JsonObject } from './request.ts';

/** The JSON answer of `POST /api/room/token`: the seed's fields, TokenSource's fields, and the call handle. */
export interface RoomTokenResponse {
  readonly token: string;
  readonly livekit_url: string;
  readonly room_name: string;
  readonly participant_name: string;
  readonly participant_identity: string;
  /** ISO time the token stops being accepted for joining. */
  readonly expires_at: string;
  /** Present this (with or without `room_name`) to get another token for the same room. */
  readonly call_handle: string;
  readonly call_handle_expires_at: string;
  /** TokenSource's names for `livekit_url` and `token`. */
  readonly server_url: string;
  readonly participant_token: string;
}

/** The `/api/room` routes; mount with `app.route('/api/room', createRoomRoutes(config))`. */
export function createRoomRoutes(config: Config): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/token', async (c) => {
    const { url } = config.livekit;
    if (!url) {
      throw new ApiError(503, 'livekit_disabled', 'LiveKit is not configured on this server; calls run in direct mode.');
    }
    const body = await readJsonObject(c);
    const roomName = stringField(body, 'room_name', { maxLength: 256 });
    // Generous cap: longer names are cut to 64 characters by sanitizing, not refused.
    const participantName = stringField(body, 'participant_name', { maxLength: 1024 });
    const callHandleText = stringField(body, 'call_handle', { maxLength: 1024 });
    // Type-checked so a broken client hears about it, then ignored (see the file header).
    stringField(body, 'participant_identity', { maxLength: 1024 });
    stringField(body, 'participant_metadata', { maxLength: 64 * 1024 });
    optionalStringMap(body, 'participant_attributes');
    optionalObject(body, 'room_config');

    let handle: CallHandle | undefined;
    if (callHandleText) {
      handle = verifyCallHandle(config.livekit, callHandleText);
      if (!handle) {
        throw new ApiError(403, 'call_handle_invalid', 'This call handle is not valid or has expired; start a new call.');
      }
      if (roomName && roomName !== handle.room) {
        throw new ApiError(403, 'room_not_allowed', 'This call handle was issued for a different room.');
      }
    }
    // Without a handle, `room_name` is a wish, not a choice: the seed's clients and TokenSource.endpoint() send
    // one, and they get a token for a fresh server-chosen room, named in the answer's `room_name`.

    const minted = await mintCustomerToken(config, { room: handle?.room, name: participantName });
    // A returning caller keeps the handle it has: its lifetime counts from the first token, not the last.
    handle ??= issueCallHandle(config.livekit, minted.room);
    const serverUrl = livekitClientUrl(url);
    const response: RoomTokenResponse = {
      token: minted.token,
      livekit_url: serverUrl,
      room_name: minted.room,
      participant_name: minted.name,
      participant_identity: minted.identity,
      expires_at: minted.expiresAt.toISOString(),
      call_handle: handle.handle,
      call_handle_expires_at: handle.expiresAt.toISOString(),
      server_url: serverUrl,
      participant_token: minted.token,
    };
    // A token is a credential: no shared cache may keep it.
    c.header('Cache-Control', 'no-store');
    return c.json(response);
  });

  return app;
}

function optionalStringMap(body: JsonObject, field: string): void {
  const value = optionalObject(body, field);
  if (value && !Object.values(value).every((v) => typeof v === 'string')) {
    throw badRequest('invalid_field', `The field "${field}" must map names to strings.`);
  }
}

function optionalObject(body: JsonObject, field: string): JsonObject | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest('invalid_field', `The field "${field}" must be an object.`);
  return value as JsonObject;
}
