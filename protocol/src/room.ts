/**
 * `POST /api/room/token`: a LiveKit token for a customer's browser, in the seed's shape and in LiveKit's
 * TokenSource shape (`TokenSource.endpoint()` sends `room_name`, `participant_name`, `participant_identity`,
 * `participant_metadata`, `participant_attributes`, `room_config` and reads `server_url`, `participant_token`).
 * The room and identity are always the server's choice; `room_name` is honoured only with its `call_handle`.
 */
import { z } from 'zod';
import { optionalText } from './fields.ts';

const absent = (v: unknown): unknown => (v === null ? undefined : v);

/** The body of `POST /api/room/token`. */
export const TokenRequest = z
  .object({
    participant_name: optionalText(1024, 'Display name; cleaned up and cut to 64 characters.'),
    call_handle: optionalText(1024, 'The handle returned with an earlier token: rejoin that call\'s room.'),
    room_name: optionalText(256, 'Honoured only with a matching call_handle; otherwise a fresh room is granted.'),
    participant_identity: optionalText(1024, 'Accepted (TokenSource sends it) and ignored: identities are server-made.'),
    participant_metadata: optionalText(64 * 1024, 'Accepted and ignored.'),
    participant_attributes: z
      .preprocess((v: Record<string, string> | undefined) => absent(v), z.record(z.string(), z.string()).optional())
      .meta({ description: 'Accepted and ignored.' }),
    room_config: z
      .preprocess((v: Record<string, unknown> | undefined) => absent(v), z.record(z.string(), z.unknown()).optional())
      .meta({ description: 'Accepted and ignored: room settings are the server\'s.' }),
  })
  .meta({ id: 'TokenRequest' });
export type TokenRequest = z.input<typeof TokenRequest>;

/** A LiveKit token: the seed's names and TokenSource's names for the same values. */
export const StaffToken = z
  .object({
    token: z.string(),
    livekit_url: z.string(),
    room_name: z.string(),
    participant_name: z.string(),
    participant_identity: z.string(),
    expires_at: z.string().meta({ description: 'ISO time after which the token no longer joins.' }),
    server_url: z.string(),
    participant_token: z.string(),
  })
  .meta({ id: 'StaffToken' });
export type StaffToken = z.infer<typeof StaffToken>;

/** The answer of `POST /api/room/token`: a token and the handle that returns this customer to the same room. */
export const TokenResponse = StaffToken.extend({
  call_handle: z.string().meta({ description: 'Send it back (with or without room_name) for another token for this room.' }),
  call_handle_expires_at: z.string(),
}).meta({ id: 'TokenResponse' });
export type TokenResponse = z.infer<typeof TokenResponse>;
