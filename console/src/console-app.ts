/**
 * `<ccw-console>`: the staff side of the call center. Staff sign in with their own name and password, see the
 * live calls and the tickets calls recorded, read each ticket's conversation and close it in their name. English
 * or Arabic (mirrored), chosen by `?lang=`, the browser's language, or the switch in the header.
 */
import type { CallSummary, ConsoleCalls, DeskChat, Ticket, TicketStatus } from '@call-center-widget/protocol';
import type { Room } from 'livekit-client';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ConsoleApiError, consoleApi } from './api.ts';
import { CallTranscript } from './call-transcript.ts';
import { ChatDesk } from './chat-desk.ts';
import { formatDuration, formatTime, TEXTS, type ConsoleLanguage } from './i18n.ts';
import { consoleStyles } from './styles.ts';

const CALLS_EVERY_MS = 3_000;
/** Callers asking for a person are looked for often (a small query); the full ticket list less so. */
const WAITING_EVERY_MS = 2_000;
const TICKETS_EVERY_MS = 10_000;

type Filter = TicketStatus | 'all';

@customElement('ccw-console')
export class CcwConsole extends LitElement {
  static override styles = consoleStyles;

  @state() private accessor language: ConsoleLanguage = initialLanguage();
  /** Who is signed in; undefined while unknown (first load) or signed out. */
  @state() private accessor staffName: string | undefined = undefined;
  @state() private accessor checked = false;
  @state() private accessor signInError = '';
  @state() private accessor busy = false;
  @state() private accessor banner = '';
  @state() private accessor calls: ConsoleCalls | undefined = undefined;
  @state() private accessor tickets: readonly Ticket[] = [];
  @state() private accessor filter: Filter = 'open';
  /** Open requests for a person, newest first: shown above everything, with a chime when a new one comes. */
  @state() private accessor waiting: readonly Ticket[] = [];
  /** The requests already seen (no chime for them); undefined until the first list arrived. */
  private seenWaiting: Set<number> | undefined;
  private audio: AudioContext | undefined;
  /** The call this member has joined, with their microphone on or off. */
  @state() private accessor inCall: { room: string; muted: boolean } | undefined = undefined;
  @state() private accessor joining = '';
  /** Where the call stood when this member joined. */
  @state() private accessor summary: CallSummary | undefined = undefined;
  private room: Room | undefined;
  /** What the caller and the AI agent say in the call this member is in, as the agent transcribes it. */
  private readonly transcript = new CallTranscript(() => this.requestUpdate());

  private timers: number[] = [];
  /** The text chat this member holds (a conversation over HTTP whose customer asked for a person). */
  private readonly desk = new ChatDesk(
    this,
    (err) => this.failed(err),
    () => void Promise.all([this.refreshCalls(), this.refreshWaiting()]),
  );

  private get t() {
    return TEXTS[this.language];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.resume();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopPolling();
    void this.room?.disconnect();
  }

  /**
   * Joins a customer's call: a staff token in this member's name, LiveKit's client (loaded now, not before), the
   * microphone published, and every voice in the room played. The AI agent stops talking while a member is in.
   */
  private async join(roomName: string): Promise<void> {
    if (this.room) return;
    this.joining = roomName;
    this.summary = undefined;
    // Read while the call connects: where it stands is the first thing the member needs.
    void consoleApi.summary(roomName, this.language).then(
      (summary) => (this.summary = summary),
      () => undefined,
    );
    let room: Room | undefined;
    try {
      const token = await consoleApi.join(roomName);
      const lk = await import('livekit-client');
      room = new lk.Room();
      room
        .on(lk.RoomEvent.TrackSubscribed, (track) => {
          if (track.kind !== lk.Track.Kind.Audio) return;
          const element = track.attach();
          element.dataset['ccwVoice'] = '';
          this.renderRoot.appendChild(element);
        })
        .on(lk.RoomEvent.TrackUnsubscribed, (track) => track.detach().forEach((el) => el.remove()))
        .on(lk.RoomEvent.Disconnected, () => this.leftCall());
      this.transcript.listen(room);
      await room.connect(token.livekit_url, token.token);
      this.room = room;
      await room.localParticipant.setMicrophoneEnabled(true, { echoCancellation: true, noiseSuppression: true });
      this.inCall = { room: roomName, muted: false };
      // Joining answered the call's request for a person: it leaves the top now, not at the next look.
      void this.refreshWaiting();
    } catch (err) {
      // Half a join (connected, but no microphone) is no join: the room is left again.
      await room?.disconnect();
      this.room = undefined;
      this.failed(err instanceof ConsoleApiError ? err : new ConsoleApiError(0, 'join_failed', this.t.joinFailed));
    } finally {
      this.joining = '';
    }
  }

  private async leave(): Promise<void> {
    await this.room?.disconnect();
    this.leftCall();
  }

  private leftCall(): void {
    this.transcript.stop(this.room);
    this.room = undefined;
    this.inCall = undefined;
    for (const el of this.renderRoot.querySelectorAll('[data-ccw-voice]')) el.remove();
  }

  private async toggleMute(): Promise<void> {
    if (!this.room || !this.inCall) return;
    const muted = !this.inCall.muted;
    await this.room.localParticipant.setMicrophoneEnabled(!muted);
    this.inCall = { ...this.inCall, muted };
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('language')) {
      document.documentElement.lang = this.language;
      document.documentElement.dir = this.language === 'ar' ? 'rtl' : 'ltr';
    }
    // The tab's title counts the callers waiting for a person, so it shows from another tab too.
    const waiting = this.staffName ? this.waiting.length : 0;
    document.title = waiting > 0 ? `(${waiting}) ${this.t.title}` : this.t.title;
  }

  /** A session from an earlier visit carries on; otherwise the sign-in form. */
  private async resume(): Promise<void> {
    try {
      const session = await consoleApi.session();
      this.staffName = session.signed_in ? session.name : undefined;
      if (session.signed_in) this.startPolling();
    } catch {
      this.staffName = undefined;
    } finally {
      this.checked = true;
    }
  }

  private async signIn(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.busy = true;
    this.signInError = '';
    try {
      const name = (await consoleApi.signIn(String(form.get('name') ?? ''), String(form.get('password') ?? ''))).name;
      // The session lives in a Secure cookie: over plain HTTP (other than localhost) the browser drops it, and the
      // member would be signed out by the next request. Say so now instead.
      if (!(await consoleApi.session()).signed_in) {
        this.signInError = this.t.cookieRefused;
        return;
      }
      this.staffName = name;
      this.banner = '';
      this.startPolling();
    } catch (err) {
      this.signInError = this.describe(err);
    } finally {
      this.busy = false;
    }
  }

  private async signOut(): Promise<void> {
    await Promise.all([this.leave(), this.desk.leave()]);
    this.stopPolling();
    await consoleApi.signOut().catch(() => undefined);
    this.staffName = undefined;
    this.calls = undefined;
    this.tickets = [];
    this.waiting = [];
    this.seenWaiting = undefined;
  }

  private startPolling(): void {
    this.stopPolling();
    void this.refreshCalls();
    void this.refreshTickets();
    void this.refreshWaiting();
    this.timers.push(window.setInterval(() => void this.refreshCalls(), CALLS_EVERY_MS));
    this.timers.push(window.setInterval(() => void this.refreshWaiting(), WAITING_EVERY_MS));
    this.timers.push(window.setInterval(() => void this.refreshTickets(), TICKETS_EVERY_MS));
  }

  private stopPolling(): void {
    for (const id of this.timers) clearInterval(id);
    this.timers = [];
  }

  private async refreshCalls(): Promise<void> {
    try {
      this.calls = await consoleApi.calls();
      this.banner = '';
    } catch (err) {
      this.failed(err);
    }
  }

  private async refreshTickets(): Promise<void> {
    try {
      this.tickets = (await consoleApi.tickets(this.filter === 'all' ? {} : { status: this.filter })).tickets;
      this.banner = '';
    } catch (err) {
      this.failed(err);
    }
  }

  private async refreshWaiting(): Promise<void> {
    try {
      this.noteWaiting((await consoleApi.tickets({ status: 'open', kind: 'human_request' })).tickets);
    } catch (err) {
      this.failed(err);
    }
  }

  /** Shows the open requests for a person; a new one rings (once the page has been used: browsers require that). */
  private noteWaiting(waiting: readonly Ticket[]): void {
    const fresh = this.seenWaiting ? waiting.filter((t) => !this.seenWaiting!.has(t.id)) : [];
    this.seenWaiting = new Set(waiting.map((t) => t.id));
    this.waiting = waiting;
    if (fresh.length > 0) this.chime();
  }

  /** Two short tones, made here: the page's policy loads no media. */
  private chime(): void {
    try {
      this.audio ??= new AudioContext();
      void this.audio.resume();
      const start = this.audio.currentTime + 0.05;
      for (const [i, frequency] of [880, 660].entries()) {
        const tone = this.audio.createOscillator();
        const gain = this.audio.createGain();
        tone.frequency.value = frequency;
        gain.gain.setValueAtTime(0.2, start + i * 0.18);
        gain.gain.exponentialRampToValueAtTime(0.001, start + i * 0.18 + 0.16);
        tone.connect(gain).connect(this.audio.destination);
        tone.start(start + i * 0.18);
        tone.stop(start + i * 0.18 + 0.17);
      }
    } catch {
      // No audio output: the badge and the title still say it.
    }
  }

  private async closeTicket(event: SubmitEvent, id: number): Promise<void> {
    event.preventDefault();
    const note = String(new FormData(event.target as HTMLFormElement).get('note') ?? '');
    try {
      await consoleApi.closeTicket(id, note);
      await Promise.all([this.refreshTickets(), this.refreshWaiting()]);
    } catch (err) {
      this.failed(err);
    }
  }

  /** A request failed: a lost session goes back to sign-in; anything else is said in the banner. */
  private failed(err: unknown): void {
    if (err instanceof ConsoleApiError && err.status === 401) {
      this.stopPolling();
      this.staffName = undefined;
      this.signInError = this.t.sessionEnded;
      return;
    }
    this.banner = this.describe(err);
  }

  private describe(err: unknown): string {
    if (!(err instanceof ConsoleApiError)) return String(err);
    if (err.code === 'invalid_credentials') return this.t.wrongPassword;
    if (err.code === 'rate_limited') return this.t.tooMany(err.retryAfterSeconds ?? 60);
    if (err.code === 'network') return this.t.unreachable;
    return err.message;
  }

  private setFilter(filter: Filter): void {
    this.filter = filter;
    void this.refreshTickets();
  }

  private switchLanguage(): void {
    this.language = this.language === 'en' ? 'ar' : 'en';
    const url = new URL(location.href);
    url.searchParams.set('lang', this.language);
    history.replaceState(null, '', url);
  }

  override render() {
    const t = this.t;
    return html`
      <header>
        <h1>${t.title}</h1>
        <div class="tools">
          ${this.staffName ? html`<span class="who">${t.signedInAs(this.staffName)}</span>` : nothing}
          <button type="button" class="link" lang=${this.language === 'en' ? 'ar' : 'en'} @click=${this.switchLanguage}>${t.otherLanguage}</button>
          ${this.staffName ? html`<button type="button" @click=${this.signOut}>${t.signOut}</button>` : nothing}
        </div>
      </header>
      <main>${!this.checked ? nothing : this.staffName ? this.renderDesk() : this.renderSignIn()}</main>
    `;
  }

  private renderSignIn() {
    const t = this.t;
    return html`
      <form class="card sign-in" @submit=${this.signIn}>
        <h2>${t.signInTitle}</h2>
        <label>${t.name}<input name="name" autocomplete="username" required maxlength="60" /></label>
        <label>${t.password}<input name="password" type="password" autocomplete="current-password" required maxlength="200" /></label>
        <p class="error" role="alert">${this.signInError}</p>
        <button type="submit" ?disabled=${this.busy}>${this.busy ? t.signingIn : t.signIn}</button>
      </form>
    `;
  }

  private renderDesk() {
    const t = this.t;
    return html`
      ${this.banner ? html`<p class="banner" role="status">${this.banner}</p>` : nothing}
      ${this.inCall
        ? html`<section class="card in-call" aria-labelledby="in-call-title">
            <h2 id="in-call-title">${t.inCallTitle(this.inCall.room)}</h2>
            <p>${t.inCallHint}</p>
            ${this.summary
              ? html`<div class="summary-box">
                  <h3>${t.summaryTitle}</h3>
                  <p dir="auto">${this.summary.summary}</p>
                </div>`
              : nothing}
            ${this.transcript.lines.length > 0
              ? html`<ul class="transcript live" tabindex="0" aria-live="polite" aria-label=${t.liveTranscript}>
                  ${this.transcript.lines.map(
                    (line) => html`<li class=${line.final ? line.role : `${line.role} interim`}><b>${line.role === 'customer' ? (line.typed ? t.customerTyped : t.customer) : t.agent}:</b> <span dir="auto">${line.text}</span></li>`,
                  )}
                </ul>`
              : nothing}
            <div class="tools">
              <button type="button" aria-pressed=${String(this.inCall.muted)} @click=${this.toggleMute}>${this.inCall.muted ? t.unmute : t.mute}</button>
              <button type="button" @click=${this.leave}>${t.leave}</button>
            </div>
          </section>`
        : nothing}
      ${this.desk.render(t)}
      ${this.waiting.length > 0
        ? html`<section class="waiting" aria-labelledby="waiting-title">
            <h2 id="waiting-title">${t.waitingTitle} <span class="badge" aria-label=${t.waitingCount(this.waiting.length)}>${this.waiting.length}</span></h2>
            <ul class="tickets">${this.waiting.map((ticket) => this.renderTicket(ticket))}</ul>
          </section>`
        : nothing}
      <section aria-labelledby="calls-title">
        <h2 id="calls-title">${t.liveCalls}</h2>
        ${this.renderCalls()}
      </section>
      ${this.renderChats()}
      <section aria-labelledby="tickets-title">
        <div class="section-head">
          <h2 id="tickets-title">${t.tickets}</h2>
          <div class="filters" role="group" aria-label=${t.tickets}>
            ${(['open', 'closed', 'all'] as const).map(
              (f) => html`<button type="button" aria-pressed=${String(this.filter === f)} @click=${() => this.setFilter(f)}>${t.show[f]}</button>`,
            )}
          </div>
        </div>
        ${this.listed.length === 0 ? html`<p class="empty">${t.noTickets}</p>` : html`<ul class="tickets">${this.listed.map((ticket) => this.renderTicket(ticket))}</ul>`}
      </section>
    `;
  }

  /** A call operation, then the calls again; its failure goes to the banner. */
  private async act(operation: () => Promise<unknown>): Promise<void> {
    try {
      await operation();
      await this.refreshCalls();
    } catch (err) {
      this.failed(err);
    }
  }

  /** The same, after the member confirms (taking someone out or ending a call cannot be undone). */
  private confirmAct(question: string, operation: () => Promise<unknown>): Promise<void> {
    return confirm(question) ? this.act(operation) : Promise.resolve();
  }

  /** Whether LiveKit reports this call as live. */
  private isLive(roomName: string): boolean {
    return this.calls?.calls.some((c) => c.room_name === roomName) ?? false;
  }

  /** The text chat waiting for a person that `ticket` (a request for one) opened. */
  private waitingChat(ticket: Ticket): DeskChat | undefined {
    if (ticket.kind !== 'human_request' || ticket.status !== 'open' || ticket.room_name) return undefined;
    return this.calls?.chats.find((c) => c.ticket_id === ticket.id && c.state === 'waiting');
  }

  /** The tickets of the chosen filter, without the open requests for a person already shown above. */
  private get listed(): readonly Ticket[] {
    const above = new Set(this.waiting.map((t) => t.id));
    return this.tickets.filter((t) => !above.has(t.id));
  }

  private renderCalls() {
    const t = this.t;
    const calls = this.calls;
    if (!calls) return nothing;
    if (calls.calls.length === 0) return html`<p class="empty">${calls.webhooks.received === 0 ? t.noWebhooks : t.noCalls}</p>`;
    return html`
      <table>
        <thead><tr><th scope="col">${t.room}</th><th scope="col">${t.people}</th><th scope="col">${t.now}</th><th scope="col">${t.since}</th><th scope="col"><span class="visually-hidden">${t.join}</span></th></tr></thead>
        <tbody>
          ${calls.calls.map(
            (call) => html`<tr>
              <td><bdi>${call.room_name}</bdi></td>
              <td>
                ${call.participants.map(
                  (p) => html`<span class="person"
                    ><bdi>${p.name || p.identity}</bdi> (${t.kinds[p.kind] ?? p.kind})
                    ${p.kind === 'customer'
                      ? html`<button type="button" class="small" @click=${() => this.act(() => consoleApi.mute(call.room_name, p.identity, true))} aria-label=${t.muteWho(p.name || p.identity)}>${t.mute}</button>
                          <button type="button" class="small" @click=${() => this.confirmAct(t.removeConfirm, () => consoleApi.remove(call.room_name, p.identity))} aria-label=${t.removeWho(p.name || p.identity)}>${t.remove}</button>`
                      : nothing}</span
                  >`,
                )}
              </td>
              <td class=${`now ${call.state}`}>
                <span class="state">${t.callStates[call.state]}</span>
                ${call.persona ? html`<span>${[t.personas[call.persona] ?? call.persona, call.language ? (t.languages[call.language] ?? call.language) : ''].filter(Boolean).join(' · ')}</span>` : nothing}
                ${call.transcript.length > 0
                  ? html`<details>
                      <summary>${t.lastWords(call.transcript.length)}</summary>
                      <ul class="transcript">
                        ${call.transcript.map((m) => html`<li><b>${m.role === 'customer' ? t.customer : t.agent}:</b> <span dir="auto">${m.text}</span></li>`)}
                      </ul>
                    </details>`
                  : nothing}
              </td>
              <td>${formatTime(call.started_at, this.language)} <span class="lasting">${t.lasting(formatDuration(call.started_at))}</span></td>
              <td class="actions">
                ${this.joinButton(call.room_name)}
                <button type="button" class="small" @click=${() => this.confirmAct(t.endConfirm, () => consoleApi.end(call.room_name))} aria-label=${t.endCall(call.room_name)}>${t.end}</button>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    `;
  }

  /** Conversations over HTTP waiting for a person (first) or held by a member. */
  private renderChats() {
    const t = this.t;
    const chats = this.calls?.chats ?? [];
    if (chats.length === 0) return nothing;
    return html`<section aria-labelledby="chats-title">
      <h2 id="chats-title">${t.chats}</h2>
      <ul class="chats">
        ${chats.map(
          (chat) => html`<li class="card chat-row">
            <span>${chat.ticket_id !== null ? t.ticket(chat.ticket_id) : nothing}</span>
            <span>${chat.state === 'waiting' ? t.chatStates.waiting : t.chatStates.with_staff(chat.staff_name ?? '')}</span>
            <span>${t.opened(formatTime(chat.requested_at, this.language))}</span>
            ${chat.state === 'waiting' || (chat.staff_name === this.staffName && this.desk.chat === undefined) ? this.replyButton(chat) : nothing}
          </li>`,
        )}
      </ul>
    </section>`;
  }

  /** Take a waiting chat, or open again one this member holds (after a reload), while not in another. */
  private replyButton(chat: DeskChat) {
    const t = this.t;
    const label = t.replyTo(chat.ticket_id !== null ? t.ticket(chat.ticket_id) : chat.conversation_id);
    return html`<button type="button" ?disabled=${this.desk.chat !== undefined || this.desk.taking !== ''} @click=${() => this.desk.take(chat.conversation_id)} aria-label=${label}>
      ${this.desk.taking === chat.conversation_id ? t.joining : t.reply}
    </button>`;
  }

  /** Join, for a call this member is not in (while not in another). */
  private joinButton(roomName: string) {
    const t = this.t;
    if (this.inCall?.room === roomName) return html`<span>${t.joined}</span>`;
    return html`<button type="button" ?disabled=${this.inCall !== undefined || this.joining !== ''} @click=${() => this.join(roomName)} aria-label=${t.joinCall(roomName)}>
      ${this.joining === roomName ? t.joining : t.join}
    </button>`;
  }

  private renderTicket(ticket: Ticket) {
    const t = this.t;
    const titleId = `ticket-${ticket.id}`;
    return html`
      <li class="card ticket" aria-labelledby=${titleId}>
        <div class="ticket-head">
          <h3 id=${titleId}>${t.ticket(ticket.id)} · ${t.ticketKinds[ticket.kind]}</h3>
          <span class="status ${ticket.status}">${t.statuses[ticket.status]}</span>
        </div>
        <p class="summary" dir="auto">${ticket.summary}</p>
        <p class="facts">
          ${ticket.order_number ? html`<span>${t.order(ticket.order_number)}</span>` : nothing}
          ${ticket.room_name ? html`<span>${t.inCall(ticket.room_name)}</span>` : nothing}
          ${ticket.room_name && ticket.status === 'open' && this.isLive(ticket.room_name) ? this.joinButton(ticket.room_name) : nothing}
          ${this.waitingChat(ticket) ? this.replyButton(this.waitingChat(ticket)!) : nothing}
          ${ticket.contact ? html`<span>${t.contact(ticket.contact)}</span>` : nothing}
          <span>${t.opened(formatTime(ticket.created_at, this.language))}</span>
          ${ticket.closed_at ? html`<span>${t.closedBy(ticket.closed_by ?? '', formatTime(ticket.closed_at, this.language))}</span>` : nothing}
        </p>
        ${ticket.close_note ? html`<p class="note" dir="auto">${ticket.close_note}</p>` : nothing}
        <details>
          <summary>${t.conversation}</summary>
          <ol class="transcript">
            ${ticket.transcript.map((line) => html`<li class=${line.role}><b>${line.role === 'user' ? t.customer : t.agent}:</b> <span dir="auto">${line.content}</span></li>`)}
          </ol>
        </details>
        ${ticket.status === 'open'
          ? html`<form class="close" @submit=${(e: SubmitEvent) => this.closeTicket(e, ticket.id)}>
              <label>${t.note}<input name="note" maxlength="2000" /></label>
              <button type="submit">${t.close}</button>
            </form>`
          : nothing}
      </li>
    `;
  }
}

function initialLanguage(): ConsoleLanguage {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'ar' || asked === 'en') return asked;
  return navigator.language.toLowerCase().startsWith('ar') ? 'ar' : 'en';
}

declare global {
  interface HTMLElementTagNameMap {
    'ccw-console': CcwConsole;
  }
}
