/**
 * The text desk in the console: a member takes a conversation held over HTTP whose customer asked for a person,
 * reads what was said with the AI, writes to the customer, and leaves it (the AI answers again). The chat is read
 * again every second while it is open, so the customer's messages appear as they come.
 */
import type { DeskChatDetail } from '@call-center-widget/protocol';
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { consoleApi } from './api.ts';
import type { ConsoleTexts } from './i18n.ts';

const READ_EVERY_MS = 1_000;

export class ChatDesk implements ReactiveController {
  /** The chat this member holds, as last read. */
  chat: DeskChatDetail | undefined;
  /** A chat being taken (its conversation id). */
  taking = '';
  private timer: number | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** A request failed (the console shows it, or asks to sign in again). */
    private readonly failed: (err: unknown) => void,
    /** The chat was left or taken: the console lists chats and requests again. */
    private readonly changed: () => void,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stopReading();
  }

  /** Takes the chat of `conversationId`: the customer reads that this member joined. */
  async take(conversationId: string): Promise<void> {
    if (this.chat || this.taking) return;
    this.taking = conversationId;
    this.host.requestUpdate();
    try {
      this.chat = await consoleApi.takeChat(conversationId);
      this.timer = window.setInterval(() => void this.read(), READ_EVERY_MS);
      this.changed();
    } catch (err) {
      this.failed(err);
    } finally {
      this.taking = '';
      this.host.requestUpdate();
    }
  }

  async write(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const text = String(new FormData(form).get('text') ?? '').trim();
    if (!this.chat || text === '') return;
    try {
      this.chat = await consoleApi.writeInChat(this.chat.conversation_id, text);
      form.reset();
      this.host.requestUpdate();
    } catch (err) {
      this.failed(err);
    }
  }

  async leave(): Promise<void> {
    const chat = this.chat;
    if (!chat) return;
    this.stopReading();
    this.chat = undefined;
    this.host.requestUpdate();
    await consoleApi.leaveChat(chat.conversation_id).catch((err: unknown) => this.failed(err));
    this.changed();
  }

  private async read(): Promise<void> {
    const id = this.chat?.conversation_id;
    if (!id) return;
    try {
      const chat = await consoleApi.chat(id);
      if (this.chat?.conversation_id === id) this.chat = chat;
    } catch (err) {
      // Gone (expired, or the server restarted): nothing more to hold.
      this.stopReading();
      this.chat = undefined;
      this.failed(err);
    }
    this.host.requestUpdate();
  }

  private stopReading(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The open chat: what was said with the AI, the lines since, a box to write in, and Leave. */
  render(t: ConsoleTexts) {
    const chat = this.chat;
    if (!chat) return nothing;
    return html`<section class="card in-call chat" aria-labelledby="chat-title">
      <h2 id="chat-title">${t.chatTitle}</h2>
      <p>${t.chatHint}</p>
      <ul class="transcript" tabindex="0" aria-label=${t.conversation}>
        ${chat.before.map((m) => html`<li class=${m.role === 'customer' ? 'user' : 'assistant'}><b>${m.role === 'customer' ? t.customer : t.agent}:</b> <span dir="auto">${m.text}</span></li>`)}
      </ul>
      <ul class="transcript live" tabindex="0" aria-live="polite" aria-label=${t.chatLines}>
        ${chat.lines.map((line) =>
          line.from === 'customer' || line.from === 'staff'
            ? html`<li class=${line.from === 'customer' ? 'user' : 'staff'}><b>${line.from === 'customer' ? t.customer : html`<bdi>${line.name}</bdi>`}:</b> <span dir="auto">${line.text}</span></li>`
            : html`<li class="notice" dir="auto">${line.text}</li>`,
        )}
      </ul>
      <form class="write" @submit=${(e: SubmitEvent) => this.write(e)}>
        <label>${t.writeLabel}<input name="text" maxlength="2000" required autocomplete="off" /></label>
        <button type="submit">${t.send}</button>
      </form>
      <div class="tools"><button type="button" @click=${() => this.leave()}>${t.leaveChat}</button></div>
    </section>`;
  }
}
