// Compiled against the emitted declarations (widget/dist/types) by `npm run build:types`, as a site's own
// TypeScript would use the package: tag-name lookups, typed events and methods must all type-check.
import { CallCenterWidget, defineCallCenterWidget, type CcwTranscriptEvent, type TurnEvent } from 'call-center-widget';

defineCallCenterWidget('acme-support');
const widget = document.querySelector('call-center-widget');
if (widget) {
  const typed: CallCenterWidget = widget;
  typed.persona = 'sales';
  typed.addEventListener('ccw-transcript', (event) => {
    const text: string = event.detail.text;
    console.log(text);
  });
  typed.addEventListener('ccw-call-start', (event) => event.preventDefault());
  document.addEventListener('ccw-error', (event) => console.log(event.detail.code, event.detail.retryable));
  void typed.sendMessage('Where is my order?');
  typed.setMuted(true);
}
export function onTranscript(event: CcwTranscriptEvent): string {
  return event.detail.language;
}
export function isDone(event: TurnEvent): boolean {
  return event.type === 'done';
}
