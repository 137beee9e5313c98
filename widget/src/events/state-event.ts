import type { CallState } from '../types.ts';

/** What `ccw-state` carries. */
export interface CcwStateDetail {
  readonly state: CallState;
  readonly previous: CallState;
}

/** Fired whenever the call state changes. */
export class CcwStateEvent extends Event {
  /** The event's type, for `addEventListener`. */
  static readonly eventName = 'ccw-state';
  /** The new state and the one before it. */
  readonly detail: CcwStateDetail;

  constructor(detail: CcwStateDetail) {
    super('ccw-state', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ccw-state': CcwStateEvent;
  }
}
