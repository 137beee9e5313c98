/**
 * A LiveKit Twirp STAND-IN for tests: it is not LiveKit. No LiveKit server can be installed on these machines
 * (DESIGN.md, "Tests that must be real"), so this node:http server on 127.0.0.1 answers the seven RoomService
 * calls our admin routes make, the way livekit-server does over JSON Twirp:
 * `POST /twirp/livekit.RoomService/<Method>` with a JSON body, `Authorization: Bearer <jwt>` signed with the
 * API secret, the video grant LiveKit checks per call (roomCreate, roomList, roomAdmin + room), snake_case
 * protojson answers (int64 as strings, enums by name) and Twirp errors `{"code","msg"}` with their statuses.
 *
 * Rooms live in memory. Participants cannot join over WebRTC here, so tests place them with `addParticipant`.
 * Every request is recorded for assertions, and `hang = true` makes it accept requests and never answer.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenVerifier } from 'livekit-server-sdk';
import type { VideoGrant } from 'livekit-server-sdk';

/** One request the stand-in received, as seen on the wire. */
export interface StandInRequest {
  readonly method: string;
  readonly contentType: string;
  readonly body: Record<string, unknown>;
  /** The video grant of the verified bearer token; undefined when the token did not verify. */
  readonly grant: VideoGrant | undefined;
  readonly status: number;
}

/** A track as tests describe it. */
export interface StandInTrack {
  sid: string;
  type: 'AUDIO' | 'VIDEO' | 'DATA';
  source?: 'MICROPHONE' | 'CAMERA' | 'SCREEN_SHARE' | 'SCREEN_SHARE_AUDIO';
  name?: string;
  muted?: boolean;
}

/** A participant as tests describe it. */
export interface StandInParticipant {
  identity: string;
  name?: string;
  state?: 'JOINING' | 'JOINED' | 'ACTIVE' | 'DISCONNECTED';
  tracks?: StandInTrack[];
}

interface StoredRoom {
  sid: string;
  name: string;
  maxParticipants: number;
  emptyTimeout: number;
  creationTime: number;
  participants: Map<string, Required<StandInParticipant> & { sid: string; joinedAt: number }>;
}

/** The running stand-in. */
export interface LiveKitStandIn {
  /** `ws://127.0.0.1:<port>`, as LIVEKIT_URL would be written. */
  readonly wsUrl: string;
  readonly httpUrl: string;
  readonly requests: StandInRequest[];
  readonly rooms: Map<string, StoredRoom>;
  /** While true, requests are read and never answered (for timeout tests). */
  hang: boolean;
  addRoom(name: string): void;
  addParticipant(room: string, participant: StandInParticipant): void;
  close(): Promise<void>;
}

class TwirpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const GRANT_NEEDED: Record<string, (grant: VideoGrant, body: Record<string, unknown>) => boolean> = {
  CreateRoom: (g) => g.roomCreate === true,
  DeleteRoom: (g) => g.roomCreate === true,
  ListRooms: (g) => g.roomList === true,
  ListParticipants: (g, b) => g.roomAdmin === true && g.room === str(b, 'room'),
  GetParticipant: (g, b) => g.roomAdmin === true && g.room === str(b, 'room'),
  RemoveParticipant: (g, b) => g.roomAdmin === true && g.room === str(b, 'room'),
  MutePublishedTrack: (g, b) => g.roomAdmin === true && g.room === str(b, 'room'),
};

/** Starts the stand-in on a free loopback port, checking tokens against `apiKey`/`apiSecret`. */
export async function startLiveKitStandIn(credentials: { apiKey: string; apiSecret: string }): Promise<LiveKitStandIn> {
  const verifier = new TokenVerifier(credentials.apiKey, credentials.apiSecret);
  const rooms = new Map<string, StoredRoom>();
  const requests: StandInRequest[] = [];
  let sidCounter = 0;
  const sid = (prefix: string) => `${prefix}_standin${++sidCounter}`;
  const now = () => Math.floor(Date.now() / 1000);

  const addRoom = (name: string, maxParticipants = 0, emptyTimeout = 300): StoredRoom => {
    const room: StoredRoom = { sid: sid('RM'), name, maxParticipants, emptyTimeout, creationTime: now(), participants: new Map() };
    rooms.set(name, room);
    return room;
  };

  const handlers: Record<string, (body: Record<string, unknown>) => unknown> = {
    CreateRoom(body) {
      const name = str(body, 'name');
      if (!name) throw new TwirpFailure(400, 'invalid_argument', 'no room name');
      // livekit-server returns the existing room when the name is taken.
      const room = rooms.get(name) ?? addRoom(name, num(body, 'maxParticipants', 'max_participants'), num(body, 'emptyTimeout', 'empty_timeout') || 300);
      return roomJson(room);
    },
    ListRooms(body) {
      const names = Array.isArray(body['names']) ? (body['names'] as string[]) : [];
      const list = [...rooms.values()].filter((r) => names.length === 0 || names.includes(r.name));
      return { rooms: list.map(roomJson) };
    },
    DeleteRoom(body) {
      if (!rooms.delete(str(body, 'room'))) throw new TwirpFailure(404, 'not_found', 'room not found');
      return {};
    },
    ListParticipants(body) {
      // Like livekit-server's store: an unknown room has no participants rather than an error.
      const room = rooms.get(str(body, 'room'));
      return { participants: room ? [...room.participants.values()].map(participantJson) : [] };
    },
    GetParticipant(body) {
      return participantJson(findParticipant(body, 'participant does not exist'));
    },
    RemoveParticipant(body) {
      const p = findParticipant(body, 'participant not found');
      rooms.get(str(body, 'room'))!.participants.delete(p.identity);
      return {};
    },
    MutePublishedTrack(body) {
      const p = findParticipant(body, 'participant does not exist');
      const track = p.tracks.find((t) => t.sid === str(body, 'trackSid', 'track_sid'));
      if (!track) throw new TwirpFailure(404, 'not_found', 'track is not found');
      track.muted = body['muted'] === true;
      return { track: trackJson(track) };
    },
  };

  function findParticipant(body: Record<string, unknown>, message: string) {
    const p = rooms.get(str(body, 'room'))?.participants.get(str(body, 'identity'));
    if (!p) throw new TwirpFailure(404, 'not_found', message);
    return p;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const contentType = req.headers['content-type'] ?? '';
    const method = /^\/twirp\/livekit\.RoomService\/([A-Za-z]+)$/.exec(req.url ?? '')?.[1] ?? '';
    let body: Record<string, unknown> = {};
    let grant: VideoGrant | undefined;
    const record = (status: number) => requests.push({ method, contentType, body, grant, status });

    if (standIn.hang) {
      record(0);
      return; // never answered; close() destroys the socket
    }
    try {
      if (req.method !== 'POST' || !GRANT_NEEDED[method]) throw new TwirpFailure(404, 'bad_route', `no handler for ${req.method} ${req.url}`);
      if (!/^application\/json\b/i.test(contentType)) throw new TwirpFailure(404, 'bad_route', `unexpected Content-Type: ${contentType}`);
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        throw new TwirpFailure(400, 'malformed', 'the json request could not be decoded');
      }
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!auth) throw new TwirpFailure(401, 'unauthenticated', 'permissions denied');
      try {
        grant = (await verifier.verify(auth)).video ?? {};
      } catch {
        throw new TwirpFailure(401, 'unauthenticated', 'invalid token');
      }
      if (!GRANT_NEEDED[method]!(grant, body)) throw new TwirpFailure(403, 'permission_denied', 'permissions denied');
      const answer = handlers[method]!(body);
      record(200);
      send(res, 200, answer);
    } catch (err) {
      const failure = err instanceof TwirpFailure ? err : new TwirpFailure(500, 'internal', String(err));
      record(failure.status);
      send(res, failure.status, { code: failure.code, msg: failure.message });
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const standIn: LiveKitStandIn = {
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    requests,
    rooms,
    hang: false,
    addRoom: (name) => void addRoom(name),
    addParticipant(roomName, participant) {
      const room = rooms.get(roomName) ?? addRoom(roomName);
      room.participants.set(participant.identity, {
        identity: participant.identity,
        name: participant.name ?? participant.identity,
        state: participant.state ?? 'ACTIVE',
        tracks: (participant.tracks ?? []).map((t) => ({ ...t })),
        sid: sid('PA'),
        joinedAt: now(),
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return standIn;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  // The SDK parses an error body only when the content type is exactly "application/json", as Twirp sends it.
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Protojson accepts a field by its JSON (camelCase) or proto (snake_case) name; so does the stand-in. */
function str(body: Record<string, unknown>, ...names: string[]): string {
  for (const n of names) if (typeof body[n] === 'string') return body[n] as string;
  return '';
}

function num(body: Record<string, unknown>, ...names: string[]): number {
  for (const n of names) if (typeof body[n] === 'number') return body[n] as number;
  return 0;
}

function roomJson(r: StoredRoom) {
  const publishers = [...r.participants.values()].filter((p) => p.tracks.length > 0).length;
  return {
    sid: r.sid,
    name: r.name,
    empty_timeout: r.emptyTimeout,
    max_participants: r.maxParticipants,
    creation_time: String(r.creationTime),
    creation_time_ms: String(r.creationTime * 1000),
    num_participants: r.participants.size,
    num_publishers: publishers,
  };
}

function participantJson(p: Required<StandInParticipant> & { sid: string; joinedAt: number }) {
  return {
    sid: p.sid,
    identity: p.identity,
    name: p.name,
    state: p.state,
    tracks: p.tracks.map(trackJson),
    joined_at: String(p.joinedAt),
    is_publisher: p.tracks.length > 0,
  };
}

function trackJson(t: StandInTrack) {
  return { sid: t.sid, type: t.type, name: t.name ?? '', muted: t.muted ?? false, source: t.source ?? 'UNKNOWN' };
}
