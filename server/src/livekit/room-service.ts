/**
 * Room management through livekit-server-sdk's RoomServiceClient (LiveKit's Twirp API), with every failure
 * turned into an ApiError the admin routes can throw as is: missing things become 404s, an unreachable or
 * broken LiveKit a 502, a slow one a 504. Routes never see a TwirpError.
 */
import { RoomServiceClient, ServerError, TrackType } from 'livekit-server-sdk';
import type { ParticipantInfo, Room, TrackInfo } from 'livekit-server-sdk';
import type { Config } from '../config.ts';
import { ApiError } from '../errors.ts';

/** Options for `createRoomService`. */
export interface RoomServiceOptions {
  /** Per-request timeout; LiveKit's own default (10 s) is longer than an admin page should wait. */
  readonly timeoutMs?: number;
}

/** Room-creation parameters, as LiveKit takes them. */
export interface CreateRoomInput {
  readonly name: string;
  readonly maxParticipants?: number;
  readonly emptyTimeout?: number;
  /** Seconds the room lives on after the last participant leaves. */
  readonly departureTimeout?: number;
}

/** The result of muting or unmuting a participant's audio. */
export interface MuteResult {
  readonly tracks: readonly TrackInfo[];
}

/** The room operations the admin routes use (the seed's LiveKitManager). */
export interface RoomService {
  createRoom(input: CreateRoomInput): Promise<Room>;
  listRooms(names?: readonly string[]): Promise<Room[]>;
  deleteRoom(room: string): Promise<void>;
  listParticipants(room: string): Promise<ParticipantInfo[]>;
  getParticipant(room: string, identity: string): Promise<ParticipantInfo>;
  removeParticipant(room: string, identity: string): Promise<void>;
  /** Mutes (or unmutes) `trackSid`, or every audio track the participant publishes when it is omitted. */
  setAudioMuted(room: string, identity: string, muted: boolean, trackSid?: string): Promise<MuteResult>;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** LiveKit's API is HTTP on the same host and port as its WebSocket signalling. */
export function livekitHttpUrl(url: string): string {
  return url.replace(/^ws(s?):\/\//i, 'http$1://');
}

/** Builds the room service for a configured LiveKit; throws if LiveKit is off (callers check first). */
export function createRoomService(config: Config, options: RoomServiceOptions = {}): RoomService {
  const { url, apiKey, apiSecret } = config.livekit;
  if (!url) throw new Error('LiveKit is not configured (LIVEKIT_URL is unset)');
  const client = new RoomServiceClient(livekitHttpUrl(url), apiKey, apiSecret, {
    requestTimeout: (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000,
    // Failover only applies to LiveKit Cloud; a self-hosted server has no other region to try.
    failover: false,
  });

  const call = async <T>(what: Operation, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw toApiError(what, err);
    }
  };

  return {
    createRoom: (input) =>
      call('room', () =>
        client.createRoom({
          name: input.name,
          maxParticipants: input.maxParticipants,
          emptyTimeout: input.emptyTimeout,
          departureTimeout: input.departureTimeout,
        }),
      ),
    listRooms: (names) => call('room', () => client.listRooms(names ? [...names] : undefined)),
    deleteRoom: (room) => call('room', () => client.deleteRoom(room)),
    listParticipants: (room) =>
      call('room', async () => {
        const participants = await client.listParticipants(room);
        // LiveKit answers an empty list for a room that does not exist; tell the two apart for a proper 404.
        if (participants.length === 0 && (await client.listRooms([room])).length === 0) throw roomNotFound();
        return participants;
      }),
    getParticipant: (room, identity) => call('participant', () => client.getParticipant(room, identity)),
    removeParticipant: (room, identity) => call('participant', () => client.removeParticipant(room, identity)),
    setAudioMuted: (room, identity, muted, trackSid) =>
      call('participant', async () => {
        const participant = await client.getParticipant(room, identity);
        const targets = trackSid
          ? participant.tracks.filter((t) => t.sid === trackSid)
          : participant.tracks.filter((t) => t.type === TrackType.AUDIO);
        if (targets.length === 0) {
          throw new ApiError('track_not_found',
            trackSid ? `Participant "${identity}" has no track "${trackSid}".` : `Participant "${identity}" publishes no audio track.`,
          );
        }
        if (trackSid && targets[0]!.type !== TrackType.AUDIO) {
          throw new ApiError('not_audio_track', `Track "${trackSid}" is not an audio track.`);
        }
        const tracks: TrackInfo[] = [];
        for (const track of targets) {
          const updated = await client.mutePublishedTrack(room, identity, track.sid, muted);
          tracks.push(updated ?? track);
        }
        return { tracks };
      }),
  };
}

type Operation = 'room' | 'participant';

function roomNotFound(): ApiError {
  return new ApiError('room_not_found', 'No such room.');
}

/** Translates whatever the SDK threw into the error the admin caller should see. */
function toApiError(what: Operation, err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ServerError) {
    const message = err.message;
    switch (err.code) {
      case 'not_found':
        // LiveKit's messages: "requested room does not exist", "participant does not exist", "track is not found".
        if (/track/i.test(message)) return new ApiError('track_not_found', 'No such track.', { cause: err });
        if (/participant/i.test(message) || (what === 'participant' && !/room/i.test(message))) {
          return new ApiError('participant_not_found', 'No such participant in this room.', { cause: err });
        }
        return new ApiError('room_not_found', 'No such room.', { cause: err });
      case 'failed_precondition':
        // Unmuting someone is off unless LiveKit runs with `room: enable_remote_unmute: true`.
        if (/remote unmute/i.test(message)) {
          return new ApiError(
            'livekit_precondition_failed',
            'LiveKit does not let the server unmute a participant (enable_remote_unmute is off in its room settings); they can unmute themselves.',
            { cause: err },
          );
        }
        return new ApiError('livekit_precondition_failed', `LiveKit refused: ${message}`, { cause: err });
      case 'unauthenticated':
      case 'permission_denied':
        return new ApiError('livekit_auth_failed', 'LiveKit refused our API key; check LIVEKIT_API_KEY and LIVEKIT_API_SECRET.', { cause: err });
      default:
        // A wrong key or secret: LiveKit answers a bare 401 (no Twirp code), its text quoting our token.
        if (err.status === 401 || err.status === 403) {
          return new ApiError('livekit_auth_failed', 'LiveKit refused our API key; check LIVEKIT_API_KEY and LIVEKIT_API_SECRET.', { cause: err });
        }
        return new ApiError('livekit_error', `LiveKit answered with an error (${err.status}${err.code ? ` ${err.code}` : ''}).`, { cause: err });
    }
  }
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return new ApiError('livekit_timeout', 'LiveKit did not answer in time.', { cause: err });
  }
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) {
    return new ApiError('livekit_unreachable', 'LiveKit cannot be reached.', { cause: err });
  }
  // Anything else: LiveKit (or whatever sits at LIVEKIT_URL) answered something we could not read.
  return new ApiError('livekit_error', 'LiveKit gave an answer we could not understand.', { cause: err });
}
