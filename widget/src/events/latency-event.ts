/** What `ccw-latency` carries (snake_case like the server's `timings_ms`). */
export interface CcwLatencyDetail {
  readonly speech_end_to_transcript_ms: number | undefined;
  readonly speech_end_to_first_text_ms: number | undefined;
  readonly speech_end_to_first_audio_ms: number | undefined;
  /** The server's `timings_ms` for the turn. */
  readonly server: Readonly<Record<string, number>>;
}

/** Fired once per voice turn with its timings. */
export class CcwLatencyEvent extends Event {
  /** The event's type, for `addEventListener`. */
  static readonly eventName = 'ccw-latency';
  /** Milliseconds from the end of the customer's speech, measured in the browser, and the server's own timings. */
  readonly detail: CcwLatencyDetail;

  constructor(detail: CcwLatencyDetail) {
    super('ccw-latency', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ccw-latency': CcwLatencyEvent;
  }
}
