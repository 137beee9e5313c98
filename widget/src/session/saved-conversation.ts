/**
 * The conversation a browser tab has with a server, kept in sessionStorage so the next page of the same site
 * continues it (the server still has the history; the tab keeps only the id). Per tab, as a phone call is: a new
 * tab starts afresh, and nothing outlives the tab. Storage that is off (a sandboxed frame, a strict privacy
 * mode) just means every page starts anew.
 */

const PREFIX = 'call-center-widget:conversation:';

/** The conversation this tab had with `serverUrl`, if any. */
export function savedConversation(serverUrl: string): string | undefined {
  try {
    return sessionStorage.getItem(PREFIX + serverUrl) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Remembers the conversation for this tab, or forgets it (`undefined`). */
export function saveConversation(serverUrl: string, conversationId: string | undefined): void {
  try {
    if (conversationId === undefined) sessionStorage.removeItem(PREFIX + serverUrl);
    else sessionStorage.setItem(PREFIX + serverUrl, conversationId);
  } catch {
    // Storage off or full: the conversation simply does not follow the customer to the next page.
  }
}
