/**
 * The pre-load queue: a page may call the widget before its script has loaded, in the manner of analytics
 * snippets:
 *
 *   window.CallCenterWidget = window.CallCenterWidget || [];
 *   CallCenterWidget.push(['open']);                 // a method name and its arguments
 *   CallCenterWidget.push((widget) => widget.startCall());
 *
 * Once the script runs, `installHostQueue()` replaces the array with an object whose `push` runs commands on the
 * first connected widget (or keeps them until one connects), and replays what was queued.
 */

/** The methods a queued command may name. */
export type HostMethod = 'open' | 'close' | 'startCall' | 'endCall' | 'sendMessage' | 'setMuted';

/** What a queued command can do with the widget. */
export interface HostWidget {
  open(): void;
  close(): void;
  startCall(): Promise<void>;
  endCall(): void;
  sendMessage(text: string): Promise<void>;
  setMuted(muted: boolean): void;
}

/** One queued command: `[method, ...args]` or a function that receives the widget. */
export type HostCommand = readonly [HostMethod, ...unknown[]] | ((widget: HostWidget) => unknown);

/** What `window.CallCenterWidget` is once the widget script has loaded. */
export interface HostQueue {
  /** Runs the commands on the first connected widget now, or as soon as one connects. Returns how many still wait. */
  push(...commands: HostCommand[]): number;
}

declare global {
  interface Window {
    /** The pre-load queue (an array the page creates) or, once loaded, the live queue. */
    CallCenterWidget?: HostCommand[] | HostQueue;
  }
}

const MARK = Symbol.for('call-center-widget.host-queue');
const METHODS: readonly HostMethod[] = ['open', 'close', 'startCall', 'endCall', 'sendMessage', 'setMuted'];
const widgets: HostWidget[] = [];
const waiting: HostCommand[] = [];

/** The element calls this once it has rendered in a document; queued commands run on the first widget. */
export function widgetConnected(widget: HostWidget): void {
  if (!widgets.includes(widget)) widgets.push(widget);
  drain();
}

/** The element calls this when it leaves the document. */
export function widgetDisconnected(widget: HostWidget): void {
  const i = widgets.indexOf(widget);
  if (i >= 0) widgets.splice(i, 1);
}

/** Takes over `window.CallCenterWidget`, replaying what the page queued before the script loaded. Idempotent. */
export function installHostQueue(target: Window = window): HostQueue {
  // unknown: a queue array also looks like a HostQueue to the type checker (both have push).
  const existing: unknown = target.CallCenterWidget;
  if (isHostQueue(existing)) return existing;
  const queue: HostQueue & { [MARK]: true } = {
    [MARK]: true,
    push(...commands: HostCommand[]): number {
      waiting.push(...commands);
      drain();
      return waiting.length;
    },
  };
  target.CallCenterWidget = queue;
  if (Array.isArray(existing)) queue.push(...(existing as HostCommand[]));
  return queue;
}

function isHostQueue(value: unknown): value is HostQueue {
  return typeof value === 'object' && value !== null && MARK in value;
}

function drain(): void {
  const widget = widgets[0];
  if (!widget) return;
  for (const command of waiting.splice(0)) run(widget, command);
}

function run(widget: HostWidget, command: HostCommand): void {
  try {
    if (typeof command === 'function') {
      void Promise.resolve(command(widget)).catch(report);
      return;
    }
    // The page wrote this array before any types existed: check it is one.
    const [method, ...args] = Array.isArray(command) ? (command as readonly unknown[]) : [];
    if (!METHODS.includes(method as HostMethod)) {
      console.warn(`call-center-widget: ignoring unknown queued command ${JSON.stringify(method)}`);
      return;
    }
    const fn = widget[method as HostMethod] as (...a: unknown[]) => unknown;
    void Promise.resolve(fn.apply(widget, args)).catch(report);
  } catch (err) {
    report(err);
  }
}

// A page's own callback failing must not stop the commands queued after it.
function report(err: unknown): void {
  console.error('call-center-widget: a queued command failed', err);
}
