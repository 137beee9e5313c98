/**
 * The widget's HTTP client for the server: `/api/config`, `/api/room/token`, and the two streamed turn routes.
 * Every failure becomes an `ApiError` with a machine-readable code, so the UI can say what happened.
 */
import type {
  ConversationHistory,
  ConversationRequest,
  ConversationResume,
  ErrorBody,
  ServerConfig,
  StaffFeed,
  TokenRequest,
  TokenResponse,
  TurnEvent,
  VoiceTurnForm,
} from '@call-center-widget/protocol';
import type { RequestErrorCode } from '../types.ts';
import { readSse } from './sse.ts';

/** Options of `ApiError`. */
export interface ApiErrorOptions {
  /** The HTTP status; 0 when there was no answer (network, aborted, a cut stream). */
  readonly status?: number;
  /** How long the server asked to wait (`retry_after_seconds`, or `Retry-After`). */
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

/**
 * A failed request: `code` from the server's {"error":{code,message}}, or the widget's own ('network' when the
 * server could not be reached, 'aborted' when superseded). Same order as the server's ApiError: code, message.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: RequestErrorCode,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status ?? 0;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A spoken turn: the recording and the form's other fields. */
export type VoiceTurnRequest = Omit<VoiceTurnForm, 'audio' | 'audio_file' | 'file' | 'speak'> & { audio: Blob; speak?: boolean };

/** The turn events, by name: an event the widget does not know (a newer server's) is skipped. */
const TURN_EVENTS: Readonly<Record<TurnEvent['type'], true>> = {
  start: true,
  transcript: true,
  not_understood: true,
  delta: true,
  transfer: true,
  handoff: true,
  ticket: true,
  audio: true,
  done: true,
  error: true,
};

const NETWORK_MESSAGE = 'The support server could not be reached.';

/** Talks to one server. Never throws anything but `ApiError`. */
export class ApiClient {
  private readonly base: URL | undefined;

  /** `baseUrl` is the server's origin, optionally with a path prefix (relative URLs resolve against the page). */
  constructor(baseUrl: string) {
    this.base = toBaseUrl(baseUrl);
  }

  /** The resolved base URL (always ending in '/'), or undefined when `baseUrl` was not an http(s) URL. */
  get baseUrl(): string | undefined {
    return this.base?.href;
  }

  /** `GET /api/config`. */
  async config(signal?: AbortSignal): Promise<ServerConfig> {
    const response = await this.request('api/config', { method: 'GET', headers: { Accept: 'application/json' }, signal });
    return readJson<ServerConfig>(response);
  }

  /** `POST /api/room/token`: a LiveKit token; send back `call_handle` to rejoin the same room. */
  async token(body: TokenRequest, signal?: AbortSignal): Promise<TokenResponse> {
    const response = await this.request('api/room/token', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    return readJson<TokenResponse>(response);
  }

  /** `GET /api/conversation/{id}`: what was said so far (404 `conversation_not_found` once the server forgot it). */
  async history(conversationId: string, signal?: AbortSignal): Promise<ConversationHistory> {
    const response = await this.request(`api/conversation/${encodeURIComponent(conversationId)}`, {
      method: 'GET',
      headers: { Accept: 'application/json' },
      signal,
    });
    return readJson<ConversationHistory>(response);
  }

  /**
   * `GET /api/conversation/{id}/staff`: what a member of staff wrote since line `after`, waiting up to `wait`
   * seconds for one (the text desk of a conversation held over HTTP).
   */
  async staffFeed(conversationId: string, after: number, wait: number, signal?: AbortSignal): Promise<StaffFeed> {
    const response = await this.request(`api/conversation/${encodeURIComponent(conversationId)}/staff?after=${after}&wait=${wait}`, {
      method: 'GET',
      headers: { Accept: 'application/json' },
      signal,
    });
    return readJson<StaffFeed>(response);
  }

  /** `POST /api/conversation/resume`: a conversation the server did not hold, continued from what the customer saw. */
  async resumeConversation(body: ConversationResume, signal?: AbortSignal): Promise<ConversationHistory> {
    const response = await this.request('api/conversation/resume', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    return readJson<ConversationHistory>(response);
  }

  /** Typed turn, always streamed (SSE). */
  conversation(req: ConversationRequest, signal?: AbortSignal): AsyncIterable<TurnEvent> {
    const body = JSON.stringify({ ...req, stream: true });
    return this.turn('api/conversation', { body, headers: { 'Content-Type': 'application/json' } }, signal);
  }

  /** Spoken turn: multipart `audio` (WAV) + fields, SSE out. */
  voiceTurn(req: VoiceTurnRequest, signal?: AbortSignal): AsyncIterable<TurnEvent> {
    const form = new FormData();
    form.append('audio', req.audio, 'speech.wav');
    if (req.persona) form.append('persona', req.persona);
    if (req.language) form.append('language', req.language);
    if (req.conversation_id) form.append('conversation_id', req.conversation_id);
    if (req.speak !== undefined) form.append('speak', String(req.speak));
    if (req.voice) form.append('voice', req.voice);
    // No Content-Type header: fetch sets multipart/form-data with its boundary.
    return this.turn('api/voice-turn', { body: form, headers: {} }, signal);
  }

  private async *turn(
    path: string,
    init: { body: BodyInit; headers: Record<string, string> },
    signal: AbortSignal | undefined,
  ): AsyncGenerator<TurnEvent> {
    const response = await this.request(path, {
      method: 'POST',
      headers: { ...init.headers, Accept: 'text/event-stream' },
      body: init.body,
      signal,
    });
    if (!response.body || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
      throw new ApiError('bad_response', 'The support server sent an answer the widget does not understand.', { status: response.status });
    }
    let ended = false;
    try {
      for await (const message of readSse(response.body)) {
        const event = toTurnEvent(message.event, message.data);
        if (!event) continue;
        yield event;
        // Events already buffered when the signal fired must not surface: the turn was superseded.
        if (signal?.aborted) throw abortedError(signal);
        // A synthesis error is followed by the rest of the text reply and `done`; a chat error ends the turn.
        if (event.type === 'done' || (event.type === 'error' && event.stage !== 'synthesis')) {
          ended = true;
          return;
        }
      }
    } catch (err) {
      throw toApiError(err, signal);
    }
    if (!ended) {
      if (signal?.aborted) throw abortedError(signal);
      throw new ApiError('stream_incomplete', 'The reply was cut off. Please try again.', { status: response.status });
    }
  }

  private async request(path: string, init: RequestInit & { signal?: AbortSignal | undefined }): Promise<Response> {
    if (!this.base) throw new ApiError('invalid_server_url', 'The widget was given a server URL it cannot use.');
    const url = new URL(path, this.base);
    let response: Response;
    try {
      // No cookies: the widget runs on other people's sites and needs none.
      response = await fetch(url, { ...init, mode: 'cors', credentials: 'omit', cache: 'no-store' });
    } catch (err) {
      throw toApiError(err, init.signal);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }
}

/** Resolves a server URL against the page and makes it a directory, so `api/...` keeps any path prefix. */
function toBaseUrl(baseUrl: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl.trim() || '/', globalThis.location?.href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

async function readJson<T>(response: Response): Promise<T> {
  try {
    return (await response.json()) as T;
  } catch (err) {
    if (isAbort(err)) throw new ApiError('aborted', 'The request was cancelled.', { cause: err });
    throw new ApiError('bad_response', 'The support server sent an answer the widget does not understand.', { status: response.status, cause: err });
  }
}

/** Turns a non-2xx response into an ApiError with the server's code (including 403 origin_not_allowed). */
async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | undefined;
  try {
    body = (await response.json()) as Partial<ErrorBody>;
  } catch {
    body = undefined;
  }
  const error = body?.error;
  if (typeof error?.code !== 'string') {
    // Not our server's answer: a proxy's error page says the server behind it cannot be reached (5xx) or is
    // limiting (429); anything else is an answer the widget cannot read.
    const code = response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'network' : 'bad_response';
    return new ApiError(code, `The support server answered with status ${response.status}.`, {
      status: response.status,
      retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
    });
  }
  const wait = typeof error.retry_after_seconds === 'number' ? error.retry_after_seconds : parseRetryAfter(response.headers.get('retry-after'));
  const message = typeof error.message === 'string' ? error.message : `The support server answered with status ${response.status}.`;
  return new ApiError(error.code, message, { status: response.status, retryAfterSeconds: wait });
}

/** `Retry-After` is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function toTurnEvent(name: string, data: string): TurnEvent | undefined {
  // Unknown event names are skipped so a newer server can add events without breaking older widgets.
  if (TURN_EVENTS[name as TurnEvent['type']] !== true) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch (err) {
    throw new ApiError('bad_response', 'The support server sent an answer the widget does not understand.', { status: 200, cause: err });
  }
  if (typeof payload !== 'object' || payload === null) return undefined;
  return { ...(payload as object), type: name } as TurnEvent;
}

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

function abortedError(signal: AbortSignal | undefined): ApiError {
  return new ApiError('aborted', 'The request was cancelled.', { cause: signal?.reason });
}

function toApiError(err: unknown, signal: AbortSignal | undefined): ApiError {
  if (err instanceof ApiError) return err;
  if (isAbort(err) || signal?.aborted) return abortedError(signal);
  // fetch rejects with a TypeError when the server is unreachable, refuses CORS, or the stream breaks.
  return new ApiError('network', NETWORK_MESSAGE, { cause: err });
}
