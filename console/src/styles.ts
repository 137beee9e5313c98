/**
 * The console's look: the widget's palette (WCAG AA contrast in light and dark), logical properties only, so the
 * Arabic layout mirrors by itself.
 */
import { css } from 'lit';

export const consoleStyles = css`
  :host {
    --_accent: #1d4ed8;
    --_accent-contrast: #ffffff;
    --_surface: #ffffff;
    --_page: #f3f4f6;
    --_text: #1b1f24;
    --_muted: #4b5563;
    --_border: #9ca3af;
    --_danger: #b91c1c;
    --_ok: #166534;
    display: block;
    min-height: 100vh;
    background: var(--_page);
    color: var(--_text);
    font: 400 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Arabic', sans-serif;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: #8ab4f8;
      --_accent-contrast: #0b1b33;
      --_surface: #1b1d23;
      --_page: #111317;
      --_text: #eceff4;
      --_muted: #b6bec9;
      --_border: #6b7280;
      --_danger: #fca5a5;
      --_ok: #86efac;
    }
  }
  header {
    display: flex;
    flex-wrap: wrap;
    gap: 12px;
    align-items: center;
    justify-content: space-between;
    padding-block: 12px;
    padding-inline: 20px;
    background: var(--_surface);
    border-block-end: 1px solid var(--_border);
  }
  h1 {
    font-size: 1.25rem;
    margin: 0;
  }
  h2 {
    font-size: 1.1rem;
    margin-block: 0 12px;
  }
  h3 {
    font-size: 1rem;
    margin: 0;
  }
  .tools {
    display: flex;
    gap: 12px;
    align-items: center;
  }
  .who {
    color: var(--_muted);
  }
  main {
    max-width: 1000px;
    margin-inline: auto;
    padding: 20px;
    display: grid;
    gap: 24px;
  }
  button {
    font: inherit;
    padding-block: 6px;
    padding-inline: 14px;
    border-radius: 8px;
    border: 1px solid var(--_accent);
    background: var(--_accent);
    color: var(--_accent-contrast);
    cursor: pointer;
  }
  button.link,
  .filters button[aria-pressed='false'] {
    background: transparent;
    color: var(--_accent);
  }
  button:disabled {
    opacity: 0.6;
    cursor: progress;
  }
  button:focus-visible,
  input:focus-visible,
  summary:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .card {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 12px;
    padding: 16px;
  }
  .sign-in {
    max-width: 360px;
    margin-inline: auto;
    display: grid;
    gap: 12px;
  }
  label {
    display: grid;
    gap: 4px;
    font-weight: 600;
  }
  input {
    font: inherit;
    font-weight: 400;
    padding: 8px;
    border-radius: 8px;
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
  }
  .error {
    color: var(--_danger);
    margin: 0;
    min-height: 1.5em;
  }
  .banner {
    margin: 0;
    padding: 10px;
    border-radius: 8px;
    border: 1px solid var(--_danger);
    color: var(--_danger);
    background: var(--_surface);
  }
  .empty {
    color: var(--_muted);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 12px;
  }
  th,
  td {
    text-align: start;
    padding: 8px;
    border-block-end: 1px solid var(--_border);
    vertical-align: top;
  }
  .person {
    display: block;
  }
  .section-head {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    flex-wrap: wrap;
    gap: 8px;
  }
  .filters {
    display: flex;
    gap: 6px;
  }
  .tickets {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 12px;
  }
  .ticket-head {
    display: flex;
    justify-content: space-between;
    gap: 8px;
  }
  .status {
    font-weight: 600;
  }
  .status.open {
    color: var(--_ok);
  }
  .status.closed {
    color: var(--_muted);
  }
  .summary {
    margin-block: 8px;
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
    color: var(--_muted);
    margin-block: 0 8px;
  }
  .note {
    font-style: italic;
  }
  .transcript {
    padding-inline-start: 20px;
  }
  .transcript span {
    unicode-bidi: isolate;
  }
  .close {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: end;
    margin-block-start: 12px;
  }
  .close label {
    flex: 1 1 240px;
  }
  .waiting h2 {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .waiting .ticket {
    border: 2px solid var(--_danger);
  }
  button.small {
    padding-block: 2px;
    padding-inline: 8px;
    font-size: 0.85rem;
    margin-inline-start: 6px;
  }
  .actions {
    white-space: nowrap;
  }
  .in-call {
    border: 2px solid var(--_ok);
  }
  .summary-box {
    border-inline-start: 4px solid var(--_accent);
    padding-inline-start: 12px;
    margin-block-end: 12px;
  }
  .in-call p {
    margin-block: 0 12px;
  }
  .chat .transcript {
    list-style: none;
    padding-inline-start: 0;
    max-height: 16rem;
    overflow-y: auto;
    margin-block: 0 8px;
  }
  .transcript .notice {
    color: var(--_muted);
    font-style: italic;
  }
  .write {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: end;
    margin-block-end: 12px;
  }
  .write label {
    flex: 1 1 240px;
  }
  td.now span {
    display: block;
  }
  td.waiting .state {
    color: var(--_danger);
    font-weight: 600;
  }
  .transcript .interim span {
    font-style: italic;
  }
  .chats {
    list-style: none;
    padding: 0;
  }
  .chat-row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 16px;
    align-items: center;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .badge {
    display: inline-block;
    min-width: 1.6em;
    padding-inline: 6px;
    border-radius: 999px;
    background: var(--_danger);
    color: var(--_surface);
    text-align: center;
    font-size: 0.9rem;
  }
`;
