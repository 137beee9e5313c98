/**
 * The text desk, as the widget follows it: after a request for a person in a conversation held over HTTP (no AI
 * agent in a LiveKit call), the widget asks the server for what a member of staff writes, with a long poll that
 * answers as soon as there is a line. It stops when the member has left (the AI answers again), when the call ends,
 * or when the server has forgotten the conversation.
 */
import type { DeskLine } from '@call-center-widget/protocol';
import { ApiError, type ApiClient } from '../api/client.ts';

/** Seconds the server holds a request open while nothing is said (it allows up to 25). */
const WAIT_SECONDS = 20;
/** Pauses after a failed request, growing to the last. */
const BACKOFF_MS = [1_000, 3_000, 10_000];

export interface StaffFeedCallbacks {
  /** A line of the desk: a member joined, wrote, or left (the customer's own lines are already shown). */
  line(line: DeskLine): void;
}

export class StaffFeedFollower {
  private running: { id: string; abort: AbortController } | undefined;
  private after = 0;

  constructor(private readonly callbacks: StaffFeedCallbacks) {}

  /** Follows `conversationId` (a second call for the same conversation changes nothing). */
  follow(api: ApiClient, conversationId: string): void {
    if (this.running?.id === conversationId) return;
    this.stop();
    const abort = new AbortController();
    this.running = { id: conversationId, abort };
    this.after = 0;
    void this.loop(api, conversationId, abort.signal);
  }

  stop(): void {
    this.running?.abort.abort();
    this.running = undefined;
  }

  private async loop(api: ApiClient, id: string, signal: AbortSignal): Promise<void> {
    let failures = 0;
    let seen = false;
    while (!signal.aborted) {
      try {
        const feed = await api.staffFeed(id, this.after, WAIT_SECONDS, signal);
        if (signal.aborted) return;
        failures = 0;
        for (const line of feed.lines) {
          this.after = Math.max(this.after, line.seq);
          if (line.from !== 'customer') this.callbacks.line(line);
        }
        // Nobody is waiting or holding any more (the member left, or the request was not kept): the AI has it.
        if (feed.state === 'none' && (seen || feed.lines.length === 0)) break;
        seen ||= feed.state !== 'none';
      } catch (err) {
        if (signal.aborted) return;
        // Refused for good (the conversation is forgotten): nothing to follow. Too many requests: wait as told.
        if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429) break;
        const told = err instanceof ApiError && err.retryAfterSeconds !== undefined ? err.retryAfterSeconds * 1000 : 0;
        await new Promise((resolve) => setTimeout(resolve, Math.max(told, BACKOFF_MS[Math.min(failures++, BACKOFF_MS.length - 1)]!)));
      }
    }
    if (this.running?.abort.signal === signal) this.running = undefined;
  }
}
