/** The panel's regions: header, equalizer, transcript, notice line, composer and controls. */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { LocalizeController } from '../i18n/localize.ts';
import type { Notice } from '../types.ts';
import { renderComposer, renderControls, type ControlsView } from './controls.ts';
import { renderEqualizer } from './equalizer.ts';
import { renderHeader, type HeaderView } from './header.ts';
import { renderTranscript, type TranscriptView } from './transcript.ts';

/** Everything the panel shows. */
export interface PanelView {
  readonly header: Omit<HeaderView, 'headingId'>;
  readonly equalizer: { readonly bars: readonly number[]; readonly text: string; readonly active: boolean };
  readonly transcript: TranscriptView;
  readonly notice: Notice | undefined;
  readonly onNoticeAction: () => void;
  readonly onSubmit: (event: SubmitEvent) => void;
  readonly controls: ControlsView;
}

/**
 * Renders the regions inside `part="panel"` (the element renders the dialog itself, so it can be opened and
 * focused before this module has loaded).
 */
export function renderPanel(l: LocalizeController, v: PanelView): TemplateResult {
  return html`
    ${renderHeader(l, { ...v.header, headingId: 'heading' })}
    ${renderEqualizer(v.equalizer.bars, v.equalizer.text, v.equalizer.active)}
    ${renderTranscript(l, v.transcript)}
    <div part="notice" class="notice-line" role="status">${renderNotice(l, v.notice, v.onNoticeAction)}</div>
    ${renderComposer(l, v.onSubmit)}
    ${renderControls(l, v.controls)}
  `;
}

function renderNotice(l: LocalizeController, notice: Notice | undefined, onAction: () => void): TemplateResult | typeof nothing {
  if (!notice) return nothing;
  return html`<p class=${notice.tone}>
    ${notice.text(l)}
    ${notice.action ? html`<button part="retry-button" class="text-button" type="button" @click=${onAction}>${l.term('retry')}</button>` : nothing}
  </p>`;
}
