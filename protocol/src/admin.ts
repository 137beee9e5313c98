/**
 * `/api/admin`: the seed's room management (LiveKit's RoomService) and staff tokens, behind
 * `Authorization: Bearer <ADMIN_API_KEY>`. Room names and identities are 1-128 characters of
 * `[A-Za-z0-9_.:@-]` starting with a letter or digit: everything the server creates fits, and nothing else
 * needs URL-escaping games.
 */
import { z } from 'zod';
import { optionalBoolean, optionalInt } from './fields.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/;
const NAME_RULE = 'must be 1-128 characters of A-Z a-z 0-9 _ . : @ -, starting with a letter or digit';

/** A room name or participant identity. */
export const LiveKitName = z.string().regex(NAME, { error: NAME_RULE }).meta({ id: 'LiveKitName', example: 'call-3f9a' });

/** The path parameters naming a room. */
export const RoomParams = z.object({ room_name: LiveKitName });
/** The path parameters naming a participant of a room. */
export const ParticipantParams = z.object({ room_name: LiveKitName, participant_identity: LiveKitName });

/** `POST /api/admin/rooms`. */
export const CreateRoomRequest = z
  .object({
    room_name: LiveKitName,
    max_participants: optionalInt(0, 10_000, '0: no limit.'),
    empty_timeout: optionalInt(0, 7 * 86_400, 'Seconds an empty room lives on.'),
  })
  .meta({ id: 'CreateRoomRequest' });
export type CreateRoomRequest = z.input<typeof CreateRoomRequest>;

/** A room as LiveKit reports it. */
export const Room = z
  .object({
    room_name: z.string(),
    sid: z.string(),
    num_participants: z.number().int(),
    num_publishers: z.number().int(),
    max_participants: z.number().int(),
    empty_timeout: z.number().int().meta({ description: 'Seconds an empty room lives on before LiveKit closes it.' }),
    departure_timeout: z.number().int().meta({ description: 'Seconds a room lives on after its last participant left.' }),
    creation_time: z.string().nullable(),
    metadata: z.string(),
    active_recording: z.boolean(),
  })
  .meta({ id: 'Room' });
export type Room = z.infer<typeof Room>;

/** A published track. */
export const Track = z
  .object({ sid: z.string(), type: z.string(), source: z.string(), name: z.string(), muted: z.boolean() })
  .meta({ id: 'Track' });

/** A participant of a room. */
export const Participant = z
  .object({
    identity: z.string(),
    sid: z.string(),
    name: z.string(),
    state: z.string(),
    kind: z.string().meta({ description: 'standard, ingress, egress, sip, agent or other.' }),
    is_publisher: z.boolean(),
    joined_at: z.string().nullable(),
    metadata: z.string(),
    tracks: z.array(Track),
  })
  .meta({ id: 'Participant' });
export type Participant = z.infer<typeof Participant>;

/** The answer of `POST /api/admin/rooms`. */
export const CreatedRoom = Room.extend({ success: z.literal(true) }).meta({ id: 'CreatedRoom' });
/** The answer of `GET /api/admin/rooms`. */
export const RoomList = z.object({ rooms: z.array(Room) }).meta({ id: 'RoomList' });
/** The answer of `DELETE /api/admin/rooms/{room_name}`. */
export const DeletedRoom = z.object({ success: z.literal(true), room_name: z.string() }).meta({ id: 'DeletedRoom' });
/** The answer of `GET /api/admin/rooms/{room_name}/participants`. */
export const ParticipantList = z.object({ room_name: z.string(), participants: z.array(Participant) }).meta({ id: 'ParticipantList' });
/** The answer of `DELETE /api/admin/rooms/{room_name}/participants/{participant_identity}`. */
export const RemovedParticipant = z
  .object({ success: z.literal(true), room_name: z.string(), participant_identity: z.string() })
  .meta({ id: 'RemovedParticipant' });

/** `POST /api/admin/rooms/{room_name}/participants/{participant_identity}/mute`: `{}` mutes, `"muted": false` unmutes. */
export const MuteRequest = z
  .object({ muted: optionalBoolean('Default true.'), track_sid: LiveKitName.optional().meta({ description: 'One track; all audio tracks when absent.' }) })
  .meta({ id: 'MuteRequest' });
export type MuteRequest = z.input<typeof MuteRequest>;
/** The answer of the mute route. */
export const MuteResult = z
  .object({ success: z.literal(true), room_name: z.string(), participant_identity: z.string(), muted: z.boolean(), tracks: z.array(Track) })
  .meta({ id: 'MuteResult' });

/** `POST /api/admin/rooms/{room_name}/staff-token`: a token for a human agent joining a customer's room. */
export const StaffTokenRequest = z
  .object({
    name: z.string().trim().min(1).max(1024).meta({ description: 'The name the customer sees for the agent.' }),
    identity: LiveKitName.refine((v) => !v.startsWith('customer-'), { error: 'must not start with "customer-" (reserved for customers)' })
      .optional()
      .meta({ description: '`agent-…` unless given.' }),
  })
  .meta({ id: 'StaffTokenRequest' });
export type StaffTokenRequest = z.input<typeof StaffTokenRequest>;

/** The seed's `POST /api/room/{room_name}/mute`: whom to mute (the seed's `mute_audio`, default true). */
export const SeedMuteRequest = z
  .object({
    participant_identity: LiveKitName,
    mute_audio: optionalBoolean('true mutes (the default), false unmutes.'),
    track_sid: LiveKitName.optional().meta({ description: 'One track; all audio tracks when absent.' }),
  })
  .meta({ id: 'SeedMuteRequest' });
export type SeedMuteRequest = z.input<typeof SeedMuteRequest>;

/** A call LiveKit says is live (from its webhooks): its room and who is in it. */
export const LiveCall = z
  .object({
    room_name: z.string(),
    started_at: z.string(),
    participants: z.array(
      z.object({ identity: z.string(), name: z.string(), kind: z.string().meta({ description: 'customer, staff, agent or other.' }), joined_at: z.string() }),
    ),
  })
  .meta({ id: 'LiveCall' });
export type LiveCall = z.infer<typeof LiveCall>;

/** The answer of `GET /api/admin/calls`. */
export const LiveCalls = z
  .object({
    calls: z.array(LiveCall),
    webhooks: z.object({
      received: z.number().int().meta({ description: 'Events received since start; 0 means LiveKit is not sending them here.' }),
      last_at: z.string().nullable(),
    }),
  })
  .meta({ id: 'LiveCalls' });
export type LiveCalls = z.infer<typeof LiveCalls>;

/** The answer to a LiveKit webhook event. */
export const WebhookAck = z.object({ received: z.literal(true), event: z.string() }).meta({ id: 'WebhookAck' });
