/** What the notice line says about a failure, and the `ccw-error` detail that goes with it. */
import { ApiError } from '../api/client.ts';
import { MicError } from '../controllers/mic-controller.ts';
import type { CcwErrorDetail } from '../events/error-event.ts';
import { errorText, micFailureText, retryAfterFrom, type NoticeText } from '../i18n/error-terms.ts';

/** What the notice line shows: text resolved at render time, its tone, and what its button does. */
export interface Notice {
  readonly text: NoticeText;
  readonly tone: 'info' | 'error';
  readonly action?: 'retry-call' | 'retry-turn' | 'retry-config';
}

/** A failure as the customer (notice) and the page (`ccw-error` detail) see it. */
export interface Failure {
  readonly notice: Notice;
  readonly detail: CcwErrorDetail;
}

/** A request that failed; `action` is offered when trying again can help (network, 429, 5xx). */
export function requestFailure(err: unknown, action: Notice['action']): Failure {
  const e = err instanceof ApiError ? err : new ApiError('network', 0, err instanceof Error ? err.message : String(err));
  const retryable = e.code === 'network' || e.status === 429 || e.status >= 500;
  return {
    notice: { text: errorText(e.code, e.retryAfterSeconds), tone: 'error', action: retryable ? action : undefined },
    detail: { code: e.code, message: e.message, retryable },
  };
}

/** A failed turn, as ConversationController reports it (`canRetry`: the input is kept for `retry()`). */
export function turnFailure(code: string, message: string, retryable: boolean, canRetry: boolean): Failure {
  return {
    notice: { text: errorText(code, retryAfterFrom(message)), tone: 'error', action: retryable && canRetry ? 'retry-turn' : undefined },
    detail: { code, message, retryable },
  };
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
