/**
 * The server's request failures: an error code from the contract (protocol's `ErrorCode`, which also fixes the
 * HTTP status) and a message safe to show a customer. Thrown by handlers, middleware, services and the LiveKit
 * module alike; `http/error-response.ts` turns it (and anything else) into `{"error":{"code","message"}}`. No
 * Hono here, so code outside the HTTP layer can throw it.
 */
import { errorStatus, type ErrorCode } from '@call-center-widget/protocol';

/** Options of `ApiError`. */
export interface ApiErrorOptions {
  readonly cause?: unknown;
  /** Extra response headers (`WWW-Authenticate`, `Content-Range`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as `Retry-After` and as `retry_after_seconds` in the body. */
  readonly retryAfterSeconds?: number;
}

/** A request failure with a machine-readable code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** The HTTP status the contract gives `code`. */
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = errorStatus(code);
    this.headers = options.headers ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A 400 for input that cannot be used (`invalid_field` unless said otherwise). */
export function badRequest(message: string, code: ErrorCode = 'invalid_field'): ApiError {
  return new ApiError(code, message);
}
