/** The panel's notice line: at most one notice, and for a failure the `ccw-error` the page hears about it. */
import type { ReactiveControllerHost } from 'lit';
import { CcwErrorEvent } from '../events/error-event.ts';
import type { Notice } from '../types.ts';
import type { Failure } from './notices.ts';

/** What the notice line shows now. */
export class NoticeLine {
  private shown: Notice | undefined;

  constructor(private readonly host: ReactiveControllerHost & EventTarget) {}

  /** The notice on show, if any. */
  get notice(): Notice | undefined {
    return this.shown;
  }

  /** Shows a notice (an information or an error), replacing the one on show. */
  show(notice: Notice): void {
    this.shown = notice;
    this.host.requestUpdate();
  }

  /** Shows a failure and tells the page (`ccw-error`). */
  fail(failure: Failure): void {
    this.show(failure.notice);
    this.host.dispatchEvent(new CcwErrorEvent(failure.detail));
  }

  /** A new attempt begins: an error on show goes (information stays). */
  clearError(): void {
    if (this.shown?.tone === 'error') this.clear();
  }

  /** Removes the notice; returns what its button would have done. */
  clear(): Notice['action'] {
    const action = this.shown?.action;
    if (this.shown) {
      this.shown = undefined;
      this.host.requestUpdate();
    }
    return action;
  }
}
