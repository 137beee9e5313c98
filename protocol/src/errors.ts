/**
 * Every error the server answers with: a closed set of codes, each with its HTTP status and whether sending the
 * same request again can succeed. The body is always `{"error":{"code","message"}}`, with
 * `retry_after_seconds` when the server knows how long to wait (as `Retry-After` says too).
 */
import { z } from 'zod';

interface ErrorSpec {
  /** The HTTP status that carries this code. */
  readonly status: number;
  /** Trying the same request again (after waiting, if told) can succeed. */
  readonly retryable: boolean;
}

const spec = (status: number, retryable = false): ErrorSpec => ({ status, retryable });

/** The codes, their statuses and whether to retry. */
export const ERRORS = {
  // The request itself is malformed: fix it, do not retry as is.
  bad_request: spec(400),
  invalid_json: spec(400),
  invalid_body: spec(400),
  missing_field: spec(400),
  invalid_field: spec(400),
  empty_field: spec(400),
  text_too_long: spec(400),
  unknown_persona: spec(400),
  unknown_language: spec(400),
  unknown_voice: spec(400),
  invalid_multipart: spec(400),
  empty_audio: spec(400),
  invalid_filename: spec(400),
  invalid_path: spec(400),
  unauthorized: spec(401),
  request_timeout: spec(408, true),
  invalid_credentials: spec(401),
  origin_not_allowed: spec(403),
  call_handle_invalid: spec(403),
  room_not_allowed: spec(403),
  not_found: spec(404),
  conversation_not_found: spec(404),
  audio_not_found: spec(404),
  room_not_found: spec(404),
  participant_not_found: spec(404),
  track_not_found: spec(404),
  ticket_not_found: spec(404),
  staff_not_found: spec(404),
  chat_not_found: spec(404),
  staff_exists: spec(409),
  chat_taken: spec(409),
  payload_too_large: spec(413),
  unsupported_media_type: spec(415),
  unsupported_audio: spec(415),
  range_not_satisfiable: spec(416),
  headers_too_large: spec(431),
  // Understood, but nothing usable in it.
  no_speech: spec(422),
  not_understood: spec(422),
  unsupported_language: spec(422),
  not_audio_track: spec(422),
  livekit_precondition_failed: spec(422),
  // Too much at once: wait (`retry_after_seconds`) and retry.
  rate_limited: spec(429, true),
  too_many_concurrent: spec(429, true),
  // Our side or a provider's: retry.
  internal_error: spec(500, true),
  provider_error: spec(502, true),
  livekit_error: spec(502, true),
  livekit_auth_failed: spec(502),
  livekit_unreachable: spec(502, true),
  provider_rate_limited: spec(503, true),
  provider_unavailable: spec(503, true),
  livekit_disabled: spec(503),
  widget_not_built: spec(503),
  console_not_built: spec(503),
  provider_timeout: spec(504, true),
  livekit_timeout: spec(504, true),
  // Only in a turn's `error` event: the turn was cancelled (a newer turn, or the client went away).
  aborted: spec(499, true),
} as const satisfies Record<string, ErrorSpec>;

const CODES = Object.keys(ERRORS) as (keyof typeof ERRORS)[];

/** Every error code the server sends. */
export const ErrorCode = z.enum(CODES as [keyof typeof ERRORS, ...(keyof typeof ERRORS)[]]).meta({
  id: 'ErrorCode',
  description: 'What went wrong, for programs; the message says it for people.',
});
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The codes a provider (speech recognition, synthesis, chat) fails with. */
export type ProviderErrorCode = Extract<
  ErrorCode,
  'unsupported_audio' | 'no_speech' | 'not_understood' | 'unsupported_language' | `provider_${string}`
>;

/** The HTTP status for a code. */
export function errorStatus(code: ErrorCode): number {
  return ERRORS[code].status;
}

/** Whether the same request can succeed when sent again (after `retry_after_seconds`, when given). */
export function isRetryable(code: ErrorCode): boolean {
  return ERRORS[code].retryable;
}

/** The body of every error response. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: ErrorCode,
      message: z.string().meta({ description: 'Safe to show a customer; never contains keys or internals.' }),
      retry_after_seconds: z
        .number()
        .int()
        .nonnegative()
        .optional()
        .meta({ description: 'Seconds to wait before retrying, as in the Retry-After header (429, 503).' }),
    }),
  })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof ErrorBody>;
