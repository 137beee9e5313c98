/** The transcript and chat log: customer and agent bubbles (bidi-isolated), notices, and retry of a failed turn. */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Persona } from '@call-center-widget/protocol';
import type { ChatEntry } from '../types.ts';
import type { LocalizeController } from '../i18n/localize.ts';

/** What the log shows. */
export interface TranscriptView {
  readonly entries: readonly ChatEntry[];
  /** The site's first agent line (the `greeting` attribute), shown before everything else. */
  readonly greeting: string | undefined;
  /** The entry whose turn `retry()` would send again. */
  readonly retryId: number | undefined;
  readonly agentName: (persona: Persona | undefined) => string;
  readonly onRetry: () => void;
}

/** Renders `part="transcript"`, a polite live log. */
export function renderTranscript(l: LocalizeController, v: TranscriptView): TemplateResult {
  // tabindex: a scrolling region must be reachable by keyboard so it can be scrolled without a mouse.
  return html`<div part="transcript" class="transcript" role="log" aria-live="polite" aria-label=${l.term('conversation')} tabindex="0">
    ${v.greeting ? agentRow(v.agentName(undefined), v.greeting, false, l) : nothing}
    ${repeat(
      v.entries,
      (e) => e.id,
      (e) => renderEntry(l, v, e),
    )}
  </div>`;
}

function renderEntry(l: LocalizeController, v: TranscriptView, e: ChatEntry): TemplateResult {
  if (e.role === 'notice') return html`<p part="message notice" class="row notice" dir="auto">${e.text}</p>`;
  if (e.role === 'agent') return agentRow(v.agentName(e.persona), e.text, e.pending === true, l);
  return html`<div class=${e.failed ? 'row customer failed' : 'row customer'}>
    <span class="sr-only">${l.term('you')}:</span>
    <p part=${e.failed ? 'message customer failed' : 'message customer'} class="bubble" dir="auto">${e.text}</p>
    ${e.failed
      ? html`<p part="not-sent" class="failed-note">
          <span>${l.term('notSent')}</span>
          ${e.id === v.retryId ? html`<button part="retry-button" class="text-button" type="button" @click=${v.onRetry}>${l.term('retry')}</button>` : nothing}
        </p>`
      : nothing}
  </div>`;
}

function agentRow(name: string, text: string, pending: boolean, l: LocalizeController): TemplateResult {
  const typing = pending && text === '';
  return html`<div class="row agent">
    <span class="sr-only">${name}:</span>
    <p part=${pending ? 'message agent pending' : 'message agent'} class=${typing ? 'bubble typing' : pending ? 'bubble streaming' : 'bubble'} dir="auto">${typing ? l.term('typing') : text}</p>
  </div>`;
}
