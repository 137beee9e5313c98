/**
 * One error shape for every route: `{"error":{"code","message"}}` with the right status. Handlers throw
 * `ApiError` (an HTTPException) or a ProviderError; `errorResponse` in app.onError turns anything into JSON.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ProviderError, type ProviderErrorCode } from './providers/types.ts';

/** The JSON body of every error. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** A request failure with a machine-readable code; thrown by handlers and middleware. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(status, { message, cause: options?.cause });
    this.headers = options?.headers;
  }
  readonly headers: Record<string, string> | undefined;
}

const PROVIDER_STATUS: Record<ProviderErrorCode, ContentfulStatusCode> = {
  unsupported_audio: 415,
  no_speech: 422,
  not_understood: 422,
  unsupported_language: 422,
  provider_rate_limited: 503,
  provider_timeout: 504,
  provider_error: 502,
  provider_unavailable: 503,
};

/** Maps a provider failure to its HTTP status. */
export function providerStatus(code: ProviderErrorCode): ContentfulStatusCode {
  return PROVIDER_STATUS[code];
}

/** Turns any thrown value into status, headers and body. Never leaks internals of unexpected errors. */
export function toErrorResponse(err: unknown): { status: ContentfulStatusCode; body: ErrorBody; headers: Record<string, string> } {
  if (err instanceof ApiError) {
    return { status: err.status as ContentfulStatusCode, body: errorBody(err.code, err.message), headers: err.headers ?? {} };
  }
  if (err instanceof ProviderError) {
    const headers: Record<string, string> = {};
    if (err.retryAfterSeconds !== undefined) headers['Retry-After'] = String(Math.ceil(err.retryAfterSeconds));
    return { status: providerStatus(err.code), body: errorBody(err.code, err.message), headers };
  }
  if (err instanceof HTTPException) {
    // Hono's own middleware (bodyLimit, etc.) throws these.
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : status >= 500 ? 'internal_error' : 'bad_request';
    return { status, body: errorBody(code, err.message || 'Request failed'), headers: {} };
  }
  return { status: 500, body: errorBody('internal_error', 'Something went wrong on our side. Please try again.'), headers: {} };
}

/** The `{"error":{"code","message"}}` body. */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

/** 400 with a code and message: the usual answer to malformed input. */
export function badRequest(code: string, message: string): ApiError {
  return new ApiError(400, code, message);
}
