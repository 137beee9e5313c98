/**
 * The only place livekit-client is imported. The script-tag build rewrites this dynamic import to a sibling
 * file, so the ~150 KB library is fetched only when a call starts and the server says LiveKit is on.
 */

/** The livekit-client module, as `loadLiveKit()` resolves it. */
export type LiveKitModule = typeof import('livekit-client');

/** Loads livekit-client on demand. */
export function loadLiveKit(): Promise<typeof import('livekit-client')> {
  return import('livekit-client');
}
