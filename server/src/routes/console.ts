/**
 * `/api/console`: what staff do, signed in with their own name and password (not the admin key). Sign-in is
 * rate limited per client and, for failed attempts, per name; every other route needs the session cookie and
 * answers only the console's own page (http/staff-auth.ts).
 */
import { randomBytes } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import { CallSummary, CallSummaryQuery, CloseTicketRequest, ConsoleCall, ConsoleCalls, type LiveCall, ConsoleSession, ConsoleSessionState, DeletedRoom, MuteRequest, MuteResult, ParticipantParams, RemovedParticipant, RoomParams, StaffToken, SignInRequest, Ticket, TicketList, TicketListQuery, TicketParams, type ErrorCode } from '@call-center-widget/protocol';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { Limits } from '../http/limits.ts';
import { errorAnswers, jsonAnswer, jsonBody } from '../http/openapi.ts';
import { clearSessionCookie, consoleOriginOnly, sessionToken, setSessionCookie, signedInChain } from '../http/staff-auth.ts';
import { routeGroup } from '../http/validation.ts';
import { trackJson } from '../livekit/answers.ts';
import { createRoomService, type RoomService } from '../livekit/room-service.ts';
import { CALL_ROOM_NAME, mintStaffToken, tokenAnswer } from '../livekit/tokens.ts';
import type { ChatModel } from '../providers/types.ts';
import { summarizeCall } from '../services/summary.ts';
import type { CallNotes } from '../stores/call-notes.ts';
import type { CallRegistry } from '../stores/call-registry.ts';
import type { Desk } from '../stores/desk.ts';
import type { StaffStore } from '../stores/staff-store.ts';
import type { TicketStore } from '../stores/ticket-store.ts';
import { ticketJson } from '../services/tickets.ts';

const secured = { security: [{ staffSession: [] }], tags: ['console'] };
const JSON_ERRORS: ErrorCode[] = ['invalid_json', 'invalid_body', 'missing_field', 'invalid_field', 'empty_field', 'payload_too_large', 'unsupported_media_type'];
const STAFF_ERRORS: ErrorCode[] = ['unauthorized', 'origin_not_allowed'];
const CALL_ERRORS: ErrorCode[] = ['invalid_field', 'room_not_allowed', 'room_not_found', 'livekit_disabled', 'livekit_error', 'livekit_auth_failed', 'livekit_unreachable', 'livekit_timeout'];

/** `POST /api/console/calls/{room_name}/join`: nothing to choose yet (`{}`); who joins is the signed-in member. */
const JoinCallRequest = z.object({}).strict().meta({ id: 'JoinCallRequest' });
const SignedOut = z.object({ signed_out: z.literal(true) }).meta({ id: 'SignedOut' });
/** `POST /api/console/tickets/{ticket_id}/close`: who closes is the signed-in member. */
const ConsoleCloseTicket = CloseTicketRequest.pick({ note: true }).meta({ id: 'ConsoleCloseTicketRequest' });

const routes = {
  signIn: createRoute({
    method: 'post',
    path: '/session',
    tags: ['console'],
    summary: 'Sign in to the console (sets the session cookie)',
    request: { body: jsonBody(SignInRequest) },
    responses: { 200: jsonAnswer(ConsoleSession, 'Signed in.'), ...errorAnswers('invalid_credentials', 'origin_not_allowed', 'rate_limited', ...JSON_ERRORS) },
  }),
  session: createRoute({
    method: 'get',
    path: '/session',
    tags: ['console'],
    summary: 'Whether this browser is signed in, as whom and until when (the console page asks on load)',
    responses: { 200: jsonAnswer(ConsoleSessionState, 'Signed in or not.'), ...errorAnswers('origin_not_allowed') },
  }),
  signOut: createRoute({
    method: 'delete',
    path: '/session',
    tags: ['console'],
    summary: 'Sign out (ends the session and clears the cookie)',
    responses: { 200: jsonAnswer(SignedOut, 'Signed out, whether or not a session was open.'), ...errorAnswers('origin_not_allowed') },
  }),
  calls: createRoute({
    ...secured,
    method: 'get',
    path: '/calls',
    summary: 'The calls LiveKit says are live, and who is in each; the text chats waiting for or held by staff',
    responses: { 200: jsonAnswer(ConsoleCalls, 'Live calls, oldest first, and chats (waiting ones first).'), ...errorAnswers(...STAFF_ERRORS) },
  }),
  join: createRoute({
    ...secured,
    method: 'post',
    path: '/calls/{room_name}/join',
    summary: 'A token for the signed-in member to join a customer\'s call (their name is what the customer sees)',
    request: { params: RoomParams, body: jsonBody(JoinCallRequest) },
    responses: { 200: jsonAnswer(StaffToken, 'The staff token.'), ...errorAnswers(...STAFF_ERRORS, 'room_not_allowed', 'livekit_disabled', ...JSON_ERRORS) },
  }),
  summary: createRoute({
    ...secured,
    method: 'get',
    path: '/calls/{room_name}/summary',
    summary: 'Where a call stands (who, what, the order, what the caller was told), for a member joining it',
    request: { params: RoomParams, query: CallSummaryQuery },
    responses: { 200: jsonAnswer(CallSummary, 'The summary.'), ...errorAnswers(...STAFF_ERRORS, 'invalid_field', 'room_not_allowed') },
  }),
  mute: createRoute({
    ...secured,
    method: 'post',
    path: '/calls/{room_name}/participants/{participant_identity}/mute',
    summary: 'Mute (or unmute) someone in a call',
    request: { params: ParticipantParams, body: jsonBody(MuteRequest) },
    responses: { 200: jsonAnswer(MuteResult, 'The audio tracks and their state.'), ...errorAnswers(...STAFF_ERRORS, ...CALL_ERRORS, 'participant_not_found', 'track_not_found', 'not_audio_track', 'livekit_precondition_failed', ...JSON_ERRORS) },
  }),
  remove: createRoute({
    ...secured,
    method: 'delete',
    path: '/calls/{room_name}/participants/{participant_identity}',
    summary: 'Take someone out of a call',
    request: { params: ParticipantParams },
    responses: { 200: jsonAnswer(RemovedParticipant, 'Removed.'), ...errorAnswers(...STAFF_ERRORS, ...CALL_ERRORS, 'participant_not_found') },
  }),
  end: createRoute({
    ...secured,
    method: 'delete',
    path: '/calls/{room_name}',
    summary: 'End a call (everyone in it is disconnected)',
    request: { params: RoomParams },
    responses: { 200: jsonAnswer(DeletedRoom, 'Ended.'), ...errorAnswers(...STAFF_ERRORS, ...CALL_ERRORS) },
  }),
  tickets: createRoute({
    ...secured,
    method: 'get',
    path: '/tickets',
    summary: 'Tickets, newest first',
    request: { query: TicketListQuery },
    responses: { 200: jsonAnswer(TicketList, 'A page of tickets.'), ...errorAnswers(...STAFF_ERRORS, 'invalid_field') },
  }),
  ticket: createRoute({
    ...secured,
    method: 'get',
    path: '/tickets/{ticket_id}',
    summary: 'One ticket, with its conversation',
    request: { params: TicketParams },
    responses: { 200: jsonAnswer(Ticket, 'The ticket.'), ...errorAnswers(...STAFF_ERRORS, 'invalid_field', 'ticket_not_found') },
  }),
  closeTicket: createRoute({
    ...secured,
    method: 'post',
    path: '/tickets/{ticket_id}/close',
    summary: 'Close a ticket as the signed-in member',
    request: { params: TicketParams, body: jsonBody(ConsoleCloseTicket) },
    responses: { 200: jsonAnswer(Ticket, 'The ticket, closed.'), ...errorAnswers(...STAFF_ERRORS, 'ticket_not_found', ...JSON_ERRORS) },
  }),
};

/** Lines of a call's transcript the list shows. */
const CALL_LINES = 6;

/** A live call with where it stands: from who is in it, its open request for a person, and the agent's notes. */
function consoleCall(call: LiveCall, notes: CallNotes | undefined, tickets: TicketStore | undefined): ConsoleCall {
  const note = notes?.get(call.room_name);
  const kinds = new Set(call.participants.map((p) => p.kind));
  const asked = tickets?.forCall(call.room_name, note?.conversationId).some((t) => t.kind === 'human_request' && t.status === 'open') ?? false;
  const state = kinds.has('staff') ? 'with_staff' : asked ? 'waiting' : kinds.has('agent') ? 'with_ai' : 'no_agent';
  return {
    ...call,
    state,
    persona: (note?.persona as ConsoleCall['persona'] | undefined) ?? null,
    language: (note?.language as ConsoleCall['language'] | undefined) ?? null,
    transcript: (note?.transcript ?? []).slice(-CALL_LINES).map((l) => ({
      role: l.role === 'user' ? ('customer' as const) : ('agent' as const),
      text: l.content,
      ...(l.role === 'assistant' && l.persona ? { persona: l.persona as ConsoleCall['persona'] & string } : {}),
    })),
    updated_at: note ? new Date(note.updatedAt).toISOString() : null,
  };
}

/** Failed sign-ins per staff name: a budget per window, so guessing one member's password is slow from any number of addresses. */
function failureBudget(max: number, windowSeconds: number) {
  const failures = new Map<string, { count: number; resetAt: number }>();
  return {
    /** Seconds to wait when `name` has used its budget, else undefined. */
    exhausted(name: string): number | undefined {
      const f = failures.get(name.toLowerCase());
      if (!f || f.resetAt <= Date.now()) return undefined;
      return f.count >= max ? Math.max(1, Math.ceil((f.resetAt - Date.now()) / 1000)) : undefined;
    },
    failed(name: string): void {
      const key = name.toLowerCase();
      const now = Date.now();
      let f = failures.get(key);
      if (!f || f.resetAt <= now) {
        // Bounded: made-up names cannot grow memory without end.
        if (failures.size >= 10_000) for (const [k, v] of failures) if (v.resetAt <= now || failures.size >= 10_000) failures.delete(k);
        f = { count: 0, resetAt: now + windowSeconds * 1000 };
        failures.set(key, f);
      }
      f.count += 1;
    },
    succeeded(name: string): void {
      failures.delete(name.toLowerCase());
    },
  };
}

/** The `/api/console` routes; mount with `app.route('/api/console', createConsoleRoutes(...))`. */
export function createConsoleRoutes(
  config: Config,
  deps: { staff: StaffStore; tickets?: TicketStore; calls: CallRegistry; callNotes?: CallNotes; chat?: ChatModel; desk?: Desk },
  limits: Limits,
) {
  const app = routeGroup();
  const ownPage = consoleOriginOnly(config.publicOrigins);
  const signedIn = signedInChain(limits.console, config.publicOrigins, deps.staff);
  const { max, windowSeconds } = config.limits.rate.signIn;
  const perName = failureBudget(max, windowSeconds);
  const sessionMs = config.staff.sessionHours * 3_600_000;
  const rooms: RoomService | undefined = config.livekit.url ? createRoomService(config) : undefined;
  /** Customers' call rooms only (the server names them): the console is not a way into any other room. */
  const ensureCallRoom = (room: string): void => {
    if (!CALL_ROOM_NAME.test(room)) throw new ApiError('room_not_allowed', 'Only customers\' call rooms can be reached from the console.');
  };
  /** The room service for a customer's call room; refuses any other room, and says when LiveKit is off. */
  const callRoom = (room: string): RoomService => {
    if (!rooms) throw new ApiError('livekit_disabled', 'LiveKit is not configured on this server, so there is no call.');
    ensureCallRoom(room);
    return rooms;
  };
  const tickets = (): TicketStore => {
    if (!deps.tickets) throw new ApiError('not_found', 'This server keeps no tickets.');
    return deps.tickets;
  };

  return app
    .openapi({ ...routes.signIn, middleware: [...limits.signIn, ...ownPage] }, async (c) => {
      const { name, password } = c.req.valid('json');
      const wait = perName.exhausted(name);
      if (wait !== undefined) throw new ApiError('rate_limited', `Too many failed sign-ins for this name. Please try again in ${wait} seconds.`, { retryAfterSeconds: wait });
      const member = await deps.staff.verify(name, password);
      if (!member) {
        perName.failed(name);
        throw new ApiError('invalid_credentials', 'That name and password do not match a staff member.');
      }
      perName.succeeded(name);
      const { token, expiresAt } = deps.staff.startSession(member.id, sessionMs);
      setSessionCookie(c, token, sessionMs);
      c.header('Cache-Control', 'no-store');
      return c.json({ name: member.name, expires_at: new Date(expiresAt).toISOString() }, 200);
    })
    .openapi({ ...routes.session, middleware: [...limits.console, ...ownPage] }, (c) => {
      const token = sessionToken(c);
      const session = token ? deps.staff.session(token) : undefined;
      c.header('Cache-Control', 'no-store');
      if (!session) return c.json({ signed_in: false as const }, 200);
      return c.json({ signed_in: true as const, name: session.staff.name, expires_at: new Date(session.expiresAt).toISOString() }, 200);
    })
    .openapi({ ...routes.signOut, middleware: [...limits.console, ...ownPage] }, (c) => {
      const token = sessionToken(c);
      if (token) deps.staff.endSession(token);
      clearSessionCookie(c);
      return c.json({ signed_out: true as const }, 200);
    })
    .openapi({ ...routes.calls, middleware: signedIn }, (c) => {
      const { received, lastAt } = deps.calls.webhooks;
      c.header('Cache-Control', 'no-store');
      // A caller waiting for a person comes first; otherwise oldest first.
      const calls = deps.calls
        .list()
        .map((call) => consoleCall(call, deps.callNotes, deps.tickets))
        .sort((a, b) => Number(b.state === 'waiting') - Number(a.state === 'waiting'));
      return c.json({ calls, webhooks: { received, last_at: lastAt?.toISOString() ?? null }, chats: deps.desk?.list() ?? [] }, 200);
    })
    .openapi({ ...routes.join, middleware: signedIn }, async (c) => {
      const url = config.livekit.url;
      if (!url) throw new ApiError('livekit_disabled', 'LiveKit is not configured on this server, so there is no call to join.');
      const { room_name: room } = c.req.valid('param');
      ensureCallRoom(room);
      const { staff } = c.get('staff');
      // `agent-` marks a human agent (call registry, widget); the member's id keeps their joins apart from others'.
      const minted = await mintStaffToken(config, { room, identity: `agent-${staff.id}-${randomBytes(6).toString('base64url')}`, name: staff.name });
      c.header('Cache-Control', 'no-store');
      return c.json(tokenAnswer(minted, url), 200);
    })
    .openapi({ ...routes.summary, middleware: signedIn }, async (c) => {
      const { room_name: room } = c.req.valid('param');
      ensureCallRoom(room);
      const language = c.req.valid('query').lang ?? 'en';
      const note = deps.callNotes?.get(room);
      const tickets = deps.tickets?.forCall(room, note?.conversationId) ?? [];
      c.header('Cache-Control', 'no-store');
      return c.json(await summarizeCall(note, tickets, language, deps.chat, c.req.raw.signal), 200);
    })
    .openapi({ ...routes.mute, middleware: signedIn }, async (c) => {
      const { room_name: room, participant_identity: identity } = c.req.valid('param');
      const body = c.req.valid('json');
      const muted = body.muted ?? true;
      const result = await callRoom(room).setAudioMuted(room, identity, muted, body.track_sid);
      return c.json({ success: true as const, room_name: room, participant_identity: identity, muted, tracks: result.tracks.map(trackJson) }, 200);
    })
    .openapi({ ...routes.remove, middleware: signedIn }, async (c) => {
      const { room_name: room, participant_identity: identity } = c.req.valid('param');
      await callRoom(room).removeParticipant(room, identity);
      return c.json({ success: true as const, room_name: room, participant_identity: identity }, 200);
    })
    .openapi({ ...routes.end, middleware: signedIn }, async (c) => {
      const { room_name: room } = c.req.valid('param');
      await callRoom(room).deleteRoom(room);
      return c.json({ success: true as const, room_name: room }, 200);
    })
    .openapi({ ...routes.tickets, middleware: signedIn }, (c) => {
      const { status, kind, limit, before } = c.req.valid('query');
      c.header('Cache-Control', 'no-store');
      return c.json({ tickets: tickets().list({ status, kind, limit, before }).map(ticketJson) }, 200);
    })
    .openapi({ ...routes.ticket, middleware: signedIn }, (c) => {
      const { ticket_id: id } = c.req.valid('param');
      const ticket = tickets().get(id);
      if (!ticket) throw new ApiError('ticket_not_found', `There is no ticket ${id}.`);
      c.header('Cache-Control', 'no-store');
      return c.json(ticketJson(ticket), 200);
    })
    .openapi({ ...routes.closeTicket, middleware: signedIn }, (c) => {
      const { ticket_id: id } = c.req.valid('param');
      const { note } = c.req.valid('json');
      const ticket = tickets().close(id, c.get('staff').staff.name, note);
      if (!ticket) throw new ApiError('ticket_not_found', `There is no ticket ${id}.`);
      deps.desk?.withdraw(id);
      return c.json(ticketJson(ticket), 200);
    });
}
