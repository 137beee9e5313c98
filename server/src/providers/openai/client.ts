/**
 * The one place that builds the `openai` SDK client and turns its errors into ProviderErrors. Messages made
 * here are shown to customers, so they never carry the API key or the upstream body (OpenAI's 401 body
 * echoes part of the key, and other bodies may echo the customer's input).
 */
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  OpenAIError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import type { Config } from '../../config.ts';
import { ProviderError } from '../types.ts';

/** OpenAI's own endpoint, used when OPENAI_BASE_URL is not set. */
export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** Builds the SDK client from the validated configuration; throws when no API key is configured. */
export function createOpenAIClient(config: Config['openai']): OpenAI {
  if (!config.apiKey) {
    // loadConfig refuses `openai` without a key, so reaching this is a wiring mistake, not user input.
    throw new Error('OPENAI_API_KEY: required to use the openai provider');
  }
  return new OpenAI({
    apiKey: config.apiKey,
    // Passed explicitly (never left undefined) so the SDK does not read process.env behind the config's back.
    baseURL: config.baseUrl ?? DEFAULT_OPENAI_BASE_URL,
    // The SDK's default is 10 minutes: a customer on a call would hang up long before that.
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
  });
}

/** What the failing call was doing, for the mapping's finer cases. */
export interface ErrorContext {
  /** The request uploaded audio: a 400 about the file means the customer's audio, not our request. */
  readonly audioInput?: boolean;
}

/**
 * Maps anything the SDK threw to a ProviderError whose message is safe to show a customer. `what` names the
 * service in a sentence, e.g. "Speech recognition". An abort is not a failure: it is rethrown as an
 * AbortError (a DOMException named `AbortError`) instead of being returned.
 */
export function toProviderError(err: unknown, what: string, context: ErrorContext = {}): ProviderError {
  if (err instanceof ProviderError) return err;
  if (err instanceof APIUserAbortError || isAbortError(err)) throw abortError();

  // Subclass order matters: APIConnectionTimeoutError extends APIConnectionError extends APIError.
  if (err instanceof APIConnectionTimeoutError) {
    return new ProviderError('provider_timeout', `${what} took too long to answer. Please try again.`, { cause: err });
  }
  if (err instanceof APIConnectionError) {
    return new ProviderError('provider_error', `${what} could not be reached. Please try again.`, { cause: err });
  }
  if (err instanceof RateLimitError) {
    const retryAfterSeconds = retryAfter(err.headers);
    const when = retryAfterSeconds === undefined ? 'in a moment' : `in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`;
    return new ProviderError('provider_rate_limited', `${what} is busy right now. Please try again ${when}.`, {
      cause: err,
      retryAfterSeconds,
    });
  }
  if (err instanceof AuthenticationError) {
    return new ProviderError(
      'provider_error',
      `${what} is unavailable: the OpenAI service refused this server's API key. The site owner needs to check OPENAI_API_KEY.`,
      { cause: err },
    );
  }
  if (err instanceof PermissionDeniedError) {
    return new ProviderError('provider_error', `${what} is unavailable: this server's OpenAI account may not use it.`, { cause: err });
  }
  if (err instanceof NotFoundError) {
    return new ProviderError('provider_error', `${what} is unavailable: the configured model was not found.`, { cause: err });
  }
  if (err instanceof BadRequestError && context.audioInput) {
    const detail = `${err.code ?? ''} ${err.param ?? ''} ${upstreamMessage(err)}`;
    if (/too[ _]short|minimum audio length/i.test(detail)) {
      return new ProviderError('no_speech', 'The recording is too short to contain speech.', { cause: err });
    }
    if (/\bfile\b|format|decode|corrupt|unsupported|invalid_audio/i.test(detail)) {
      return new ProviderError('unsupported_audio', 'This audio could not be read. Please try again, or type your message.', { cause: err });
    }
  }
  if (err instanceof APIError) {
    // InternalServerError (5xx), other 4xx, and errors reported inside a stream all land here.
    const status = typeof err.status === 'number' ? ` (status ${err.status})` : '';
    return new ProviderError('provider_error', `${what} failed${status}. Please try again.`, { cause: err });
  }
  if (err instanceof OpenAIError) {
    return new ProviderError('provider_error', `${what} answered with something unexpected. Please try again.`, { cause: err });
  }
  if (err instanceof TypeError && /terminated|socket|other side closed/i.test(`${err.message} ${String(err.cause)}`)) {
    // undici reports a connection dropped mid-body (e.g. mid-stream) as `TypeError: terminated`.
    return new ProviderError('provider_error', `${what} was cut off mid-answer. Please try again.`, { cause: err });
  }
  return new ProviderError('provider_error', `${what} failed. Please try again.`, { cause: err });
}

/** A DOMException named AbortError, which is what fetch and every other web API throw on abort. */
export function abortError(): DOMException {
  return new DOMException('The request was aborted.', 'AbortError');
}

/** True for the AbortError of fetch/DOM (the SDK's own abort error is an APIUserAbortError). */
export function isAbortError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'name' in err && err.name === 'AbortError';
}

/** Seconds from `retry-after` (delta seconds or an HTTP date), else `retry-after-ms`; rounded up, at least 1. */
function retryAfter(headers: Headers | undefined): number | undefined {
  const raw = headers?.get('retry-after')?.trim();
  let seconds: number | undefined;
  if (raw) {
    if (/^\d+(\.\d+)?$/.test(raw)) seconds = Number(raw);
    else {
      const at = Date.parse(raw);
      if (!Number.isNaN(at)) seconds = (at - Date.now()) / 1000;
    }
  }
  if (seconds === undefined) {
    const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
    if (Number.isFinite(ms)) seconds = ms / 1000;
  }
  if (seconds === undefined || !Number.isFinite(seconds)) return undefined;
  return Math.max(1, Math.ceil(seconds));
}

/** The upstream error's own message, used only for classification, never shown. */
function upstreamMessage(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : err.message;
}
