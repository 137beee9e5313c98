/**
 * Styles of <call-center-widget>. Colours come from `--ccw-*` custom properties with defaults that meet WCAG AA
 * in both themes (text >= 4.5:1, UI >= 3:1; measured values in the README). Layout uses logical properties, so
 * the panel's `dir="rtl"` mirrors its content; the root itself stays left to right, and the element chooses its
 * corner (`start` is the left edge) once, so a change of language never moves the widget on the screen.
 */
import { css } from 'lit';

/**
 * Theme tokens, corner placement, base elements, the launcher, the panel's frame and its loading line. The
 * regions inside the panel are styled by render/parts.styles.ts, which loads with them.
 */
export const styles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }

  .root {
    /* Light theme defaults (text 16.6:1, muted 6.1:1, accent and its contrast 6.7:1, danger 6.6:1). */
    --_accent: var(--ccw-accent, #1d4ed8);
    --_accent-contrast: var(--ccw-accent-contrast, #ffffff);
    --_surface: var(--ccw-surface, #ffffff);
    --_text: var(--ccw-text, #1b1f24);
    --_muted: var(--ccw-muted, #59636e);
    --_danger: #b42318;
    --_danger-contrast: #ffffff;
    --_raised: color-mix(in srgb, var(--_text) 7%, var(--_surface));
    --_border: color-mix(in srgb, var(--_text) 55%, var(--_surface));
    --_radius: var(--ccw-radius, 16px);
    --_offset-x: var(--ccw-offset-x, 20px);
    --_offset-y: var(--ccw-offset-y, 20px);

    position: fixed;
    inset-block-end: var(--_offset-y);
    inset-inline-end: var(--_offset-x);
    z-index: var(--ccw-z-index, 2147483000);
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    gap: 12px;
    box-sizing: border-box;
    max-inline-size: calc(100vw - 2 * var(--_offset-x));
    font: 400 15px/1.45 var(--ccw-font, system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Arabic', sans-serif);
    color: var(--_text);
    color-scheme: light;
  }
  /* bottom-left in LTR, mirrored to bottom-right in RTL. */
  .root.start {
    inset-inline-end: auto;
    inset-inline-start: var(--_offset-x);
    align-items: flex-start;
  }
  .root.dark {
    /* Dark theme defaults (text 14.6:1, muted 7.7:1, accent on surface 8.0:1, contrast on accent 8.2:1). */
    --_accent: var(--ccw-accent, #8ab4f8);
    --_accent-contrast: var(--ccw-accent-contrast, #0b1b33);
    --_surface: var(--ccw-surface, #1b1d23);
    --_text: var(--ccw-text, #eceff4);
    --_muted: var(--ccw-muted, #a7b0bc);
    --_danger: #ffb4ab;
    --_danger-contrast: #3b0906;
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    .root.auto {
      --_accent: var(--ccw-accent, #8ab4f8);
      --_accent-contrast: var(--ccw-accent-contrast, #0b1b33);
      --_surface: var(--ccw-surface, #1b1d23);
      --_text: var(--ccw-text, #eceff4);
      --_muted: var(--ccw-muted, #a7b0bc);
      --_danger: #ffb4ab;
      --_danger-contrast: #3b0906;
      color-scheme: dark;
    }
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
  }
  :focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .icon {
    inline-size: 22px;
    block-size: 22px;
    flex: none;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  .launcher {
    display: grid;
    place-items: center;
    inline-size: 56px;
    block-size: 56px;
    border: 0;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_accent-contrast);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
  }
  .launcher .icon {
    inline-size: 26px;
    block-size: 26px;
  }
  .launcher {
    position: relative;
  }
  /* A call goes on with the panel closed: a ring that says "live", and the duration on a badge. */
  .launcher.live {
    box-shadow: 0 0 0 4px color-mix(in srgb, var(--_accent) 35%, transparent), 0 4px 16px rgb(0 0 0 / 0.25);
  }
  .live-badge {
    position: absolute;
    inset-block-start: -6px;
    inset-inline-end: -10px;
    display: inline-flex;
    align-items: center;
    gap: 2px;
    padding: 1px 6px;
    border-radius: 10px;
    background: var(--_danger);
    color: var(--_danger-contrast);
    font-size: 11px;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    line-height: 16px;
    white-space: nowrap;
  }
  .live-badge .mark {
    inline-size: 12px;
    block-size: 12px;
    fill: none;
    stroke: currentColor;
    stroke-width: 2.5;
    stroke-linecap: round;
  }

  .panel {
    display: flex;
    flex-direction: column;
    inline-size: min(var(--ccw-panel-width, 380px), calc(100vw - 2 * var(--_offset-x)));
    block-size: min(600px, calc(100vh - 56px - 12px - 2 * var(--_offset-y)));
    overflow: hidden;
    border: 1px solid color-mix(in srgb, var(--_text) 15%, transparent);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
  }
  .panel[hidden] {
    display: none;
  }
  .panel:focus {
    outline: none;
  }
  .panel:focus-visible {
    outline: 3px solid var(--_accent);
  }

  .shell {
    padding: 16px;
  }
  .shell-title {
    margin: 0;
    font-size: 16px;
    font-weight: 600;
  }
  .shell-line {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    color: var(--_muted);
  }
  .shell-line.error {
    color: var(--_danger);
  }
  .shell-retry {
    border: 0;
    background: none;
    color: var(--_accent);
    font-weight: 600;
    text-decoration: underline;
  }
  .spinner {
    inline-size: 16px;
    block-size: 16px;
    border: 2px solid var(--_muted);
    border-block-start-color: transparent;
    border-radius: 50%;
    animation: ccw-spin 0.8s linear infinite;
  }
  @keyframes ccw-spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 3s;
    }
  }
`;
