/** The panel's header: heading, persona, status and call duration, and the close button. */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { LocalizeController } from '../i18n/localize.ts';
import { closeIcon } from './panel-icons.ts';

/** What the header shows. */
export interface HeaderView {
  readonly headingId: string;
  readonly title: string;
  readonly persona: string;
  readonly status: string;
  /** m:ss while a call runs or after it ended; undefined before the first call. */
  readonly duration: string | undefined;
  readonly onClose: (event: Event) => void;
}

/** Renders `part="header"`. */
export function renderHeader(l: LocalizeController, v: HeaderView): TemplateResult {
  // A div, not <header>: a <header> here would be a second banner landmark on the host page.
  return html`<div part="header" class="header">
    <div class="heading">
      <h2 id=${v.headingId} part="title" class="title" dir="auto">${v.title}</h2>
      <p class="meta">
        <span part="persona" class="persona">${v.persona}</span>
        <span class="dot" aria-hidden="true">·</span>
        <span part="status" class="status" aria-live="polite">${v.status}</span>
      </p>
    </div>
    ${v.duration === undefined
      ? nothing
      : html`<span part="duration" class="duration" role="timer" aria-label=${l.term('callDuration')} dir="ltr">${v.duration}</span>`}
    <button part="close-button" class="icon-button" type="button" aria-label=${l.term('close')} @click=${v.onClose}>${closeIcon}</button>
  </div>`;
}

/** Formats whole seconds as mm:ss (or h:mm:ss), in Latin digits in every language. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${String(mm).padStart(2, '0')}:${ss}`;
}
