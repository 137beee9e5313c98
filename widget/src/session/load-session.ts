/**
 * The one place the call session is imported at run time, lazily: it brings every audio, network and transport
 * controller, which the page does not need until the customer reaches for the widget. Bundlers split it into
 * its own chunk; the script-tag build rewrites this import to a sibling file, like the livekit-client loader.
 */

/** The call-session module. */
export type CallSessionModule = typeof import('./call-session.ts');

/** Loads the call-session module. */
export function loadCallSession(): Promise<CallSessionModule> {
  return import('./call-session.ts');
}
