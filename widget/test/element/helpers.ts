/** Helpers for the element's tests: the loopback servers, a mounted widget, and shadow-DOM queries. */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { CallCenterWidget } from '../../src/call-center-widget.ts';
import '../../src/index.ts';

interface TestGlobals {
  serverUrl: string;
  /** Claims LiveKit at an address where nothing listens. */
  livekitServerUrl: string;
  /** Claims LiveKit at a host that accepts connections and never answers. */
  hangingLivekitServerUrl: string;
  /** Has no speech recognizer installed. */
  noRecognizerServerUrl: string;
}

/** The runner's servers on loopback (see web-test-runner.config.mjs). */
export const servers = (window as unknown as { CCW_TEST: TestGlobals }).CCW_TEST;

/** The worklet from source: the dev server transpiles `.ts` (the built ccw-vad-worklet.js does not exist in tests). */
export const WORKLET_URL = new URL('../../src/worklet/vad-processor.ts', import.meta.url).href;

/** An address where nothing listens: port 9 (discard) on loopback refuses connections. */
export const DEAD_SERVER = 'http://127.0.0.1:9';

/** Attributes for `mount`. */
export type Attributes = Record<string, string | boolean>;

/** Mounts a widget against the local server (or `server-url` from `attrs`), waits for its first render. */
export async function mount(attrs: Attributes = {}, options: { sameTab?: boolean } = {}): Promise<CallCenterWidget> {
  // Each test starts as a new tab (no conversation kept from an earlier test's page) unless it is the next page.
  if (!options.sameTab) sessionStorage.clear();
  const el = await fixture<CallCenterWidget>(html`<call-center-widget></call-center-widget>`);
  el.workletUrl = WORKLET_URL;
  const all: Attributes = { 'server-url': servers.serverUrl, ...attrs };
  for (const [name, value] of Object.entries(all)) {
    if (value === false) el.removeAttribute(name);
    else el.setAttribute(name, value === true ? '' : value);
  }
  await el.updateComplete;
  return el;
}

/** One element in the widget's shadow root (throws when missing, so a broken render fails loudly). */
export function part<T extends Element = HTMLElement>(el: CallCenterWidget, selector: string): T {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in the widget`);
  return found;
}

/** Every match in the widget's shadow root. */
export function parts<T extends Element = HTMLElement>(el: CallCenterWidget, selector: string): T[] {
  return [...el.shadowRoot!.querySelectorAll<T>(selector)];
}

/** The text of the notice line. */
export function noticeText(el: CallCenterWidget): string {
  return part(el, '[part="notice"]').textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Waits until the widget's log has an agent reply that is no longer streaming; returns its text. */
/** The agent's replies in the log (not the greeting). */
export const REPLIES = '.row.agent:not(.greeting) .bubble';

export async function agentReply(el: CallCenterWidget, timeout = 15_000): Promise<string> {
  const streaming = (): boolean => el.shadowRoot!.querySelector('.bubble.typing, .bubble.streaming') !== null;
  // The greeting is an agent line from the start; a reply is any agent line after it.
  await waitUntil(() => parts(el, REPLIES).length > 0 && !streaming(), 'no agent reply', { timeout });
  return parts(el, REPLIES).at(-1)!.textContent!.trim();
}

/** Collects `type` events on `document` (so they must bubble out of the shadow root and the fixture). */
export function record<K extends keyof GlobalEventHandlersEventMap>(type: K): { events: GlobalEventHandlersEventMap[K][]; stop(): void } {
  const events: GlobalEventHandlersEventMap[K][] = [];
  const listener = (e: GlobalEventHandlersEventMap[K]): void => void events.push(e);
  document.addEventListener(type, listener);
  return { events, stop: () => document.removeEventListener(type, listener) };
}

/** Presses and releases a key on an element, as the browser would dispatch it (keydown, then keyup). */
export function key(target: Element, keyName: string, type: 'keydown' | 'keyup' = 'keydown'): void {
  target.dispatchEvent(new KeyboardEvent(type, { key: keyName, bubbles: true, composed: true, cancelable: true }));
}
