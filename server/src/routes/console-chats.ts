/**
 * `/api/console/chats`: the text desk's side for staff. A conversation held over HTTP (no LiveKit call) whose
 * customer asked for a person waits here; a member takes it, types, and leaves, and the AI answers again. Behind
 * the same rate limit, page check and session as the other console routes.
 */
import { createRoute } from '@hono/zod-openapi';
import { DeskChatDetail, DeskChatParams, DeskMessageRequest, type ErrorCode } from '@call-center-widget/protocol';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { Limits } from '../http/limits.ts';
import { errorAnswers, jsonAnswer, jsonBody } from '../http/openapi.ts';
import { signedInChain } from '../http/staff-auth.ts';
import { routeGroup } from '../http/validation.ts';
import { historyOf } from '../services/conversations.ts';
import type { ConversationStore } from '../stores/conversation-store.ts';
import type { Desk, DeskRefusal } from '../stores/desk.ts';
import type { StaffStore } from '../stores/staff-store.ts';
import type { TicketStore } from '../stores/ticket-store.ts';

const secured = { security: [{ staffSession: [] }], tags: ['console'] };
const REFUSED: ErrorCode[] = ['unauthorized', 'origin_not_allowed', 'invalid_field', 'chat_not_found', 'chat_taken'];
const JSON_ERRORS: ErrorCode[] = ['invalid_json', 'invalid_body', 'missing_field', 'invalid_field', 'empty_field', 'payload_too_large', 'unsupported_media_type'];

const LeftChat = z.object({ left: z.literal(true) }).meta({ id: 'LeftChat' });
const EmptyRequest = z.object({}).strict().meta({ id: 'TakeChatRequest' });

const routes = {
  chat: createRoute({
    ...secured,
    method: 'get',
    path: '/chats/{conversation_id}',
    summary: 'A text chat waiting for or held by staff, with the conversation before it',
    request: { params: DeskChatParams },
    responses: { 200: jsonAnswer(DeskChatDetail, 'The chat.'), ...errorAnswers(...REFUSED) },
  }),
  take: createRoute({
    ...secured,
    method: 'post',
    path: '/chats/{conversation_id}/join',
    summary: 'Take a text chat: the customer reads that this member joined, and their messages come here, not to the AI',
    request: { params: DeskChatParams, body: jsonBody(EmptyRequest) },
    responses: { 200: jsonAnswer(DeskChatDetail, 'The chat, now held by this member.'), ...errorAnswers(...REFUSED, ...JSON_ERRORS) },
  }),
  say: createRoute({
    ...secured,
    method: 'post',
    path: '/chats/{conversation_id}/messages',
    summary: 'Write to the customer of a chat this member holds',
    request: { params: DeskChatParams, body: jsonBody(DeskMessageRequest) },
    responses: { 200: jsonAnswer(DeskChatDetail, 'The chat, with the line.'), ...errorAnswers(...REFUSED, ...JSON_ERRORS) },
  }),
  leave: createRoute({
    ...secured,
    method: 'post',
    path: '/chats/{conversation_id}/leave',
    summary: 'Leave a chat: the customer reads it, and the AI answers again',
    request: { params: DeskChatParams, body: jsonBody(EmptyRequest) },
    responses: { 200: jsonAnswer(LeftChat, 'Left.'), ...errorAnswers(...REFUSED, ...JSON_ERRORS) },
  }),
};

const REFUSAL_MESSAGES: Readonly<Record<DeskRefusal, string>> = {
  chat_not_found: 'There is no chat waiting for staff in this conversation (it ended, or a member left it).',
  chat_taken: 'Another member of staff holds this chat.',
};

/** The chat routes; mount with `app.route('/api/console', createConsoleChatRoutes(...))` beside the console's. */
export function createConsoleChatRoutes(
  config: Config,
  deps: { staff: StaffStore; desk: Desk; conversations: ConversationStore; tickets?: TicketStore },
  limits: Limits,
) {
  const signedIn = signedInChain(limits.console, config.publicOrigins, deps.staff);
  const refuse = (refusal: DeskRefusal | undefined): void => {
    if (refusal) throw new ApiError(refusal, REFUSAL_MESSAGES[refusal]);
  };
  const detail = (id: string): DeskChatDetail => {
    const chat = deps.desk.get(id);
    if (!chat) throw new ApiError('chat_not_found', REFUSAL_MESSAGES.chat_not_found);
    const conversation = deps.conversations.get(id);
    return { ...chat, before: conversation ? historyOf(conversation).messages : [] };
  };

  return routeGroup()
    .openapi({ ...routes.chat, middleware: signedIn }, (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(detail(c.req.valid('param').conversation_id), 200);
    })
    .openapi({ ...routes.take, middleware: signedIn }, (c) => {
      const { conversation_id: id } = c.req.valid('param');
      const { staff } = c.get('staff');
      const before = deps.desk.get(id);
      refuse(deps.desk.join(id, { id: staff.id, name: staff.name }));
      // Nobody is waiting any more: the request leaves the console's waiting list, closed in this member's name.
      if (before?.state === 'waiting' && before.ticket_id !== null) deps.tickets?.close(before.ticket_id, staff.name, 'Answered in the chat.');
      return c.json(detail(id), 200);
    })
    .openapi({ ...routes.say, middleware: signedIn }, (c) => {
      const { conversation_id: id } = c.req.valid('param');
      refuse(deps.desk.staffSays(id, c.get('staff').staff.id, c.req.valid('json').text));
      return c.json(detail(id), 200);
    })
    .openapi({ ...routes.leave, middleware: signedIn }, (c) => {
      const { conversation_id: id } = c.req.valid('param');
      refuse(deps.desk.leave(id, c.get('staff').staff.id));
      return c.json({ left: true as const }, 200);
    });
}
