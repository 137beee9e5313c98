/**
 * Call handles: a signed, expiring proof that this server gave a customer a particular room, as a particular
 * participant. The first token response carries one; presenting it later (a reconnect, a page reload) is the only
 * way a public caller can get a token for a room it did not just get assigned, so a stranger cannot join
 * `call-123` by naming it. Every token a handle gets carries the same identity, and LiveKit lets one participant
 * of an identity in a room at a time: a handle is one live participant, never a way to add people to a call.
 *
 * Format: `v2.<base64url(room)>.<base64url(identity)>.<expiry unix seconds>.<base64url(HMAC-SHA256)>`, the MAC
 * covering version, room, identity and expiry. Stateless on purpose: several server processes share it through
 * the one secret. (v1 handles, which named no identity, are no longer accepted: the caller starts a new call.)
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.ts';

/** The parts of the LiveKit configuration that call handles need. */
export type CallHandleConfig = Pick<Config['livekit'], 'callHandleSecret' | 'callHandleTtlSeconds'>;

/** A handle together with what it proves. */
export interface CallHandle {
  readonly handle: string;
  readonly room: string;
  /** The participant every token of this handle is for. */
  readonly identity: string;
  readonly expiresAt: Date;
}

const VERSION = 'v2';
/** Anything longer is not ours; refusing it early keeps hostile input from costing HMAC work. */
const MAX_HANDLE_LENGTH = 512;
const MAX_ROOM_LENGTH = 128;

/** Signs a handle for `identity` in `room`, valid for `callHandleTtlSeconds` from `now` (ms since the epoch). */
export function issueCallHandle(config: CallHandleConfig, room: string, identity: string, now: number = Date.now()): CallHandle {
  if (room === '' || room.length > MAX_ROOM_LENGTH) throw new RangeError(`room name must be 1-${MAX_ROOM_LENGTH} characters`);
  if (identity === '' || identity.length > MAX_ROOM_LENGTH) throw new RangeError(`identity must be 1-${MAX_ROOM_LENGTH} characters`);
  const expiry = Math.floor(now / 1000) + config.callHandleTtlSeconds;
  const encodedRoom = Buffer.from(room, 'utf8').toString('base64url');
  const encodedIdentity = Buffer.from(identity, 'utf8').toString('base64url');
  const mac = sign(config.callHandleSecret, encodedRoom, encodedIdentity, expiry).toString('base64url');
  return { handle: `${VERSION}.${encodedRoom}.${encodedIdentity}.${expiry}.${mac}`, room, identity, expiresAt: new Date(expiry * 1000) };
}

/**
 * Checks a handle's signature and expiry at `now` (ms since the epoch); returns what it proves, or undefined
 * for anything forged, truncated, expired or malformed. Never throws on hostile input.
 */
export function verifyCallHandle(config: CallHandleConfig, handle: string, now: number = Date.now()): CallHandle | undefined {
  if (typeof handle !== 'string' || handle.length === 0 || handle.length > MAX_HANDLE_LENGTH) return undefined;
  const parts = handle.split('.');
  if (parts.length !== 5) return undefined;
  const [version, encodedRoom, encodedIdentity, expiryText, macText] = parts as [string, string, string, string, string];
  if (version !== VERSION || !/^[A-Za-z0-9_-]+$/.test(encodedRoom) || !/^[A-Za-z0-9_-]+$/.test(encodedIdentity) || !/^\d{1,12}$/.test(expiryText)) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(macText)) return undefined;

  const expiry = Number(expiryText);
  const expected = sign(config.callHandleSecret, encodedRoom, encodedIdentity, expiry);
  const given = Buffer.from(macText, 'base64url');
  // timingSafeEqual throws on unequal lengths; the length of a MAC is public, so checking it first leaks nothing.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  // Checked after the MAC so that a forged handle cannot learn anything from which answer it gets.
  if (expiry * 1000 <= now) return undefined;

  const room = Buffer.from(encodedRoom, 'base64url').toString('utf8');
  const identity = Buffer.from(encodedIdentity, 'base64url').toString('utf8');
  if (room === '' || room.length > MAX_ROOM_LENGTH || identity === '' || identity.length > MAX_ROOM_LENGTH) return undefined;
  return { handle, room, identity, expiresAt: new Date(expiry * 1000) };
}

function sign(secret: string, encodedRoom: string, encodedIdentity: string, expiry: number): Buffer {
  // The version and field separators are inside the MAC so no other string layout can collide with this one.
  return createHmac('sha256', secret).update(`${VERSION}\n${encodedRoom}\n${encodedIdentity}\n${expiry}`).digest();
}
