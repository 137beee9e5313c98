/**
 * The transcript and chat log: the greeting and suggestions, customer and agent bubbles (bidi-isolated) with the
 * agent's name over each of its runs, notices, examples offered after speech that was not understood, and retry
 * of a failed turn.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Persona } from '@call-center-widget/protocol';
import type { ChatEntry } from '../types.ts';
import type { LocalizeController } from '../i18n/localize.ts';

/** What the log shows. */
export interface TranscriptView {
  readonly entries: readonly ChatEntry[];
  /** The first agent line: the site's `greeting`, else the answering persona's own. */
  readonly greeting: string;
  /** Things to ask, offered under the greeting (none once the conversation has begun). */
  readonly suggestions: readonly string[];
  /** The entry whose turn `retry()` would send again. */
  readonly retryId: number | undefined;
  readonly agentName: (persona: Persona | undefined) => string;
  readonly onRetry: () => void;
  /** A suggestion or an example was chosen: it is sent as the customer's message. */
  readonly onSuggestion: (text: string) => void;
}

/** Renders `part="transcript"`, a polite live log. */
export function renderTranscript(l: LocalizeController, v: TranscriptView): TemplateResult {
  // Each run of lines from one persona is headed by its name (read out as well, which a bare bubble is not).
  // A member of staff who writes in the chat is a speaker of their own.
  const named = new Set<number>();
  let speaker: string | undefined;
  for (const e of v.entries) {
    const who = e.role === 'agent' ? (e.staff !== undefined ? `staff:${e.staff}` : (e.persona ?? '')) : undefined;
    if (who !== undefined && (speaker === undefined || who !== speaker)) named.add(e.id);
    speaker = who ?? (e.role === 'customer' ? undefined : speaker);
  }
  // tabindex: a scrolling region must be reachable by keyboard so it can be scrolled without a mouse.
  return html`<div part="transcript" class="transcript" role="log" aria-live="polite" aria-label=${l.term('conversation')} tabindex="0">
    ${agentRow(v.agentName(undefined), v.greeting, false, l, true, true)}
    ${chips(l, v.suggestions, v.onSuggestion)}
    ${repeat(
      v.entries,
      (e) => e.id,
      (e) => renderEntry(l, v, e, named.has(e.id)),
    )}
  </div>`;
}

function renderEntry(l: LocalizeController, v: TranscriptView, e: ChatEntry, named: boolean): TemplateResult {
  if (e.role === 'notice') return html`<p part="message notice" class="row notice" dir="auto">${e.text}</p>`;
  if (e.role === 'agent') {
    return html`${agentRow(e.staff ?? v.agentName(e.persona), e.text, e.pending === true, l, named)}${chips(l, e.examples ?? [], v.onSuggestion)}`;
  }
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

function agentRow(name: string, text: string, pending: boolean, l: LocalizeController, named: boolean, greeting = false): TemplateResult {
  const typing = pending && text === '';
  const part = `message agent${pending ? ' pending' : ''}${greeting ? ' greeting' : ''}`;
  return html`<div class=${greeting ? 'row agent greeting' : 'row agent'}>
    ${named ? html`<span class="who" dir="auto">${name}</span>` : html`<span class="sr-only">${name}:</span>`}
    <p part=${part} class=${typing ? 'bubble typing' : pending ? 'bubble streaming' : 'bubble'} dir="auto">${typing ? l.term('typing') : text}</p>
  </div>`;
}

/** Buttons that send their text as the customer's message. */
function chips(l: LocalizeController, texts: readonly string[], onChoose: (text: string) => void): TemplateResult | typeof nothing {
  if (texts.length === 0) return nothing;
  return html`<div class="chips" role="group" aria-label=${l.term('suggestionsLabel')}>
    ${texts.map((text) => html`<button part="suggestion" class="chip" type="button" dir="auto" @click=${() => onChoose(text)}>${text}</button>`)}
  </div>`;
}
