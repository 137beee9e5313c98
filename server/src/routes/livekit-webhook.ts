/**
 * `POST /api/livekit/webhook`: LiveKit's webhook events (configure this URL under `webhook: urls:` on the LiveKit
 * side, with `api_key:` our LIVEKIT_API_KEY). Each event is verified with livekit-server-sdk's WebhookReceiver
 * (a JWT in `Authorization` signed with our API secret, carrying the body's SHA-256) before it is believed; the
 * registry of live calls is built from them, and a member of staff joining a call answers its requests for a person.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { WebhookAck } from '@call-center-widget/protocol';
import { WebhookReceiver } from 'livekit-server-sdk';
import type { Config } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { Limits } from '../http/limits.ts';
import { errorAnswers, jsonAnswer } from '../http/openapi.ts';
import { routeGroup } from '../http/validation.ts';
import { answerCallRequests } from '../services/tickets.ts';
import { kindOf, type CallRegistry } from '../stores/call-registry.ts';
import type { TicketStore } from '../stores/ticket-store.ts';

const MAX_EVENT_BYTES = 256 * 1024;
// LiveKit's ParticipantInfo.Kind, by number.
const KINDS = ['standard', 'ingress', 'egress', 'sip', 'agent'];

const webhook = createRoute({
  method: 'post',
  path: '/webhook',
  summary: 'LiveKit webhook events (rooms and participants), signed by LiveKit',
  request: {
    // Not parsed by a schema: the signature covers the exact bytes, which WebhookReceiver checks and reads.
    body: { required: true, content: { 'application/webhook+json': { schema: { type: 'object' } } } },
    headers: z.object({ authorization: z.string().optional().meta({ description: 'The JWT LiveKit signs each event with.' }) }),
  },
  responses: { 200: jsonAnswer(WebhookAck, 'The event was verified and applied.'), ...errorAnswers('unauthorized', 'bad_request', 'payload_too_large', 'livekit_disabled') },
});

/** The LiveKit webhook route, mounted at `/api/livekit`. */
export function createLiveKitWebhookRoutes(config: Config, calls: CallRegistry, limits: Limits, tickets?: TicketStore) {
  const { url, apiKey, apiSecret } = config.livekit;
  const receiver = url ? new WebhookReceiver(apiKey, apiSecret) : undefined;
  return routeGroup().openapi({ ...webhook, middleware: limits.webhook }, async (c) => {
    if (!receiver) throw new ApiError('livekit_disabled', 'LiveKit is not configured on this server (LIVEKIT_URL is unset).');
    const body = await c.req.text();
    if (body.length > MAX_EVENT_BYTES) throw new ApiError('payload_too_large', 'A webhook event is larger than LiveKit sends.');
    let event;
    try {
      event = await receiver.receive(body, c.req.header('authorization'));
    } catch (err) {
      // A forged, altered or unsigned event: never believed, and said so without detail.
      throw new ApiError('unauthorized', 'The webhook event is not signed by this server\'s LiveKit API key.', { cause: err });
    }
    const participant = event.participant
      ? { identity: event.participant.identity, name: event.participant.name, kind: KINDS[event.participant.kind] }
      : undefined;
    calls.apply({ event: event.event, room: event.room?.name, participant, at: Number(event.createdAt) });
    // A member of staff is in the call (LiveKit says so, not merely a token minted): nobody waits for a person now.
    if (event.event === 'participant_joined' && participant && event.room?.name && kindOf(participant.identity, participant.kind) === 'staff') {
      answerCallRequests(tickets, event.room.name, participant.name || participant.identity);
    }
    return c.json({ received: true as const, event: event.event }, 200);
  });
}
