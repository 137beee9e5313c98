/**
 * LiveKit access tokens for the two kinds of people in a call. A customer (public route) gets the least a voice
 * call needs: join one room, publish the microphone only, subscribe, send data; a server-chosen unguessable
 * room and a server-made unique identity (see DESIGN.md, "Where we deviate from the seed"). A human agent
 * (admin route) joins a given room with the same media rights and a longer lifetime.
 */
import { randomBytes } from 'node:crypto';
import { AccessToken, RoomAgentDispatch, RoomConfiguration, TrackSource } from 'livekit-server-sdk';
import type { VideoGrant } from 'livekit-server-sdk';
import { AGENT_NAME, AgentDispatchMetadata, type StaffToken } from '@call-center-widget/protocol';
import { agentDispatchOn, type Config } from '../config.ts';

/** A signed token and what it lets its holder do. */
export interface MintedToken {
  readonly token: string;
  readonly room: string;
  readonly identity: string;
  readonly name: string;
  readonly expiresAt: Date;
}

/** Options for a customer token; `room` only when the caller proved it was issued that room. */
export interface CustomerTokenOptions {
  readonly room?: string;
  /** The identity a verified call handle names (a reconnect); a fresh one otherwise. */
  readonly identity?: string;
  readonly name?: string;
  /** How the AI agent starts the call, when it is dispatched (default: reception, in English). */
  readonly agent?: AgentDispatchMetadata;
}

/** How the agent starts a call when the token request says nothing about it. */
export const DEFAULT_AGENT_DISPATCH: AgentDispatchMetadata = { persona: 'reception', language: 'en' };

/** Options for a staff (human agent) token. */
export interface StaffTokenOptions {
  readonly room: string;
  readonly identity?: string;
  readonly name: string;
}

/** How every customer identity begins (the AI agent answers the participant whose identity does). */
export const CUSTOMER_IDENTITY_PREFIX = 'customer-';
/** Human agents (staff): the seed's `agent-` identities, from the admin staff token and the console's join. */
export const STAFF_IDENTITY_PREFIX = 'agent-';
/** Display name given to a customer who did not send a usable one. */
export const DEFAULT_CUSTOMER_NAME = 'Customer';
/** Longest display name kept, in characters (code points). */
export const MAX_PARTICIPANT_NAME_CHARS = 64;

/**
 * Mints a customer token: a new `call-…` room unless `room` is given, a fresh `customer-…` identity unless
 * `identity` is given (only ever the one a verified call handle names, never one a caller chose).
 */
export async function mintCustomerToken(config: Config, options: CustomerTokenOptions = {}): Promise<MintedToken> {
  const room = options.room ?? newRoomName();
  const identity = options.identity ?? `${CUSTOMER_IDENTITY_PREFIX}${randomBytes(12).toString('base64url')}`;
  const name = sanitizeParticipantName(options.name) || DEFAULT_CUSTOMER_NAME;
  // With the agent on, the customer's joining creates the room with a dispatch: LiveKit hands the room to one of
  // the workers registered under AGENT_NAME, which reads how to start from the metadata.
  const agent = agentDispatchOn(config) ? AgentDispatchMetadata.parse(options.agent ?? DEFAULT_AGENT_DISPATCH) : undefined;
  return mint(config, config.livekit.tokenTtlSeconds, { room, identity, name }, agent);
}

/** Mints a staff token for a human agent joining `room`; identity `agent-…` unless one is given. */
export async function mintStaffToken(config: Config, options: StaffTokenOptions): Promise<MintedToken> {
  if (!options.room) throw new TypeError('a staff token needs a room');
  const identity = options.identity ?? `${STAFF_IDENTITY_PREFIX}${randomBytes(9).toString('base64url')}`;
  const name = sanitizeParticipantName(options.name) || 'Agent';
  return mint(config, config.livekit.staffTokenTtlSeconds, { room: options.room, identity, name });
}

/** A server-chosen room name: `call-` and 128 random bits, so a room cannot be guessed or enumerated. */
export function newRoomName(): string {
  return `call-${randomBytes(16).toString('base64url')}`;
}

/** A room `newRoomName()` made: a customer's call, the only rooms the staff console reaches. */
export const CALL_ROOM_NAME = /^call-[A-Za-z0-9_-]{22}$/;

/**
 * Makes a caller-supplied display name safe to show to staff and other participants: Unicode-normalized,
 * control and bidirectional-override characters removed (they can disguise a name in an agent's UI),
 * whitespace collapsed, at most 64 characters. Returns '' when nothing usable is left.
 */
export function sanitizeParticipantName(raw: string | undefined): string {
  if (raw === undefined) return '';
  const cleaned = raw
    .normalize('NFC')
    // C0/C1 controls, line/paragraph separators, bidi embeddings/overrides/isolates, BOM.
    .replace(/[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\uFEFF]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  // Cut by code points so a surrogate pair (emoji, some CJK) is never split in half.
  return Array.from(cleaned).slice(0, MAX_PARTICIPANT_NAME_CHARS).join('').trim();
}

/** The URL a browser connects to: LiveKit clients speak WebSocket, so http(s) becomes ws(s). */
export function livekitClientUrl(url: string): string {
  return url.replace(/^http(s?):\/\//i, 'ws$1://');
}

/** A minted token as the routes answer it: the seed's field names and LiveKit TokenSource's for the same values. */
export function tokenAnswer(minted: MintedToken, livekitUrl: string): StaffToken {
  const serverUrl = livekitClientUrl(livekitUrl);
  return {
    token: minted.token,
    livekit_url: serverUrl,
    room_name: minted.room,
    participant_name: minted.name,
    participant_identity: minted.identity,
    expires_at: minted.expiresAt.toISOString(),
    server_url: serverUrl,
    participant_token: minted.token,
  };
}

async function mint(
  config: Config,
  ttlSeconds: number,
  who: { room: string; identity: string; name: string },
  agent?: AgentDispatchMetadata,
): Promise<MintedToken> {
  const { apiKey, apiSecret } = config.livekit;
  // AccessToken silently falls back to LIVEKIT_API_KEY/SECRET from process.env when given '', which would
  // sign with credentials the configuration never validated.
  if (!apiKey || !apiSecret) throw new Error('LiveKit API key and secret are not configured');

  const token = new AccessToken(apiKey, apiSecret, { identity: who.identity, name: who.name, ttl: ttlSeconds });
  // The room a call creates by joining cleans itself up: closed when nobody came, and soon after everyone left.
  const roomConfig = new RoomConfiguration({
    emptyTimeout: config.livekit.emptyTimeoutSeconds,
    departureTimeout: config.livekit.departureTimeoutSeconds,
    agents: agent ? [new RoomAgentDispatch({ agentName: AGENT_NAME, metadata: JSON.stringify(agent) })] : [],
  });
  // The SDK would write every field with its default, including fields newer than the LiveKit server (1.9.12
  // refuses such a token: 'unknown field "tags"'); only the fields set go into the token (a dispatch, too, holds
  // just its name and metadata: `restartPolicy`, `deployment` and `attributes` are newer than 1.9.12).
  token.roomConfig = Object.assign(roomConfig, { toJSON: () => roomConfig.toJson() });
  const grant: VideoGrant = {
    room: who.room,
    roomJoin: true,
    canPublish: true,
    // Audio calls only: no camera or screen share, whatever the client asks for.
    canPublishSources: [TrackSource.MICROPHONE],
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
    roomAdmin: false,
    roomCreate: false,
    roomList: false,
    roomRecord: false,
    hidden: false,
    recorder: false,
  };
  token.addGrant(grant);
  // jose computes `exp` from whole seconds; mirror that so the reported expiry matches the token.
  const expiresAt = new Date((Math.floor(Date.now() / 1000) + ttlSeconds) * 1000);
  return { token: await token.toJwt(), room: who.room, identity: who.identity, name: who.name, expiresAt };
}
