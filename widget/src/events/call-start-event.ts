/** What `ccw-call-start` carries. */
export interface CcwCallStartDetail {
  /** True when voice activity ends each turn, false for push-to-talk. */
  readonly handsFree: boolean;
}

/** Fired before a call starts; cancel it (`preventDefault()`) and no microphone is requested. */
export class CcwCallStartEvent extends Event {
  /** The event's type, for `addEventListener`. */
  static readonly eventName = 'ccw-call-start';
  /** How the call will take turns. */
  readonly detail: CcwCallStartDetail;

  constructor(detail: CcwCallStartDetail) {
    super('ccw-call-start', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ccw-call-start': CcwCallStartEvent;
  }
}
