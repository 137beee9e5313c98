/** What `ccw-call-end` carries. */
export interface CcwCallEndDetail {
  /** Whole seconds from `ccw-call-start` to the end of the call. */
  readonly durationSeconds: number;
}

/** Fired when a call that had started ends (`endCall()`, the End call button, or the element leaving the page). */
export class CcwCallEndEvent extends Event {
  /** The event's type, for `addEventListener`. */
  static readonly eventName = 'ccw-call-end';
  /** How long the call lasted. */
  readonly detail: CcwCallEndDetail;

  constructor(detail: CcwCallEndDetail) {
    super('ccw-call-end', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ccw-call-end': CcwCallEndEvent;
  }
}
