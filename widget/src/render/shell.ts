/**
 * What the element renders itself, in the first download: the launcher bubble, and the panel's heading with a
 * loading or failure line until the call module (the panel's regions, session/call-module.ts) has loaded.
 */
import { html, type TemplateResult } from 'lit/html.js';
import type { LocalizeController } from '../i18n/localize.ts';
import { chatIcon, collapseIcon } from './icons.ts';

/** Renders `part="launcher"`, the round button that opens and closes the panel; `onHint` on hover and focus. */
export function renderLauncher(l: LocalizeController, open: boolean, onClick: () => void, onHint: () => void): TemplateResult {
  return html`<button
    part="launcher"
    class="launcher"
    type="button"
    aria-label=${l.term('openChat')}
    aria-expanded=${open ? 'true' : 'false'}
    aria-controls="panel"
    @click=${onClick}
    @pointerenter=${onHint}
    @focus=${onHint}
  >
    ${open ? collapseIcon : chatIcon}
  </button>`;
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
