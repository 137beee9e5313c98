/**
 * Runs conversation turns against the server, in the manner of @lit/task: each run takes everything it needs as
 * arguments, has its own AbortSignal, and a new run aborts the one in flight, so only the newest run's events
 * ever land. A conversation the server has forgotten is dropped and the same input sent once more as a new one.
 */
import type { LanguageChoice, Persona, TurnEvent } from '@call-center-widget/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, type ApiClient } from '../api/client.ts';
import type { TurnError } from '../types.ts';

/** What the customer said or typed. `speechEndAt` is performance.now() when the speech ended. */
export type TurnInput = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'audio'; readonly wav: Blob; readonly speechEndAt: number };

/** One turn's arguments. */
export interface TurnRequest {
  readonly api: ApiClient;
  readonly input: TurnInput;
  /** Who answers a new conversation's first turn (afterwards the server's transfers decide). */
  readonly persona: Persona;
  readonly language: LanguageChoice;
  /** The conversation to continue; a new one when undefined. */
  readonly conversationId: string | undefined;
  readonly voice: string | undefined;
  /** Ask the server to speak the reply. */
  readonly speak: boolean;
}

/** How a run ended. */
export type TurnOutcome = { readonly ok: true } | { readonly ok: false; readonly error: TurnError } | { readonly aborted: true };

/** What the runner reports; only ever about the newest run. */
export interface TurnRunnerCallbacks {
  /** An event of run `run` (runs are numbered from 1). */
  onEvent(event: TurnEvent, run: number): void;
  /** The server had forgotten the conversation; run `run` starts again as a new conversation. */
  onRestart(run: number): void;
  /** Run `run` ended (`aborted` only through `abort()`). Not called for a run superseded by a newer one. */
  onEnd(run: number, outcome: TurnOutcome): void;
}

/** A turn's `error` event (stage `chat`): the server says whether sending the same input again can help. */
class TurnFailed extends Error {
  constructor(readonly error: TurnError) {
    super(error.message);
  }
}

/** Network turns, newest wins. */
export class TurnRunner implements ReactiveController {
  private readonly callbacks: TurnRunnerCallbacks;
  private newest = 0;
  private inFlight: { readonly run: number; readonly controller: AbortController } | undefined;

  constructor(host: ReactiveControllerHost, callbacks: TurnRunnerCallbacks) {
    this.callbacks = callbacks;
    host.addController(this);
  }

  /** A run is in flight. */
  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** The number of the newest run (0 before the first). */
  get latest(): number {
    return this.newest;
  }

  hostDisconnected(): void {
    this.abort();
  }

  /**
   * Runs one turn, aborting the one in flight. Resolves when this run ends or is superseded; never rejects (a
   * failure is reported through `onEnd`). `signal` aborts this run from outside.
   */
  async run(request: TurnRequest, signal?: AbortSignal): Promise<void> {
    // The run in flight is superseded: aborted, and nothing more is heard of it.
    this.inFlight?.controller.abort();
    this.inFlight = undefined;
    const run = ++this.newest;
    const controller = new AbortController();
    signal?.addEventListener('abort', () => this.abortRun(run), { once: true });
    this.inFlight = { run, controller };
    let outcome: TurnOutcome;
    try {
      await this.stream(run, request, controller.signal);
      outcome = { ok: true };
    } catch (err) {
      outcome = { ok: false, error: toTurnError(err) };
    }
    if (this.inFlight?.run !== run) return;
    this.inFlight = undefined;
    this.callbacks.onEnd(run, outcome);
  }

  /** Aborts the run in flight (barge-in, end of call); it ends with `{ aborted: true }`. */
  abort(): void {
    if (this.inFlight) this.abortRun(this.inFlight.run);
  }

  private abortRun(run: number): void {
    const current = this.inFlight;
    if (current?.run !== run) return;
    this.inFlight = undefined;
    current.controller.abort();
    this.callbacks.onEnd(run, { aborted: true });
  }

  private async stream(run: number, request: TurnRequest, signal: AbortSignal): Promise<void> {
    let conversationId = request.conversationId;
    for (let attempt = 0; ; attempt++) {
      try {
        for await (const event of open(request, conversationId, signal)) {
          if (this.inFlight?.run !== run) return;
          // A synthesis error is followed by the rest of the text reply: only a chat error ends the turn.
          if (event.type === 'error' && event.stage === 'chat') {
            throw new TurnFailed({ code: event.code, message: event.message, retryable: event.retryable, retryAfterSeconds: event.retry_after_seconds });
          }
          this.callbacks.onEvent(event, run);
        }
        return;
      } catch (err) {
        if (this.inFlight?.run !== run) return;
        if (attempt === 0 && conversationId !== undefined && err instanceof ApiError && err.code === 'conversation_not_found') {
          conversationId = undefined;
          this.callbacks.onRestart(run);
          continue;
        }
        throw err;
      }
    }
  }
}

function open(request: TurnRequest, conversationId: string | undefined, signal: AbortSignal): AsyncIterable<TurnEvent> {
  const { api, input } = request;
  const fields = { persona: request.persona, language: request.language, conversation_id: conversationId, speak: request.speak, voice: request.voice };
  return input.kind === 'text' ? api.conversation({ message: input.text, ...fields }, signal) : api.voiceTurn({ audio: input.wav, ...fields }, signal);
}

/** Classifies a failure: unreachable, rate limited, provider trouble or a cut stream can be retried as is. */
function toTurnError(err: unknown): TurnError {
  if (err instanceof TurnFailed) return err.error;
  const e = err instanceof ApiError ? err : new ApiError('internal_error', 'Something went wrong. Please try again.', { cause: err });
  const retryable = e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500 || e.code === 'stream_incomplete';
  return e.retryAfterSeconds === undefined
    ? { code: e.code, message: e.message, retryable }
    : { code: e.code, message: e.message, retryable, retryAfterSeconds: e.retryAfterSeconds };
}
