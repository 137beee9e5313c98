/**
 * Turns anything thrown while answering a request into the contract's error: status, headers and
 * `{"error":{"code","message"[,"retry_after_seconds"]}}`. Unexpected errors become a plain 500 that leaks nothing.
 */
import { errorStatus, type ErrorBody, type ErrorCode } from '@call-center-widget/protocol';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../errors.ts';
import { ProviderError } from '../providers/types.ts';

/** What the error handler answers. */
export interface ErrorResponse {
  readonly status: ContentfulStatusCode;
  readonly body: ErrorBody;
  readonly headers: Record<string, string>;
}

/** The error body for a code and message. */
export function errorBody(code: ErrorCode, message: string, retryAfterSeconds?: number): ErrorBody {
  return { error: retryAfterSeconds === undefined ? { code, message } : { code, message, retry_after_seconds: retryAfterSeconds } };
}

/** Maps any thrown value to status, headers and body. */
export function toErrorResponse(err: unknown): ErrorResponse {
  if (err instanceof ApiError) return respond(err.code, err.message, err.retryAfterSeconds, err.headers);
  if (err instanceof ProviderError) return respond(err.code, err.message, err.retryAfterSeconds);
  if (err instanceof HTTPException) return fromHonoException(err);
  // The request's body stopped arriving (the client went away, or Node's parser refused the rest of it): the
  // client's doing, answered if anyone still listens, and not our failure.
  if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'ECONNRESET') return respond('bad_request', 'The request was cut off before its body arrived.');
  return respond('internal_error', 'Something went wrong on our side. Please try again.');
}

function respond(code: ErrorCode, message: string, retryAfter?: number, extra: Readonly<Record<string, string>> = {}): ErrorResponse {
  const retryAfterSeconds = retryAfter === undefined ? undefined : Math.max(0, Math.ceil(retryAfter));
  const headers: Record<string, string> = { ...extra };
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
  return { status: errorStatus(code) as ContentfulStatusCode, body: errorBody(code, message, retryAfterSeconds), headers };
}

/**
 * Hono's own middleware and validators throw HTTPExceptions: a body over the limit, a media type the route does
 * not take, JSON or a form that does not parse.
 */
function fromHonoException(err: HTTPException): ErrorResponse {
  const text = err.message;
  switch (err.status) {
    case 413:
      return respond('payload_too_large', text || 'The request body is too large.');
    case 415:
      return respond('unsupported_media_type', 'This route does not take that Content-Type: send JSON (application/json) or a multipart form as /api/openapi.json describes.');
    case 401:
      return respond('unauthorized', text || 'Unauthorized.');
    case 403:
      // Hono's CSRF middleware: a cross-site form post, or an unsafe request with no origin to check.
      return respond('origin_not_allowed', 'This request did not come from this server\'s own page.');
    case 400:
      if (text.startsWith('Malformed JSON')) return respond('invalid_json', 'The request body is not valid JSON.');
      if (text.startsWith('Malformed FormData')) return respond('invalid_multipart', 'The multipart form could not be read.');
      return respond('bad_request', text || 'The request is not valid.');
    default:
      return err.status >= 500 ? respond('internal_error', 'Something went wrong on our side. Please try again.') : respond('bad_request', text || 'The request is not valid.');
  }
}
