/** The call controls (start/end, mute, push-to-talk) and the message composer. */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { LocalizeController } from '../i18n/localize.ts';
import { hangUpIcon, micIcon, micOffIcon, phoneIcon, sendIcon, stopIcon } from './panel-icons.ts';

/** What the controls show and whom they call. */
export interface ControlsView {
  readonly inCall: boolean;
  /** A call can be started here (the server recognizes speech in the panel's language). */
  readonly canCall: boolean;
  readonly muted: boolean;
  /** Show the push-to-talk button and what to do with it (in a call with `push-to-talk`). */
  readonly pushToTalk: boolean;
  readonly talking: boolean;
  /** The agent's voice is playing: offer to stop it. */
  readonly speaking: boolean;
  readonly onCall: () => void;
  readonly onMute: () => void;
  /** Every pointer, key and focus event of the push-to-talk button; `talkAction` says what each one means. */
  readonly onTalk: (event: Event) => void;
  readonly onStop: () => void;
}

/** Renders `part="controls"`: every control on one line of its own (labels never wrap). */
export function renderControls(l: LocalizeController, v: ControlsView): TemplateResult {
  return html`<div part="controls" class="controls" role="group" aria-label=${l.term('callControls')}>
    ${v.pushToTalk
      ? html`<button
            part="talk-button"
            class=${v.talking ? 'talk talking' : 'talk'}
            type="button"
            aria-describedby="talk-hint"
            @pointerdown=${v.onTalk}
            @pointerup=${v.onTalk}
            @pointercancel=${v.onTalk}
            @keydown=${v.onTalk}
            @keyup=${v.onTalk}
            @blur=${v.onTalk}
            @contextmenu=${(e: Event) => e.preventDefault()}
          >
            ${micIcon}<span>${v.talking ? l.term('talking') : l.term('holdToTalk')}</span>
          </button>
          <p id="talk-hint" part="talk-hint" class="talk-hint">${l.term('holdToTalkHint')}</p>`
      : nothing}
    ${v.speaking
      ? html`<button part="stop-button" class="pill" type="button" @click=${v.onStop}>${stopIcon}<span>${l.term('stopSpeaking')}</span></button>`
      : nothing}
    ${v.inCall
      ? // A toggle keeps its name; aria-pressed (and the struck-through microphone) says it is on.
        html`<button part="mute-button" class="pill toggle" type="button" aria-pressed=${v.muted ? 'true' : 'false'} @click=${v.onMute}>
          ${v.muted ? micOffIcon : micIcon}<span>${l.term('mute')}</span>
        </button>`
      : nothing}
    ${v.inCall || v.canCall
      ? html`<button part="call-button" class=${v.inCall ? 'call end' : 'call start'} type="button" @click=${v.onCall}>
          ${v.inCall ? hangUpIcon : phoneIcon}<span>${v.inCall ? l.term('endCall') : l.term('startCall')}</span>
        </button>`
      : nothing}
  </div>`;
}

/**
 * What an event on the push-to-talk button means: press-and-hold by pointer (mouse, touch, pen) or by Space or
 * Enter held down; release on pointer up or cancel, key up, or focus leaving the button.
 */
export function talkAction(event: Event): 'press' | 'release' | undefined {
  if (event instanceof KeyboardEvent) {
    if (event.key !== ' ' && event.key !== 'Enter') return undefined;
    // Held keys repeat keydown, and the button must not also "click" on keyup.
    event.preventDefault();
    if (event.type === 'keyup') return 'release';
    return event.repeat ? undefined : 'press';
  }
  if (event.type !== 'pointerdown') return 'release';
  const pointer = event as PointerEvent;
  if (pointer.button !== 0) return undefined;
  // Keeps pointerup on this button even when the finger slides off while talking.
  (pointer.currentTarget as HTMLElement | null)?.setPointerCapture?.(pointer.pointerId);
  return 'press';
}

/** Renders `part="composer"`: a labelled text input and Send. */
export function renderComposer(l: LocalizeController, onSubmit: (event: SubmitEvent) => void): TemplateResult {
  return html`<form part="composer" class="composer" @submit=${onSubmit}>
    <input
      part="input"
      class="message"
      name="message"
      type="text"
      autocomplete="off"
      enterkeyhint="send"
      dir="auto"
      aria-label=${l.term('message')}
      placeholder=${l.term('messagePlaceholder')}
    />
    <button part="send-button" class="icon-button send" type="submit" aria-label=${l.term('send')}>${sendIcon}</button>
  </form>`;
}
