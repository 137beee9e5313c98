/**
 * The lazily loaded part of the widget (ccw-session.js beside the script-tag build; its own chunk for bundlers):
 * the call session with every audio, network and transport controller, the panel's regions and their styles,
 * and the whole English and Arabic translations. Only load-session.ts imports it, with a dynamic import.
 *
 * Nothing here may import Lit's element classes or the localize registry at run time: beside the script-tag
 * build this file is a separate bundle, and those must stay the single copies in the first download.
 */
import ar from '../i18n/ar.ts';
import en from '../i18n/en.ts';
import type { Translation } from '../i18n/translation.ts';

export { CallPanel } from './call-panel.ts';
export { partStyles as panelStyles } from '../render/parts.styles.ts';

/** The built-in translations, whole (the first download has only their shell's terms). */
export const translations: readonly Translation[] = [en, ar];
