/** Registration of the element under its default tag or another one (ElevenLabs/Shoelace style guarded define). */
import { CallCenterWidget } from './call-center-widget.ts';

/** The tag `index.ts` and the script-tag build register. */
export const DEFAULT_TAG = 'call-center-widget';

let baseClassUsed = false;

/**
 * Defines the widget as `tag` unless that tag is already defined (a second copy of the script, a framework
 * that registered it first), and returns the class registered for it. A constructor can be registered under
 * only one name, so any tag after the first gets its own subclass.
 */
export function defineCallCenterWidget(tag: string = DEFAULT_TAG): CustomElementConstructor {
  const existing = customElements.get(tag);
  if (existing) return existing;
  const ctor = baseClassUsed ? class extends CallCenterWidget {} : CallCenterWidget;
  customElements.define(tag, ctor);
  baseClassUsed = true;
  return ctor;
}
