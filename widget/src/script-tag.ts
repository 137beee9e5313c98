/**
 * The script-tag entry (minified IIFE with Lit inlined): `<script src="https://support.example.com/widget.js">`.
 * The default server is the origin that served this script, read from `document.currentScript` while the
 * script is still being evaluated (it is null afterwards); then the element is defined and the page's
 * pre-load queue replayed.
 */
import * as litHtml from 'lit/html.js';
import { CallCenterWidget } from './call-center-widget.ts';
import { defineCallCenterWidget } from './define.ts';
import { installHostQueue } from './host-queue.ts';

/** The origin of the script element that is evaluating this file, if it has a `src`. */
function scriptOrigin(): string | undefined {
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement) || !script.src) return undefined;
  try {
    return new URL(script.src, document.baseURI).origin;
  } catch {
    return undefined;
  }
}

// The call module beside this script (ccw-session.js) renders with this copy of lit-html instead of bundling its
// own (rollup.config.mjs, sharedLitHtml). The first widget script on the page keeps it: its element is the one
// that gets defined.
(globalThis as Record<symbol, unknown>)[Symbol.for('call-center-widget.lit-html')] ??= litHtml;
CallCenterWidget.defaultServerUrl ??= scriptOrigin();
defineCallCenterWidget();
installHostQueue();
