/**
 * The events of one turn, streamed as server-sent events by `POST /api/voice-turn` and (with `stream`)
 * `POST /api/conversation`: the SSE `event:` is the `type`, the `data:` is the rest as JSON. A turn sends
 * `start`, then (spoken turns) `transcript`, then `delta`s with `transfer`, `handoff`, `ticket` and `audio` among them, and
 * ends with `done` or `error` (a `synthesis` error is followed by the rest of the text and `done`). Speech that was
 * not understood gives `start`, `not_understood`, its `audio`, and `done` with `committed: false`.
 */
import { z } from 'zod';
import { Language, Persona } from './common.ts';
import { ErrorCode } from './errors.ts';
import { TicketEvent } from './tickets.ts';

/** The turn began: the conversation it belongs to is known before the first byte of the reply. */
export const StartEvent = z
  .object({ type: z.literal('start'), conversation_id: z.string(), persona: Persona })
  .meta({ id: 'StartEvent' });

/** What the recognizer heard (spoken turns). */
export const TranscriptEvent = z
  .object({
    type: z.literal('transcript'),
    text: z.string(),
    language: z.string(),
    confidence: z.number(),
    duration_seconds: z.number(),
  })
  .meta({ id: 'TranscriptEvent' });

/**
 * The speech was heard but not understood (the offline recognizer refuses rather than guess). Nothing joins the
 * conversation; `text` is what the agent says about it (spoken by the `audio` events that follow, when speaking)
 * and `examples` are requests this server would understand.
 */
export const NotUnderstoodEvent = z
  .object({ type: z.literal('not_understood'), persona: Persona, text: z.string(), examples: z.array(z.string()) })
  .meta({ id: 'NotUnderstoodEvent' });

/** More of the reply, from `persona`. */
export const DeltaEvent = z.object({ type: z.literal('delta'), text: z.string(), persona: Persona }).meta({ id: 'DeltaEvent' });

/** Another persona takes over; later deltas are theirs. */
export const TransferEvent = z
  .object({ type: z.literal('transfer'), from: Persona, to: Persona, reason: z.string() })
  .meta({ id: 'TransferEvent' });

/** The customer asked for a human. */
export const HandoffEvent = z.object({ type: z.literal('handoff'), reason: z.string() }).meta({ id: 'HandoffEvent' });

/** One synthesized sentence of the reply, in order (`index` from 0). */
export const AudioEvent = z
  .object({
    type: z.literal('audio'),
    index: z.number().int().nonnegative(),
    text: z.string(),
    audio_url: z.string(),
    audio_base64: z.string(),
    format: z.enum(['mp3', 'wav']),
    voice: z.string(),
  })
  .meta({ id: 'AudioEvent' });

/** Milliseconds from the start of the turn, measured by the server. */
export const TurnTimings = z
  .object({
    transcript: z.number().optional(),
    first_delta: z.number().optional(),
    first_audio: z.number().optional(),
    total: z.number().optional(),
  })
  .meta({ id: 'TurnTimings' });
export type TurnTimings = z.infer<typeof TurnTimings>;

/** The turn is complete; `committed` says whether it joined the history (a newer turn can supersede it). */
export const DoneEvent = z
  .object({
    type: z.literal('done'),
    conversation_id: z.string(),
    response: z.string(),
    persona: Persona,
    language: Language,
    handoff: z.boolean(),
    committed: z.boolean(),
    timings_ms: TurnTimings,
    staff_name: z
      .string()
      .optional()
      .meta({ description: 'A member of staff holds the conversation: the message went to them and the AI did not answer (they reply on the staff feed).' }),
  })
  .meta({ id: 'DoneEvent' });

/** The turn failed (`chat`: the history is untouched, retry the same input) or its speech did (`synthesis`). */
export const ErrorEvent = z
  .object({
    type: z.literal('error'),
    code: ErrorCode,
    message: z.string(),
    stage: z.enum(['chat', 'synthesis']),
    retryable: z.boolean(),
    retry_after_seconds: z.number().int().nonnegative().optional(),
  })
  .meta({ id: 'ErrorEvent' });

/** Any event of a turn. */
export const TurnEvent = z
  .discriminatedUnion('type', [StartEvent, TranscriptEvent, NotUnderstoodEvent, DeltaEvent, TransferEvent, HandoffEvent, TicketEvent, AudioEvent, DoneEvent, ErrorEvent])
  .meta({ id: 'TurnEvent' });
export type TurnEvent = z.infer<typeof TurnEvent>;
/** The event of one `type`. */
export type TurnEventOf<T extends TurnEvent['type']> = Extract<TurnEvent, { type: T }>;
