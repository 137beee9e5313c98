/**
 * `POST /api/conversation`: one typed turn. JSON in; JSON out, or server-sent turn events (`stream: true` or
 * `Accept: text/event-stream`), with spoken sentences when `speak: true`.
 */
import { createRoute } from '@hono/zod-openapi';
import {
  ConversationHistory,
  ConversationParams,
  ConversationRequest,
  ConversationResponse,
  ConversationResume,
  StaffFeed,
  StaffFeedQuery,
  TurnEvent,
  type Transfer,
} from '@call-center-widget/protocol';
import type { Config } from '../config.ts';
import { ApiError } from '../errors.ts';
import { checkTextLength, checkVoice, chosenLanguage, ensureAvailable } from '../http/checks.ts';
import type { Limits } from '../http/limits.ts';
import { errorAnswers, jsonAnswer, jsonBody } from '../http/openapi.ts';
import { streamTurn } from '../http/turn-stream.ts';
import { routeGroup } from '../http/validation.ts';
import { ProviderError } from '../providers/types.ts';
import { historyOf, openConversation, resumeConversation } from '../services/conversations.ts';
import { runTurn, type TurnDeps, type TurnInput } from '../services/turn.ts';

const conversation = createRoute({
  method: 'post',
  path: '/conversation',
  summary: 'A typed turn with the persona agents',
  description: 'The seed\'s JSON answer, or turn events as server-sent events with `stream: true` (or `Accept: text/event-stream`).',
  request: { body: jsonBody(ConversationRequest) },
  responses: {
    200: {
      description: 'The reply (JSON), or the turn as server-sent events.',
      content: {
        'application/json': { schema: ConversationResponse },
        'text/event-stream': { schema: TurnEvent },
      },
    },
    ...errorAnswers('invalid_json', 'invalid_body', 'missing_field', 'invalid_field', 'empty_field', 'text_too_long', 'unknown_persona', 'unknown_language', 'unknown_voice', 'conversation_not_found', 'payload_too_large', 'unsupported_media_type', 'too_many_concurrent', 'provider_error', 'provider_unavailable', 'provider_rate_limited', 'provider_timeout'),
  },
});

const history = createRoute({
  method: 'get',
  path: '/conversation/{conversation_id}',
  summary: 'A conversation so far, to show it again on another page',
  request: { params: ConversationParams },
  responses: { 200: jsonAnswer(ConversationHistory, 'The completed turns, oldest first.'), ...errorAnswers('invalid_field', 'conversation_not_found') },
});

const resume = createRoute({
  method: 'post',
  path: '/conversation/resume',
  summary: 'Continue here a conversation this server does not hold',
  description:
    'The AI agent of a LiveKit call keeps the call\'s conversation; when it leaves the call, the widget continues over HTTP ' +
    'from the messages the customer saw. The answer is the new conversation, as `GET /api/conversation/{conversation_id}` gives it.',
  request: { body: jsonBody(ConversationResume) },
  responses: {
    201: jsonAnswer(ConversationHistory, 'The conversation, ready for its next turn.'),
    ...errorAnswers('invalid_json', 'invalid_body', 'missing_field', 'invalid_field', 'empty_field', 'text_too_long', 'unknown_persona', 'unknown_language', 'payload_too_large', 'unsupported_media_type', 'too_many_concurrent'),
  },
});

const staffFeed = createRoute({
  method: 'get',
  path: '/conversation/{conversation_id}/staff',
  summary: 'What a member of staff said in a conversation held over HTTP (a long poll)',
  description:
    'After a request for a person in a conversation with no LiveKit call, a member of staff can take the conversation ' +
    'from the console and type. The widget asks here with the last `seq` it showed and `wait` seconds: the answer comes ' +
    'as soon as there is a new line, or empty when the wait is over. While `state` is `with_staff`, the customer\'s ' +
    'messages go to the member and the AI does not answer (their turn ends with `staff_name`).',
  request: { params: ConversationParams, query: StaffFeedQuery },
  responses: { 200: jsonAnswer(StaffFeed, 'The state and the new lines.'), ...errorAnswers('invalid_field', 'conversation_not_found', 'rate_limited') },
});

/** The conversation routes, mounted at `/api`. */
export function createConversationRoutes(config: Config, deps: TurnDeps, limits: Limits) {
  return routeGroup()
    .openapi({ ...history, middleware: limits.read }, (c) => {
      const { conversation_id: id } = c.req.valid('param');
      const found = openConversation(deps.conversations, id, undefined, 'en');
      c.header('Cache-Control', 'no-store');
      const answer = historyOf(found);
      return c.json(answer, 200);
    })
    .openapi({ ...staffFeed, middleware: limits.read }, async (c) => {
      const { conversation_id: id } = c.req.valid('param');
      const { after = 0, wait = 0 } = c.req.valid('query');
      openConversation(deps.conversations, id, undefined, 'en');
      await deps.desk?.waitFor(id, after, wait * 1000, c.req.raw.signal);
      const feed = deps.desk?.feed(id, after) ?? { state: 'none' as const, staffName: undefined, lines: [] };
      c.header('Cache-Control', 'no-store');
      return c.json({ conversation_id: id, state: feed.state, staff_name: feed.staffName ?? null, lines: feed.lines }, 200);
    })
    .openapi({ ...resume, middleware: limits.aiJson }, (c) => {
      const body = c.req.valid('json');
      body.messages.forEach((m, i) => checkTextLength(m.text, config.limits.textChars, `messages[${i}].text`));
      const found = resumeConversation(deps.conversations, body.messages, body.persona, chosenLanguage(body.language) ?? 'en');
      c.header('Cache-Control', 'no-store');
      return c.json(historyOf(found), 201);
    })
    .openapi({ ...conversation, middleware: limits.aiJson }, async (c) => {
      const body = c.req.valid('json');
      const message = checkTextLength(body.message, config.limits.textChars, 'message');
      const language = chosenLanguage(body.language);
      const voice = checkVoice(deps.providers, body.voice);
      const stream = body.stream ?? (c.req.header('accept') ?? '').includes('text/event-stream');
      const speak = body.speak ?? false;
      ensureAvailable(deps.providers.chat.capabilities().available, 'Conversation');

      const found = openConversation(deps.conversations, body.conversation_id, body.persona, language ?? 'en');
      const input: TurnInput = { conversation: found, message, language: language ?? 'auto', speak: stream && speak, voice };
      if (stream) return streamTurn(c, (signal) => runTurn(deps, input, signal), config.limits.streamHeartbeatSeconds * 1000);

      // The seed's JSON answer: collect the turn; a failure becomes the matching HTTP error.
      let transfer: Transfer | null = null;
      for await (const event of runTurn(deps, input, c.req.raw.signal)) {
        if (event.type === 'transfer') transfer = { from: event.from, to: event.to, reason: event.reason };
        if (event.type === 'error') {
          if (event.code === 'aborted' || event.code === 'internal_error') throw new ApiError('provider_error', event.message);
          throw new ProviderError(event.code as ProviderError['code'], event.message, { retryAfterSeconds: event.retry_after_seconds });
        }
        if (event.type === 'done') {
          const answer: ConversationResponse = {
            response: event.response,
            persona: event.persona,
            language: event.language,
            conversation_id: event.conversation_id,
            transfer,
            handoff: event.handoff,
          };
          return c.json(answer, 200);
        }
      }
      throw new ApiError('provider_error', 'The assistant did not finish its reply. Please try again.');
    });
}
