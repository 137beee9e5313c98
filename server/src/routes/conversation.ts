/**
 * `POST /api/conversation`: one typed turn. JSON in; JSON out, or SSE (`stream: true` or
 * `Accept: text/event-stream`) with `delta`, `transfer`, `handoff`, `audio` (when `speak: true`), `done`, `error`.
 */
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../app-env.ts';
import type { Config } from '../config.ts';
import { ApiError, badRequest, providerStatus } from '../errors.ts';
import { PERSONAS, type Language, type Persona, type ProviderErrorCode } from '../providers/types.ts';
import { ConversationStore, type Conversation } from '../stores/conversation-store.ts';
import { runTurn, type TurnDeps, type TurnEvent, type TurnInput } from '../services/turn.ts';
import { booleanField, oneOf, readJsonObject, stringField } from './request.ts';
import { ensureAvailable, languageField, voiceField } from './speech.ts';

/** The conversation route, mounted at `/api`. */
export function createConversationRoutes(config: Config, deps: TurnDeps): Hono<AppEnv> {
  return new Hono<AppEnv>().post('/conversation', async (c) => {
    const body = await readJsonObject(c);
    const message = stringField(body, 'message', { required: true, maxLength: config.limits.textChars, tooLongCode: 'text_too_long' });
    const persona = personaField(stringField(body, 'persona'));
    const language = languageField(stringField(body, 'language'));
    const voice = voiceField(deps.providers, stringField(body, 'voice'));
    const conversationId = stringField(body, 'conversation_id');
    const stream = booleanField(body, 'stream') ?? (c.req.header('accept') ?? '').includes('text/event-stream');
    const speak = booleanField(body, 'speak') ?? false;
    ensureAvailable(deps.providers.chat.capabilities().available, 'Conversation');
    if (speak) ensureAvailable(deps.providers.tts.capabilities().available, 'Speech synthesis');

    const conversation = openConversation(deps.conversations, conversationId, persona, language ?? 'en');
    const input: TurnInput = { conversation, message, language: language ?? 'auto', speak: stream && speak, voice };
    if (stream) return streamTurn(c, deps, input);

    // JSON answer (the seed's shape): collect the turn; a failure becomes the matching HTTP error.
    let transfer: Extract<TurnEvent, { type: 'transfer' }> | undefined;
    for await (const event of runTurn(deps, input, c.req.raw.signal)) {
      if (event.type === 'transfer') transfer = event;
      if (event.type === 'error') throw turnError(event);
      if (event.type === 'done') {
        return c.json({
          response: event.response,
          persona: event.persona,
          language: event.language,
          conversation_id: event.conversation_id,
          transfer: transfer ? { from: transfer.from, to: transfer.to, reason: transfer.reason } : null,
          handoff: event.handoff,
        });
      }
    }
    throw new ApiError(503, 'provider_error', 'The assistant did not finish its reply. Please try again.');
  });
}

/** Validates `persona`. */
export function personaField(value: string | undefined): Persona | undefined {
  return oneOf(value?.toLowerCase(), PERSONAS, 'unknown_persona', 'persona');
}

/**
 * The conversation for this request: the live one named by `conversation_id`, or a new one. A given persona
 * only chooses who answers first; afterwards transfers decide.
 */
export function openConversation(
  store: ConversationStore,
  id: string | undefined,
  persona: Persona | undefined,
  language: Language,
): Conversation {
  if (id === undefined) return store.create(persona ?? 'reception', language);
  if (!ConversationStore.isValidId(id)) throw badRequest('invalid_field', 'The field "conversation_id" is not a conversation id this server issued.');
  const conversation = store.get(id);
  if (!conversation) {
    throw new ApiError(404, 'conversation_not_found', 'This conversation has ended or expired. Start a new one by sending the message without conversation_id.');
  }
  return conversation;
}

/** Streams a turn as server-sent events; a client that goes away aborts the provider calls. */
export function streamTurn(c: Context<AppEnv>, deps: TurnDeps, input: TurnInput): Response {
  const controller = new AbortController();
  const abort = (): void => controller.abort(new DOMException('The client went away', 'AbortError'));
  c.req.raw.signal.addEventListener('abort', abort, { once: true });
  c.header('Cache-Control', 'no-store');
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    stream.onAbort(abort);
    // The id is known before the first byte of the reply, so a client can retry into the same conversation.
    await stream.writeSSE({ event: 'start', data: JSON.stringify({ conversation_id: input.conversation.id, persona: input.conversation.persona }) });
    for await (const event of runTurn(deps, input, controller.signal)) {
      if (stream.aborted) break;
      const { type, ...data } = event;
      await stream.writeSSE({ event: type, data: JSON.stringify(data) });
    }
  });
}

function turnError(event: Extract<TurnEvent, { type: 'error' }>): ApiError {
  const known = ['unsupported_audio', 'no_speech', 'not_understood', 'unsupported_language', 'provider_rate_limited', 'provider_timeout', 'provider_error', 'provider_unavailable'];
  const status = known.includes(event.code) ? providerStatus(event.code as ProviderErrorCode) : 500;
  return new ApiError(status === 500 ? 502 : status, event.code, event.message);
}
