import type { WidgetErrorCode } from '../types.ts';

/** What `ccw-error` carries. */
export interface CcwErrorDetail {
  /** The server's error code (the contract's `ErrorCode`), the widget's own ('network', …), or 'microphone_<reason>'. */
  readonly code: WidgetErrorCode;
  readonly message: string;
  readonly retryable: boolean;
}

/** Fired for every error the customer is told about (microphone, network, server, provider). */
export class CcwErrorEvent extends Event {
  /** The event's type, for `addEventListener`. */
  static readonly eventName = 'ccw-error';
  /** A machine-readable code, a message in English for logs, and whether trying again can help. */
  readonly detail: CcwErrorDetail;

  constructor(detail: CcwErrorDetail) {
    super('ccw-error', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ccw-error': CcwErrorEvent;
  }
}
