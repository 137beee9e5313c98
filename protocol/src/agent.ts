/**
 * The AI agent in a LiveKit room (the agent worker, LiveKit's Agents framework) and the widget: what crosses the
 * room besides audio. The framework's own conventions carry the rest — transcripts as `lk.transcription` text
 * streams, the agent's state in its `lk.agent.state` attribute, typed text to the agent on the `lk.chat` topic.
 */
import { z } from 'zod';
import { Language, Persona } from './common.ts';
import { ErrorCode } from './errors.ts';
import { HandoffEvent, NotUnderstoodEvent, TransferEvent } from './turn-events.ts';
import { TicketEvent } from './tickets.ts';

/** The name the worker registers under; the server dispatches it by name into each call's room. */
export const AGENT_NAME = 'call-center-agent';
/** The data-packet topic of AgentEvent messages (JSON), from the agent to the room. */
export const AGENT_EVENT_TOPIC = 'ccw-agent';
/**
 * The text-stream topic on which the widget hands the agent the conversation so far (a ConversationResume as
 * JSON), when the agent joins a call whose customer had already talked (typed before calling, or a call that went
 * on directly for a while): the agent continues it as `POST /api/conversation/resume` would.
 */
export const AGENT_HISTORY_TOPIC = 'ccw-history';
/** The agent participant's attributes: who answers now and in which language. */
export const AGENT_PERSONA_ATTRIBUTE = 'ccw.persona';
export const AGENT_LANGUAGE_ATTRIBUTE = 'ccw.language';

/** What the server puts in a dispatch's metadata: how the call starts, and the conversation it continues. */
export const AgentDispatchMetadata = z
  .object({
    persona: Persona,
    language: Language,
    conversation_id: z.string().optional().meta({ description: 'A conversation to continue (a call that began directly).' }),
  })
  .meta({ id: 'AgentDispatchMetadata' });
export type AgentDispatchMetadata = z.infer<typeof AgentDispatchMetadata>;

/** The conversation the agent's turns are recorded in (sent once the agent joined, and again if it changes). */
export const AgentConversationEvent = z
  .object({ type: z.literal('conversation'), conversation_id: z.string(), persona: Persona, language: Language })
  .meta({ id: 'AgentConversationEvent' });

/**
 * Something failed that the customer should be told about. `retryable: true`: this turn failed (recognition, the
 * reply, or its voice; the reply's text still arrives when only the voice failed) and the customer may simply
 * try again. `retryable: false`: the agent cannot serve the call (a provider failed for good); the widget falls
 * back to direct turns.
 */
export const AgentErrorEvent = z
  .object({ type: z.literal('error'), code: ErrorCode, message: z.string(), retryable: z.boolean() })
  .meta({ id: 'AgentErrorEvent' });

/**
 * The agent is alive: sent every AGENT_ALIVE_INTERVAL_MS while it serves the call. LiveKit takes about 20 s to
 * notice a participant whose process died; a widget that heard an agent's beat and then none for
 * AGENT_SILENT_AFTER_MS takes the call back at once.
 */
export const AgentAliveEvent = z.object({ type: z.literal('alive') }).meta({ id: 'AgentAliveEvent' });

/** A member of staff joined the call (`active`: the agent stops talking and answers nothing) or the last one left. */
export const AgentStandbyEvent = z.object({ type: z.literal('standby'), active: z.boolean() }).meta({ id: 'AgentStandbyEvent' });
export const AGENT_ALIVE_INTERVAL_MS = 2_000;
export const AGENT_SILENT_AFTER_MS = 7_000;

/** Any message on AGENT_EVENT_TOPIC. Transfers, handoffs, tickets and refusals are the same events as a direct turn's. */
export const AgentEvent = z
  .discriminatedUnion('type', [AgentConversationEvent, TransferEvent, HandoffEvent, TicketEvent, NotUnderstoodEvent, AgentErrorEvent, AgentAliveEvent, AgentStandbyEvent])
  .meta({ id: 'AgentEvent' });
export type AgentEvent = z.infer<typeof AgentEvent>;

// The names as literal types, for code that may import only types (the widget): `const topic: AgentEventTopic =
// 'ccw-agent'` fails to compile if the two ever differ.
export type AgentName = typeof AGENT_NAME;
export type AgentEventTopic = typeof AGENT_EVENT_TOPIC;
export type AgentPersonaAttribute = typeof AGENT_PERSONA_ATTRIBUTE;
export type AgentLanguageAttribute = typeof AGENT_LANGUAGE_ATTRIBUTE;
export type AgentAliveIntervalMs = typeof AGENT_ALIVE_INTERVAL_MS;
export type AgentSilentAfterMs = typeof AGENT_SILENT_AFTER_MS;
export type AgentHistoryTopic = typeof AGENT_HISTORY_TOPIC;
