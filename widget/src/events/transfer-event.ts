import type { Persona } from '@call-center-widget/protocol';

/** What `ccw-transfer` carries. */
export interface CcwTransferDetail {
  readonly from: Persona;
  readonly to: Persona;
  readonly reason: string;
}

/** Fired when the conversation moves to another persona. */
export class CcwTransferEvent extends Event {
  /** The event's type, for `addEventListener`. */
  static readonly eventName = 'ccw-transfer';
  /** The personas before and after, and why. */
  readonly detail: CcwTransferDetail;

  constructor(detail: CcwTransferDetail) {
    super('ccw-transfer', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ccw-transfer': CcwTransferEvent;
  }
}
