/** What the notice line says about a failure, and the `ccw-error` detail that goes with it. */
import { ApiError } from '../api/client.ts';
import { MicError } from '../controllers/mic-controller.ts';
import type { CcwErrorDetail } from '../events/error-event.ts';
import { errorText, micFailureText } from '../i18n/error-terms.ts';
import type { Notice, TurnError } from '../types.ts';

/** A failure as the customer (notice) and the page (`ccw-error` detail) see it. */
export interface Failure {
  readonly notice: Notice;
  readonly detail: CcwErrorDetail;
}

/** A request that failed; `action` is offered when trying again can help (network, 429, 5xx). */
export function requestFailure(err: unknown, action: Notice['action']): Failure {
  const e = err instanceof ApiError ? err : new ApiError('network', err instanceof Error ? err.message : String(err));
  const retryable = e.code === 'network' || e.status === 429 || e.status >= 500;
  return {
    notice: { text: errorText(e.code, e.retryAfterSeconds), tone: 'error', action: retryable ? action : undefined },
    detail: { code: e.code, message: e.message, retryable },
  };
}

/** A failed turn (`canRetry`: its input is kept and the Retry button sends it again). */
export function turnFailure(error: TurnError, canRetry: boolean): Failure {
  return {
    notice: { text: errorText(error.code, error.retryAfterSeconds), tone: 'error', action: error.retryable && canRetry ? 'retry-turn' : undefined },
    detail: { code: error.code, message: error.message, retryable: error.retryable },
  };
}

/** The reply could not be spoken; the text carries on, so there is nothing to retry. */
export function speechFailure(code: TurnError['code'], message: string): Failure {
  return { notice: { text: errorText(code), tone: 'error' }, detail: { code, message, retryable: false } };
}

/** A call that could not start: no microphone (text chat still works), no server, or no voice processing. */
export function startFailure(err: unknown): Failure {
  if (err instanceof MicError) {
    return {
      notice: { text: micFailureText(err.reason), tone: 'error' },
      detail: { code: `microphone_${err.reason}`, message: err.message, retryable: err.reason !== 'denied' && err.reason !== 'insecure' },
    };
  }
  if (err instanceof ApiError) return requestFailure(err, 'retry-call');
  return {
    notice: { text: (l) => l.term('voiceUnavailable'), tone: 'error' },
    detail: { code: 'voice_unavailable', message: err instanceof Error ? err.message : String(err), retryable: false },
  };
}
