/**
 * The console's API client: same-origin requests to `/api/console`, with the session cookie the browser keeps
 * (HTTP-only: this code never sees it). A 401 means the session is over; the caller shows the sign-in again.
 */
import type { CallSummary, ConsoleCalls, ConsoleSession, ConsoleSessionState, DeskChatDetail, ErrorBody, StaffToken, Ticket, TicketKind, TicketList, TicketStatus } from '@call-center-widget/protocol';

/** A refused or failed request: the server's error code and message, and how long to wait when it said. */
export class ConsoleApiError extends Error {
  override name = 'ConsoleApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/console${path}`, {
      ...init,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    });
  } catch {
    throw new ConsoleApiError(0, 'network', 'The server cannot be reached.');
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = (body as ErrorBody | undefined)?.error;
    throw new ConsoleApiError(res.status, error?.code ?? 'bad_response', error?.message ?? `HTTP ${res.status}`, error?.retry_after_seconds);
  }
  return body as T;
}

export const consoleApi = {
  session: () => request<ConsoleSessionState>('/session'),
  signIn: (name: string, password: string) => request<ConsoleSession>('/session', { method: 'POST', body: JSON.stringify({ name, password }) }),
  signOut: () => request<{ signed_out: true }>('/session', { method: 'DELETE' }),
  calls: () => request<ConsoleCalls>('/calls'),
  join: (room: string) => request<StaffToken>(`/calls/${encodeURIComponent(room)}/join`, { method: 'POST', body: '{}' }),
  mute: (room: string, identity: string, muted: boolean) =>
    request<unknown>(`/calls/${encodeURIComponent(room)}/participants/${encodeURIComponent(identity)}/mute`, { method: 'POST', body: JSON.stringify({ muted }) }),
  remove: (room: string, identity: string) =>
    request<unknown>(`/calls/${encodeURIComponent(room)}/participants/${encodeURIComponent(identity)}`, { method: 'DELETE' }),
  end: (room: string) => request<unknown>(`/calls/${encodeURIComponent(room)}`, { method: 'DELETE' }),
  summary: (room: string, lang: 'en' | 'ar') => request<CallSummary>(`/calls/${encodeURIComponent(room)}/summary?lang=${lang}`),
  tickets: (filter: { status?: TicketStatus; kind?: TicketKind } = {}) => {
    const query = new URLSearchParams();
    if (filter.status) query.set('status', filter.status);
    if (filter.kind) query.set('kind', filter.kind);
    return request<TicketList>(`/tickets${query.size > 0 ? `?${query}` : ''}`);
  },
  chat: (id: string) => request<DeskChatDetail>(`/chats/${encodeURIComponent(id)}`),
  takeChat: (id: string) => request<DeskChatDetail>(`/chats/${encodeURIComponent(id)}/join`, { method: 'POST', body: '{}' }),
  writeInChat: (id: string, text: string) => request<DeskChatDetail>(`/chats/${encodeURIComponent(id)}/messages`, { method: 'POST', body: JSON.stringify({ text }) }),
  leaveChat: (id: string) => request<{ left: true }>(`/chats/${encodeURIComponent(id)}/leave`, { method: 'POST', body: '{}' }),
  closeTicket: (id: number, note: string) =>
    request<Ticket>(`/tickets/${id}/close`, { method: 'POST', body: JSON.stringify(note.trim() ? { note: note.trim() } : {}) }),
};
