/** What `ccw-transport` carries. */
export interface CcwTransportDetail {
  /**
   * 'livekit': the call is in a LiveKit room; 'reconnecting': LiveKit lost its connection and is winning it back
   * (the call goes on meanwhile); 'direct': the call travels over HTTP only.
   */
  readonly mode: 'livekit' | 'reconnecting' | 'direct';
  /** Why the call is direct: 'disabled' (LiveKit off or `livekit="off"`), 'unreachable', 'timeout', 'token', 'removed'. */
  readonly reason?: string;
  /** The LiveKit room, while in one (the same room again after a rejoin). */
  readonly room?: string;
}

/** Fired whenever the call's transport changes: joined a room, lost it, reconnecting, rejoined. */
export class CcwTransportEvent extends Event {
  /** The event's type, for `addEventListener`. */
  static readonly eventName = 'ccw-transport';
  /** The mode, why it is direct, and the room. */
  readonly detail: CcwTransportDetail;

  constructor(detail: CcwTransportDetail) {
    super('ccw-transport', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ccw-transport': CcwTransportEvent;
  }
}
