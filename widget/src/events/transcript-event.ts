/** What `ccw-transcript` carries. */
export interface CcwTranscriptDetail {
  readonly text: string;
  /** The language the server detected ('en', 'ar', ...). */
  readonly language: string;
}

/** Fired when the server has transcribed what the customer said. */
export class CcwTranscriptEvent extends Event {
  /** The event's type, for `addEventListener`. */
  static readonly eventName = 'ccw-transcript';
  /** The recognized text and its language. */
  readonly detail: CcwTranscriptDetail;

  constructor(detail: CcwTranscriptDetail) {
    super('ccw-transcript', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ccw-transcript': CcwTranscriptEvent;
  }
}
