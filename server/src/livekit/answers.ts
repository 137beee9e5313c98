/** LiveKit's rooms, participants and tracks as this server's answers describe them (protocol's admin shapes). */
import { ParticipantInfo_State, TrackSource, TrackType } from 'livekit-server-sdk';
import type { ParticipantInfo, Room, TrackInfo } from 'livekit-server-sdk';
import type { Participant, Room as RoomAnswer } from '@call-center-widget/protocol';

/** LiveKit reports times as Unix seconds (and, newer servers, milliseconds); 0 means unknown. */
function isoTime(ms: bigint, seconds: bigint): string | null {
  const value = ms > 0n ? Number(ms) : Number(seconds) * 1000;
  return value > 0 ? new Date(value).toISOString() : null;
}

/** A room. */
export function roomJson(room: Room): RoomAnswer {
  return {
    room_name: room.name,
    sid: room.sid,
    num_participants: room.numParticipants,
    num_publishers: room.numPublishers,
    max_participants: room.maxParticipants,
    empty_timeout: room.emptyTimeout,
    departure_timeout: room.departureTimeout,
    creation_time: isoTime(room.creationTimeMs, room.creationTime),
    metadata: room.metadata,
    active_recording: room.activeRecording,
  };
}

const PARTICIPANT_KINDS = ['standard', 'ingress', 'egress', 'sip', 'agent'];

/** A participant, with its tracks. */
export function participantJson(p: ParticipantInfo): Participant {
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

/** A published track. */
export function trackJson(t: TrackInfo) {
  return { sid: t.sid, type: enumName(TrackType, t.type), source: enumName(TrackSource, t.source), name: t.name, muted: t.muted };
}

/** protobuf-es enums are numeric TypeScript enums, which map values back to names. */
function enumName(values: Record<number, string>, value: number): string {
  return (values[value] ?? 'unknown').toLowerCase();
}
