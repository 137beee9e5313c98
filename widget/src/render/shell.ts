/**
 * What the element renders itself, in the first download: the launcher bubble, and the panel's heading with a
 * loading or failure line until the call module (the panel's regions, session/call-module.ts) has loaded.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { LocalizeController } from '../i18n/localize.ts';
import { chatIcon, collapseIcon, mutedMark } from './icons.ts';

/** A call that goes on while the panel is closed: the launcher shows it. */
export interface LiveCall {
  readonly seconds: number;
  readonly muted: boolean;
}

/**
 * Renders `part="launcher"`, the round button that opens and closes the panel (`onHint` on hover and focus), and
 * with the panel closed during a call, `part="live-badge"` with the duration and the microphone's state.
 */
export function renderLauncher(l: LocalizeController, open: boolean, onClick: () => void, onHint: () => void, live?: LiveCall): TemplateResult {
  const badge = live && !open;
  const time = badge ? clock(live.seconds) : '';
  // The label says it all for a screen reader; the badge is its visible form.
  const label = badge ? l.term('callInProgress', time, live.muted) : l.term('openChat');
  return html`<button
    part="launcher"
    class=${badge ? 'launcher live' : 'launcher'}
    type="button"
    aria-label=${label}
    aria-expanded=${open ? 'true' : 'false'}
    aria-controls="panel"
    @click=${onClick}
    @pointerenter=${onHint}
    @focus=${onHint}
  >
    ${open ? collapseIcon : chatIcon}
    ${badge ? html`<span part="live-badge" class="live-badge" dir="ltr" aria-hidden="true">${live.muted ? mutedMark : nothing}${time}</span>` : nothing}
  </button>
  ${badge ? html`<span class="sr-only live-note" role="status">${l.term('callContinues')}</span>` : nothing}`;
}

/** m:ss (h:mm:ss past an hour), in Latin digits in every language. */
function clock(total: number): string {
  const s = Math.max(0, Math.floor(total));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}` : `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

/**
 * The panel's contents while the call module downloads: its heading (which labels the dialog) and a status
 * line, or, when the download failed, the unreachable-server message with a retry.
 */
export function renderShell(l: LocalizeController, title: string, failed: boolean, onRetry: () => void): TemplateResult {
  return html`<div class="shell">
    <h2 id="heading" part="title" class="shell-title" dir="auto">${title}</h2>
    <p class=${failed ? 'shell-line error' : 'shell-line'} role="status">
      ${failed
        ? html`${l.term('serverUnreachable')} <button class="shell-retry" type="button" @click=${onRetry}>${l.term('retry')}</button>`
        : html`<span class="spinner" aria-hidden="true"></span>${l.term('loading')}`}
    </p>
  </div>`;
}
