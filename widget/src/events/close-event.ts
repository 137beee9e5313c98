/** What `ccw-close` carries. */
export interface CcwCloseDetail {
  readonly source: 'user' | 'api';
}

/** Fired when the panel closes through the launcher, the close button, Escape or `close()` (not when the page removes the `open` attribute). */
export class CcwCloseEvent extends Event {
  /** The event's type, for `addEventListener`. */
  static readonly eventName = 'ccw-close';
  /** Who closed the panel: the customer ('user') or the page through `close()` ('api'). */
  readonly detail: CcwCloseDetail;

  constructor(detail: CcwCloseDetail) {
    super('ccw-close', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ccw-close': CcwCloseEvent;
  }
}
