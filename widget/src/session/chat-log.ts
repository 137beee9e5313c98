/**
 * The transcript and chat log as plain data: customer, agent and notice lines, and which of them each turn
 * added, so a failed turn can take back its partial reply (the server kept nothing of it) while the customer's
 * words stay, marked as not sent. Immutable updates: every change makes a new `entries` array.
 */
import type { Persona } from '@call-center-widget/protocol';
import type { ChatEntry } from '../types.ts';

/** The lines one turn has added so far. */
export interface TurnLines {
  /** The customer's line (typed text, or the transcript once heard). */
  customer: number | undefined;
  /** The agent line still streaming in. */
  agent: number | undefined;
  /** Agent and notice lines this turn added. */
  readonly added: number[];
}

/** Everything but the id of a new line. */
export type NewEntry = Omit<ChatEntry, 'id'>;

/** An ordered log of chat entries. */
export class ChatLog {
  private list: readonly ChatEntry[] = [];
  private nextId = 1;

  /** The entries, oldest first; a new array after every change. */
  get entries(): readonly ChatEntry[] {
    return this.list;
  }

  /** The entry with this id, if it is still in the log. */
  entry(id: number | undefined): ChatEntry | undefined {
    return id === undefined ? undefined : this.list.find((e) => e.id === id);
  }

  /** Appends an entry. */
  add(fields: NewEntry): ChatEntry {
    const entry: ChatEntry = { id: this.nextId++, ...fields };
    this.list = [...this.list, entry];
    return entry;
  }

  /** Starts the lines of a turn; `customer` is the line of a typed message or of a retried turn. */
  begin(customer: number | undefined): TurnLines {
    if (customer !== undefined) this.patch(customer, { failed: false });
    return { customer, agent: undefined, added: [] };
  }

  /** The customer's words as heard: fills the turn's customer line, or adds it. */
  heard(turn: TurnLines, text: string, language: string): ChatEntry {
    const fields = { role: 'customer', text, language, failed: false } as const;
    if (this.entry(turn.customer)) this.patch(turn.customer!, fields);
    else turn.customer = this.add(fields).id;
    return this.entry(turn.customer)!;
  }

  /**
   * More of the reply from `persona`: appended to the streaming line when the same persona speaks on, else a
   * new line (the previous one finished and returned).
   */
  reply(turn: TurnLines, persona: Persona, text: string): ChatEntry | undefined {
    const agent = this.entry(turn.agent);
    if (agent && agent.persona === persona) {
      this.patch(agent.id, { text: agent.text + text });
      return undefined;
    }
    const finished = this.finish(turn);
    this.startAgent(turn, persona, text);
    return finished;
  }

  /** A transfer: the streaming line finishes (returned), a notice is added, and the next persona's line begins. */
  transfer(turn: TurnLines, notice: NewEntry, to: Persona): ChatEntry | undefined {
    const finished = this.finish(turn);
    turn.added.push(this.add(notice).id);
    this.startAgent(turn, to, '');
    return finished;
  }

  /** Ends the streaming agent line: returned when it has text, removed when it is empty. */
  finish(turn: TurnLines): ChatEntry | undefined {
    const agent = this.entry(turn.agent);
    turn.agent = undefined;
    if (!agent) return undefined;
    const text = agent.text.trim();
    if (text === '') {
      this.list = this.list.filter((e) => e.id !== agent.id);
      return undefined;
    }
    this.patch(agent.id, { text, pending: false });
    return this.entry(agent.id);
  }

  /** A failed turn: its agent and notice lines go, its customer line stays, marked as not sent. */
  fail(turn: TurnLines): void {
    const added = new Set(turn.added);
    this.list = this.list.filter((e) => !added.has(e.id));
    turn.agent = undefined;
    if (turn.customer !== undefined) this.patch(turn.customer, { failed: true });
  }

  /** Ends the streaming look of an interrupted turn's lines; empty placeholders go. */
  settle(): void {
    if (!this.list.some((e) => e.pending)) return;
    this.list = this.list
      .filter((e) => !(e.pending && e.text.trim() === ''))
      .map((e) => (e.pending ? { ...e, text: e.text.trim(), pending: false } : e));
  }

  /** Changes fields of one line (lines fed by the room rather than by turns). */
  update(id: number, fields: Partial<NewEntry>): ChatEntry | undefined {
    this.patch(id, fields);
    return this.entry(id);
  }

  /** Empties the log. */
  clear(): void {
    this.list = [];
  }

  private startAgent(turn: TurnLines, persona: Persona, text: string): void {
    turn.agent = this.add({ role: 'agent', text, persona, pending: true }).id;
    turn.added.push(turn.agent);
  }

  private patch(id: number, fields: Partial<NewEntry>): void {
    this.list = this.list.map((e) => (e.id === id ? { ...e, ...fields } : e));
  }
}
