/** What `ccw-open` carries. */
export interface CcwOpenDetail {
  readonly source: 'user' | 'api';
}

/** Fired when the panel opens through the launcher or `open()` (not when the page sets the `open` attribute). */
export class CcwOpenEvent extends Event {
  /** The event's type, for `addEventListener`. */
  static readonly eventName = 'ccw-open';
  /** Who opened the panel: the customer ('user') or the page through `open()` ('api'). */
  readonly detail: CcwOpenDetail;

  constructor(detail: CcwOpenDetail) {
    super('ccw-open', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ccw-open': CcwOpenEvent;
  }
}
