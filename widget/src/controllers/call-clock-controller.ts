/**
 * The call's clock (lit.dev's clock-controller pattern): a one-second timer that re-renders the host while a
 * call runs, so the header's duration ticks. Owned by the element engineer.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Counts whole seconds from `start()` and re-renders the host every second until `stop()`. */
export class CallClockController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private startedAt: number | undefined;
  private stoppedAfter = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  /** Whole seconds since `start()` (frozen at the value `stop()` returned once stopped). */
  get seconds(): number {
    return this.startedAt === undefined ? this.stoppedAfter : Math.floor((Date.now() - this.startedAt) / 1000);
  }

  /** Whether the clock is running. */
  get running(): boolean {
    return this.startedAt !== undefined;
  }


  hostDisconnected(): void {
    this.stop();
  }

  /** Starts counting from zero. */
  start(): void {
    this.stop();
    this.startedAt = Date.now();
    this.stoppedAfter = 0;
    this.timer = setInterval(() => this.host.requestUpdate(), 1000);
    this.host.requestUpdate();
  }

  /** Stops counting and returns the whole seconds counted. */
  stop(): number {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.startedAt !== undefined) this.stoppedAfter = this.seconds;
    this.startedAt = undefined;
    this.host.requestUpdate();
    return this.stoppedAfter;
  }
}
