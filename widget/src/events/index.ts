/** Every `ccw-` event the widget fires: one class per file, all bubbling and composed. */
export { CcwOpenEvent, type CcwOpenDetail } from './open-event.ts';
export { CcwCloseEvent, type CcwCloseDetail } from './close-event.ts';
export { CcwCallStartEvent, type CcwCallStartDetail } from './call-start-event.ts';
export { CcwCallEndEvent, type CcwCallEndDetail } from './call-end-event.ts';
export { CcwStateEvent, type CcwStateDetail } from './state-event.ts';
export { CcwTranscriptEvent, type CcwTranscriptDetail } from './transcript-event.ts';
export { CcwMessageEvent, type CcwMessageDetail } from './message-event.ts';
export { CcwTransferEvent, type CcwTransferDetail } from './transfer-event.ts';
export { CcwLatencyEvent, type CcwLatencyDetail } from './latency-event.ts';
export { CcwErrorEvent, type CcwErrorDetail } from './error-event.ts';
export { CcwTransportEvent, type CcwTransportDetail } from './transport-event.ts';
