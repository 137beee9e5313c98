/** The icons of the panel's regions (see icons.ts). */
import { svg } from 'lit/html.js';
import { icon } from './icons.ts';

/** A cross (close). */
export const closeIcon = icon(svg`<path d="M6 6l12 12M18 6L6 18"/>`);
/** A telephone handset (start call). */
export const phoneIcon = icon(svg`<path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z"/>`);
/** A handset put down (end call). */
export const hangUpIcon = icon(svg`<path d="M3 14c5-5 13-5 18 0l-2.5 2.5-3-1.5v-3a12 12 0 0 0-7 0v3l-3 1.5z"/>`);
/** A microphone (push-to-talk, unmuted). */
export const micIcon = icon(svg`<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v3"/>`);
/** A microphone struck through (muted). */
export const micOffIcon = icon(svg`<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v3M3 3l18 18"/>`);
/** A paper plane (send). */
export const sendIcon = icon(svg`<path d="M4 12l16-8-6 16-2.5-6.5z"/>`);
/** A square (stop the agent's voice). */
export const stopIcon = icon(svg`<rect x="6" y="6" width="12" height="12" rx="2"/>`);
