/**
 * Styles of the panel's regions: header, equalizer, transcript, notice line, composer and controls. They load
 * with the call module, so they are a plain string (no Lit in that file's imports) that the element adopts as a
 * constructed stylesheet beside its own (a strict style-src CSP allows those).
 */

// Tags the template for editors' CSS highlighting; the result is the text as written.
const css = String.raw;

/** The regions inside the panel (the theme tokens `--_*` are set on `.root`). */
export const partStyles = css`
  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  [dir='rtl'] .send .icon {
    transform: scaleX(-1);
  }

  .header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding-block: 12px;
    padding-inline: 16px 8px;
    border-block-end: 1px solid var(--_raised);
  }
  .heading {
    flex: 1;
    min-inline-size: 0;
  }
  .title {
    margin: 0;
    font-size: 16px;
    font-weight: 600;
    unicode-bidi: isolate;
  }
  .meta {
    margin: 0;
    color: var(--_muted);
    font-size: 13px;
  }
  .dot {
    margin-inline: 4px;
  }
  .duration {
    color: var(--_muted);
    font-size: 13px;
    font-variant-numeric: tabular-nums;
  }
  .icon-button {
    display: grid;
    place-items: center;
    inline-size: 40px;
    block-size: 40px;
    border: 0;
    border-radius: 50%;
    background: transparent;
  }
  .icon-button:hover {
    background: var(--_raised);
  }
  .toggle[aria-pressed='true'] {
    background: var(--_text);
    color: var(--_surface);
  }

  .equalizer {
    padding-block: 8px;
    padding-inline: 16px;
  }
  .bars {
    display: flex;
    align-items: center;
    gap: 3px;
    block-size: 32px;
  }
  .bar {
    flex: 1;
    block-size: 100%;
    border-radius: 3px;
    background: var(--_accent);
    transform: scaleY(max(0.1, var(--level, 0)));
    transition: transform 90ms linear;
  }
  /* At rest, outside a call or muted: the still wave equalizer.ts draws, faint. */
  .equalizer:not(.active) .bar {
    opacity: 0.3;
  }

  .transcript {
    flex: 1;
    display: flex;
    flex-direction: column;
    gap: 8px;
    overflow-y: auto;
    padding: 12px 16px;
    overscroll-behavior: contain;
  }
  .row {
    display: flex;
    flex-direction: column;
    max-inline-size: 85%;
    margin: 0;
  }
  .row.customer {
    align-self: flex-end;
    align-items: flex-end;
  }
  .row.agent {
    align-self: flex-start;
    align-items: flex-start;
  }
  .who {
    margin-block-end: 2px;
    margin-inline-start: 4px;
    color: var(--_muted);
    font-size: 12px;
    font-weight: 600;
    unicode-bidi: isolate;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .chip {
    padding-block: 6px;
    padding-inline: 12px;
    border: 1px solid var(--_accent);
    border-radius: 16px;
    background: var(--_surface);
    color: var(--_accent);
    font-size: 14px;
    text-align: start;
  }
  .chip:hover {
    background: var(--_raised);
  }
  .bubble {
    margin: 0;
    padding-block: 8px;
    padding-inline: 12px;
    border-radius: 14px;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  .customer .bubble {
    background: var(--_accent);
    color: var(--_accent-contrast);
    border-end-end-radius: 4px;
  }
  .agent .bubble {
    background: var(--_raised);
    border-end-start-radius: 4px;
  }
  .bubble.typing {
    color: var(--_muted);
    font-style: italic;
  }
  .notice {
    align-self: center;
    max-inline-size: 100%;
    color: var(--_muted);
    font-size: 13px;
    text-align: center;
    unicode-bidi: isolate;
  }
  .failed-note {
    display: flex;
    gap: 8px;
    align-items: baseline;
    margin: 4px 0 0;
    color: var(--_danger);
    font-size: 13px;
  }
  .text-button {
    padding: 2px 4px;
    border: 0;
    background: none;
    color: var(--_accent);
    font-weight: 600;
    text-decoration: underline;
  }

  .notice-line {
    padding-inline: 16px;
    font-size: 13px;
  }
  .notice-line:empty {
    display: none;
  }
  .notice-line p {
    margin: 0;
    padding-block: 8px;
  }
  .notice-line .error {
    color: var(--_danger);
  }

  .composer {
    display: flex;
    gap: 8px;
    padding-block: 8px;
    padding-inline: 16px 8px;
    border-block-start: 1px solid var(--_raised);
  }
  .message {
    flex: 1;
    min-inline-size: 0;
    padding-block: 8px;
    padding-inline: 12px;
    border: 1px solid var(--_border);
    border-radius: 20px;
    background: var(--_surface);
  }
  .message::placeholder {
    color: var(--_muted);
    opacity: 1;
  }

  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    justify-content: flex-end;
    padding-block: 0 12px;
    padding-inline: 16px;
  }
  /* Every control keeps its label on one line; a row that is too narrow moves a whole control to the next. */
  .call,
  .talk,
  .pill {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-block-size: 40px;
    padding-inline: 14px;
    border: 0;
    border-radius: 20px;
    font-weight: 600;
    white-space: nowrap;
  }
  .pill {
    border: 1px solid var(--_border);
    background: var(--_surface);
  }
  .pill:hover {
    background: var(--_raised);
  }
  .call.start,
  .talk {
    background: var(--_accent);
    color: var(--_accent-contrast);
  }
  .call.end {
    background: var(--_danger);
    color: var(--_danger-contrast);
  }
  .talk {
    flex: 1 1 100%;
    touch-action: none;
    user-select: none;
    -webkit-user-select: none;
  }
  .talk-hint {
    flex: 1 1 100%;
    order: 1;
    margin: 0;
    color: var(--_muted);
    font-size: 13px;
    text-align: center;
  }
  .talk.talking {
    background: var(--_text);
    color: var(--_surface);
  }

  @media (prefers-reduced-motion: reduce) {
    /* The bars still show the level; they just do not animate between frames. */
    .bar {
      transition: none;
    }
  }
`;
