/**
 * The widget's icons: tiny inline SVG (stroke paths on a 24-unit grid), decorative, so hidden from assistive tech.
 * The launcher's are here, in the first download; the panel's are in panel-icons.ts, which loads with the panel
 * (a bundler cannot drop an unused icon: its tagged template counts as a side effect).
 */
import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit/html.js';

/** Wraps stroke paths in the widget's icon frame. */
export function icon(paths: SVGTemplateResult): TemplateResult {
  return html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${paths}</svg>`;
}

/** A speech bubble (the launcher, closed). */
export const chatIcon = icon(svg`<path d="M4 5h16v11H9l-5 4z"/>`);
/** A chevron pointing down (the launcher, open). */
export const collapseIcon = icon(svg`<path d="M6 9l6 6 6-6"/>`);
/** A small crossed-out microphone (the launcher's live badge, when muted). */
export const mutedMark = html`<svg class="mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <path d="M9 9v2a3 3 0 0 0 5 2.2M15 10V5a3 3 0 0 0-6 0M5 11a7 7 0 0 0 11.5 5.3M19 11a7 7 0 0 1-.4 2.4M12 18v3M3 3l18 18"/>
</svg>`;
