/** The panel (a non-modal dialog holding every region) and the launcher bubble. */
import { html, nothing, type TemplateResult } from 'lit';
import type { LocalizeController } from '../i18n/localize.ts';
import type { Notice } from '../session/notices.ts';
import { renderComposer, renderControls, type ControlsView } from './controls.ts';
import { renderEqualizer } from './equalizer.ts';
import { renderHeader, type HeaderView } from './header.ts';
import { chatIcon, collapseIcon } from './icons.ts';
import { renderTranscript, type TranscriptView } from './transcript.ts';

/** Everything the panel shows. */
export interface PanelView {
  readonly open: boolean;
  readonly header: Omit<HeaderView, 'headingId'>;
  readonly equalizer: { readonly bars: readonly number[]; readonly text: string; readonly active: boolean };
  readonly transcript: TranscriptView;
  readonly notice: Notice | undefined;
  readonly onNoticeAction: () => void;
  readonly onSubmit: (event: SubmitEvent) => void;
  readonly controls: ControlsView;
}

/** Renders `part="panel"`: `role="dialog"`, non-modal, labelled by its heading, focusable for focus-on-open. */
export function renderPanel(l: LocalizeController, v: PanelView): TemplateResult {
  return html`<section
    id="panel"
    part="panel"
    class="panel"
    role="dialog"
    aria-modal="false"
    aria-labelledby="heading"
    tabindex="-1"
    dir=${l.dir()}
    lang=${l.lang()}
    ?hidden=${!v.open}
  >
    ${renderHeader(l, { ...v.header, headingId: 'heading' })}
    ${renderEqualizer(v.equalizer.bars, v.equalizer.text, v.equalizer.active)}
    ${renderTranscript(l, v.transcript)}
    <div part="notice" class="notice-line" role="status">${renderNotice(l, v.notice, v.onNoticeAction)}</div>
    ${renderComposer(l, v.onSubmit)}
    ${renderControls(l, v.controls)}
  </section>`;
}

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

function renderNotice(l: LocalizeController, notice: Notice | undefined, onAction: () => void): TemplateResult | typeof nothing {
  if (!notice) return nothing;
  return html`<p class=${notice.tone}>
    ${notice.text(l)}
    ${notice.action ? html`<button class="text-button" type="button" @click=${onAction}>${l.term('retry')}</button>` : nothing}
  </p>`;
}
