/**
 * `/api/admin`: the seed's LiveKitManager operations (rooms, participants, mute) and staff tokens for human
 * agents, behind `Authorization: Bearer <ADMIN_API_KEY>`. With no key configured the whole tree answers 404,
 * as if it did not exist (it is still described in /api/openapi.json). A missing or wrong key is 401 either
 * way (RFC 6750), so a prober cannot tell a wrong key from a missing one by status.
 */
import { createRoute } from '@hono/zod-openapi';
import {
  LiveCalls,
  CreatedRoom,
  CreateRoomRequest,
  DeletedRoom,
  MuteRequest,
  MuteResult,
  ParticipantList,
  ParticipantParams,
  RemovedParticipant,
  RoomList,
  RoomParams,
  StaffToken,
  StaffTokenRequest,
  CloseTicketRequest,
  CreateStaffRequest,
  StaffList,
  StaffMember,
  StaffParams,
  Ticket,
  TicketList,
  TicketListQuery,
  TicketParams,
  type ErrorCode,
} from '@call-center-widget/protocol';
import type { Config } from '../config.ts';
import { ApiError, badRequest } from '../errors.ts';
import { adminOnly } from '../http/admin-auth.ts';
import type { Limits } from '../http/limits.ts';
import { errorAnswers, jsonAnswer, jsonBody } from '../http/openapi.ts';
import { routeGroup } from '../http/validation.ts';
import { participantJson, roomJson, trackJson } from '../livekit/answers.ts';
import type { CallRegistry } from '../stores/call-registry.ts';
import { StaffExistsError, type StaffStore } from '../stores/staff-store.ts';
import type { TicketStore } from '../stores/ticket-store.ts';
import { ticketJson } from '../services/tickets.ts';
import { createRoomService, type RoomService } from '../livekit/room-service.ts';
import { mintStaffToken, sanitizeParticipantName, tokenAnswer } from '../livekit/tokens.ts';

/** Options for `createAdminRoutes`. */
export interface AdminRoutesOptions {
  /** Per-call timeout towards LiveKit (default 5 s). */
  readonly livekitTimeoutMs?: number;
  /** The tickets to list and close; the ticket routes answer 404 without them. */
  readonly tickets?: TicketStore;
  /** The staff accounts to manage; the staff routes answer 404 without them. */
  readonly staff?: StaffStore;
}

const ADMIN_ERRORS: ErrorCode[] = ['unauthorized', 'not_found', 'livekit_disabled', 'livekit_error', 'livekit_auth_failed', 'livekit_unreachable', 'livekit_timeout'];
const JSON_ERRORS: ErrorCode[] = ['invalid_json', 'invalid_body', 'missing_field', 'invalid_field', 'empty_field', 'payload_too_large', 'unsupported_media_type'];
const secured = { security: [{ adminKey: [] }], tags: ['admin'] };

const routes = {
  calls: createRoute({
    ...secured,
    method: 'get',
    path: '/calls',
    summary: 'The calls LiveKit says are live (from its webhooks), and who is in each',
    responses: { 200: jsonAnswer(LiveCalls, 'Live calls, oldest first, and whether webhooks arrive at all.'), ...errorAnswers(...ADMIN_ERRORS) },
  }),
  createRoom: createRoute({
    ...secured,
    method: 'post',
    path: '/rooms',
    summary: 'Create a room',
    request: { body: jsonBody(CreateRoomRequest) },
    responses: { 201: jsonAnswer(CreatedRoom, 'The room.'), ...errorAnswers(...ADMIN_ERRORS, ...JSON_ERRORS) },
  }),
  listRooms: createRoute({
    ...secured,
    method: 'get',
    path: '/rooms',
    summary: 'List the rooms',
    responses: { 200: jsonAnswer(RoomList, 'Every room LiveKit has.'), ...errorAnswers(...ADMIN_ERRORS) },
  }),
  deleteRoom: createRoute({
    ...secured,
    method: 'delete',
    path: '/rooms/{room_name}',
    summary: 'Delete a room (everyone in it is disconnected)',
    request: { params: RoomParams },
    responses: { 200: jsonAnswer(DeletedRoom, 'Deleted.'), ...errorAnswers(...ADMIN_ERRORS, 'invalid_field', 'room_not_found') },
  }),
  participants: createRoute({
    ...secured,
    method: 'get',
    path: '/rooms/{room_name}/participants',
    summary: 'List the participants of a room',
    request: { params: RoomParams },
    responses: { 200: jsonAnswer(ParticipantList, 'The participants and their tracks.'), ...errorAnswers(...ADMIN_ERRORS, 'invalid_field', 'room_not_found') },
  }),
  removeParticipant: createRoute({
    ...secured,
    method: 'delete',
    path: '/rooms/{room_name}/participants/{participant_identity}',
    summary: 'Remove a participant from a room',
    request: { params: ParticipantParams },
    responses: {
      200: jsonAnswer(RemovedParticipant, 'Removed.'),
      ...errorAnswers(...ADMIN_ERRORS, 'invalid_field', 'room_not_found', 'participant_not_found'),
    },
  }),
  mute: createRoute({
    ...secured,
    method: 'post',
    path: '/rooms/{room_name}/participants/{participant_identity}/mute',
    summary: 'Mute (or unmute) a participant\'s audio',
    request: { params: ParticipantParams, body: jsonBody(MuteRequest) },
    responses: {
      200: jsonAnswer(MuteResult, 'The audio tracks and their state.'),
      ...errorAnswers(...ADMIN_ERRORS, ...JSON_ERRORS, 'room_not_found', 'participant_not_found', 'track_not_found', 'not_audio_track', 'livekit_precondition_failed'),
    },
  }),
  staffToken: createRoute({
    ...secured,
    method: 'post',
    path: '/rooms/{room_name}/staff-token',
    summary: 'A token for a human agent joining a customer\'s room',
    request: { params: RoomParams, body: jsonBody(StaffTokenRequest) },
    responses: { 200: jsonAnswer(StaffToken, 'The staff token.'), ...errorAnswers(...ADMIN_ERRORS, ...JSON_ERRORS) },
  }),
  tickets: createRoute({
    ...secured,
    method: 'get',
    path: '/tickets',
    summary: 'The tickets calls recorded (refunds, escalations, callbacks, requests for a person), newest first',
    request: { query: TicketListQuery },
    responses: { 200: jsonAnswer(TicketList, 'A page of tickets.'), ...errorAnswers('unauthorized', 'not_found', 'invalid_field') },
  }),
  ticket: createRoute({
    ...secured,
    method: 'get',
    path: '/tickets/{ticket_id}',
    summary: 'One ticket, with the conversation it was recorded in',
    request: { params: TicketParams },
    responses: { 200: jsonAnswer(Ticket, 'The ticket.'), ...errorAnswers('unauthorized', 'not_found', 'invalid_field', 'ticket_not_found') },
  }),
  closeTicket: createRoute({
    ...secured,
    method: 'post',
    path: '/tickets/{ticket_id}/close',
    summary: 'Close a ticket (closing a closed one changes nothing)',
    request: { params: TicketParams, body: jsonBody(CloseTicketRequest) },
    responses: { 200: jsonAnswer(Ticket, 'The ticket, closed.'), ...errorAnswers('unauthorized', 'not_found', 'ticket_not_found', ...JSON_ERRORS) },
  }),
  staffList: createRoute({
    ...secured,
    method: 'get',
    path: '/staff',
    summary: 'The staff who may sign in to the console',
    responses: { 200: jsonAnswer(StaffList, 'Staff, by name.'), ...errorAnswers('unauthorized', 'not_found') },
  }),
  addStaff: createRoute({
    ...secured,
    method: 'post',
    path: '/staff',
    summary: 'Add a staff member (name and password)',
    request: { body: jsonBody(CreateStaffRequest) },
    responses: { 201: jsonAnswer(StaffMember, 'Added.'), ...errorAnswers('unauthorized', 'not_found', 'staff_exists', ...JSON_ERRORS) },
  }),
  removeStaff: createRoute({
    ...secured,
    method: 'delete',
    path: '/staff/{name}',
    summary: 'Remove a staff member (their console sessions end)',
    request: { params: StaffParams },
    responses: { 200: jsonAnswer(StaffMember.pick({ name: true }), 'Removed.'), ...errorAnswers('unauthorized', 'not_found', 'invalid_field', 'staff_not_found') },
  }),
};

/** The `/api/admin` routes; mount with `app.route('/api/admin', createAdminRoutes(config, limits))`. */
export function createAdminRoutes(config: Config, calls: CallRegistry, limits: Limits, options: AdminRoutesOptions = {}) {
  const app = routeGroup();
  // No key: nothing here exists. Registered first, so it answers before any limit or validation.
  app.use('*', adminOnly(config.adminApiKey));
  app.use('*', ...limits.admin);

  const tickets = (): TicketStore => {
    if (!options.tickets) throw new ApiError('not_found', 'This server keeps no tickets.');
    return options.tickets;
  };
  const ticketNotFound = (id: number) => new ApiError('ticket_not_found', `There is no ticket ${id}.`);
  const staff = (): StaffStore => {
    if (!options.staff) throw new ApiError('not_found', 'This server keeps no staff accounts.');
    return options.staff;
  };

  const livekitUrl = config.livekit.url;
  const rooms: RoomService | undefined = livekitUrl ? createRoomService(config, { timeoutMs: options.livekitTimeoutMs }) : undefined;
  const livekitOff = () => new ApiError('livekit_disabled', 'LiveKit is not configured on this server (LIVEKIT_URL is unset).');
  const service = (): RoomService => {
    if (!rooms) throw livekitOff();
    return rooms;
  };

  return app
    .openapi(routes.calls, (c) => {
      const { received, lastAt } = calls.webhooks;
      return c.json({ calls: calls.list(), webhooks: { received, last_at: lastAt?.toISOString() ?? null } }, 200);
    })
    .openapi(routes.createRoom, async (c) => {
      const svc = service();
      const { room_name: name, max_participants: maxParticipants, empty_timeout: emptyTimeout } = c.req.valid('json');
      const room = await svc.createRoom({
        name,
        maxParticipants,
        emptyTimeout: emptyTimeout ?? config.livekit.emptyTimeoutSeconds,
        departureTimeout: config.livekit.departureTimeoutSeconds,
      });
      return c.json({ success: true as const, ...roomJson(room) }, 201);
    })
    .openapi(routes.listRooms, async (c) => {
      const list = await service().listRooms();
      return c.json({ rooms: list.map(roomJson) }, 200);
    })
    .openapi(routes.deleteRoom, async (c) => {
      const svc = service();
      const { room_name: room } = c.req.valid('param');
      await svc.deleteRoom(room);
      return c.json({ success: true as const, room_name: room }, 200);
    })
    .openapi(routes.participants, async (c) => {
      const svc = service();
      const { room_name: room } = c.req.valid('param');
      const participants = await svc.listParticipants(room);
      return c.json({ room_name: room, participants: participants.map(participantJson) }, 200);
    })
    .openapi(routes.removeParticipant, async (c) => {
      const svc = service();
      const { room_name: room, participant_identity: identity } = c.req.valid('param');
      await svc.removeParticipant(room, identity);
      return c.json({ success: true as const, room_name: room, participant_identity: identity }, 200);
    })
    .openapi(routes.mute, async (c) => {
      const svc = service();
      const { room_name: room, participant_identity: identity } = c.req.valid('param');
      const body = c.req.valid('json');
      // The route is "mute": `{}` mutes, `"muted": false` unmutes.
      const muted = body.muted ?? true;
      const result = await svc.setAudioMuted(room, identity, muted, body.track_sid);
      return c.json({ success: true as const, room_name: room, participant_identity: identity, muted, tracks: result.tracks.map(trackJson) }, 200);
    })
    .openapi(routes.staffToken, async (c) => {
      if (!livekitUrl) throw livekitOff();
      const { room_name: room } = c.req.valid('param');
      const body = c.req.valid('json');
      // Required: it is the name the customer sees for the agent.
      const name = sanitizeParticipantName(body.name);
      if (!name) throw badRequest('The field "name" has no printable characters.');
      const minted = await mintStaffToken(config, { room, identity: body.identity, name });
      c.header('Cache-Control', 'no-store');
      return c.json(tokenAnswer(minted, livekitUrl), 200);
    })
    .openapi(routes.tickets, (c) => {
      const { status, kind, limit, before } = c.req.valid('query');
      c.header('Cache-Control', 'no-store');
      return c.json({ tickets: tickets().list({ status, kind, limit, before }).map(ticketJson) }, 200);
    })
    .openapi(routes.ticket, (c) => {
      const { ticket_id: id } = c.req.valid('param');
      const ticket = tickets().get(id);
      if (!ticket) throw ticketNotFound(id);
      c.header('Cache-Control', 'no-store');
      return c.json(ticketJson(ticket), 200);
    })
    .openapi(routes.closeTicket, (c) => {
      const { ticket_id: id } = c.req.valid('param');
      const { by, note } = c.req.valid('json');
      const ticket = tickets().close(id, by, note);
      if (!ticket) throw ticketNotFound(id);
      return c.json(ticketJson(ticket), 200);
    })
    .openapi(routes.staffList, (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json({ staff: staff().list().map((m) => ({ name: m.name, created_at: m.createdAt })) }, 200);
    })
    .openapi(routes.addStaff, async (c) => {
      const { name, password } = c.req.valid('json');
      try {
        const added = await staff().add(name, password);
        return c.json({ name: added.name, created_at: added.createdAt }, 201);
      } catch (err) {
        if (err instanceof StaffExistsError) throw new ApiError('staff_exists', err.message);
        throw err;
      }
    })
    .openapi(routes.removeStaff, (c) => {
      const { name } = c.req.valid('param');
      if (!staff().remove(name)) throw new ApiError('staff_not_found', `There is no staff member named "${name}".`);
      return c.json({ name }, 200);
    });
}


