/** The 20-bar equalizer: bar heights follow the live mic level (the AI agent's voice while it speaks in a LiveKit room); a text alternative for screen readers. */
import { html, type TemplateResult } from 'lit/html.js';

// At rest (no call, or muted) the bars hold a still, gentle wave: the meter waiting for a voice, not a broken rule.
const REST = Array.from({ length: 20 }, (_, i) => 0.22 + 0.18 * Math.sin((i / 19) * Math.PI) * (0.6 + 0.4 * Math.cos((i / 19) * 4 * Math.PI)));

/** Renders `part="equalizer"`; `text` changes at most about once a second (the host rate-limits it). */
export function renderEqualizer(bars: readonly number[], text: string, active: boolean): TemplateResult {
  const levels = active ? bars : REST.slice(0, bars.length);
  // A property binding sets `style.cssText` through the CSSOM, which a strict style-src CSP allows. A style=""
  // attribute would be refused (and reported), as is styleMap's first render, which writes the attribute.
  return html`<div part="equalizer" class=${active ? 'equalizer active' : 'equalizer'}>
    <div class="bars" aria-hidden="true">
      ${levels.map((v) => html`<span class="bar" .style=${`--level: ${v.toFixed(3)}`}></span>`)}
    </div>
    <span class="sr-only" aria-live="polite">${text}</span>
  </div>`;
}
