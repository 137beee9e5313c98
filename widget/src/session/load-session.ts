/**
 * The one place the call module is imported at run time, lazily: it brings the panel's regions and every audio,
 * network and transport controller, which the page does not need until the customer reaches for the widget.
 * Bundlers split it into its own chunk; the script-tag build rewrites this import to a sibling file
 * (ccw-session.js), like the livekit-client loader.
 */

/** The call module. */
export type CallModule = typeof import('./call-module.ts');

/** Loads the call module. */
export function loadCallModule(): Promise<CallModule> {
  return import('./call-module.ts');
}
