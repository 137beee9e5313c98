/**
 * The shape every language's persona script fills in: the keywords it understands and what each persona says.
 * Replies are functions of the remembered facts so one script serves every conversation.
 */
import type { Persona } from '../types.ts';
import type { PlanId } from './plan-catalogue.ts';
import type { Issue, Lexicon, RecallSubject } from './persona-understanding.ts';

/** What a reply may mention; everything here was said by the customer or comes from the catalogue. */
export interface ReplyContext {
  readonly name?: string;
  readonly order?: string;
  readonly plan?: PlanId;
  /** The phone number or email address of the callback ticket already recorded in this conversation. */
  readonly callback?: string;
  /** Picks among phrasings; derived from the history length so replies stay deterministic. */
  readonly variant: number;
}

/** A resolution the customer can ask for; the offline agent can only note it and say how to ask our team. */
export type Resolution = 'refund' | 'escalation';

/**
 * Every sentence the local engine can say in one language. Each string ends with . ! ? or ؟. The offline
 * agent acts on no order system, so no reply may claim a refund, an escalation, a sign-up or a person joining:
 * it records a ticket for the team (a `ticket` step; the server writes it and says its number, or that it could
 * not, before `done` is spoken) and says what happens next.
 */
export interface Replies {
  /** First words of a persona that has just taken over the conversation. */
  readonly intro: Readonly<Record<Persona, string>>;
  /** Said by the current persona right before a transfer to the given one. */
  readonly transferTo: Readonly<Record<Persona, string>>;
  /** Short sympathy before a transfer caused by a complaint. */
  readonly sorry: string;
  /** First words to a request for a person, before the server records it as a ticket and says so. */
  readonly handoffAck: string;
  /**
   * Said after the ticket and whether someone can join, which the server says (offering a callback when nobody
   * can: services/tickets.ts), so this does not offer one again: what the customer can do meanwhile.
   */
  readonly handoff: (c: ReplyContext) => string;
  /** A request to be called back: the words around the `callback` ticket the server records. */
  readonly callback: {
    /** Asks how to reach the customer, when they asked for a callback without saying. */
    readonly ask: string;
    /** Right after `ask`, when the answer held no phone number or email address. */
    readonly notHeard: string;
    /** Before the ticket. */
    readonly ack: string;
    /** After the server announced the ticket. */
    readonly done: (contact: string) => string;
    /** A callback ticket is already recorded at `recorded`; `given` is a different contact said now. */
    readonly already: (recorded: string, given?: string) => string;
  };
  /** Answers "what was my order number / name / plan again" from the conversation's memory. */
  readonly recall: (subject: RecallSubject, c: ReplyContext) => string;
  readonly goodbye: (c: ReplyContext) => string;
  readonly thanks: string;
  readonly hello: (c: ReplyContext) => string;
  readonly niceToMeet: (name: string) => string;
  /** Apologies for not understanding, chosen by `variant`. */
  readonly notUnderstood: readonly string[];
  readonly anythingElse: string;

  readonly reception: {
    readonly welcome: (c: ReplyContext) => string;
    readonly help: string;
    readonly howHelp: string;
    readonly affirm: string;
    readonly deny: string;
  };

  readonly sales: {
    readonly overview: string;
    readonly planDetails: (plan: PlanId) => string;
    readonly askChoose: (plan: PlanId) => string;
    readonly chosen: (plan: PlanId) => string;
    readonly compare: string;
    readonly upgrade: string;
    readonly askWhich: string;
    readonly declined: string;
    readonly help: string;
  };

  readonly complaints: {
    readonly empathy: Readonly<Record<Issue, string>>;
    readonly askOrder: string;
    readonly orderNoted: (order: string) => string;
    readonly askIssue: string;
    /** Without an order: right after the order was acknowledged, so it is not repeated. */
    readonly offer: (order?: string) => string;
    /** Said after the server announced the ticket it recorded for `resolution`. */
    readonly done: (resolution: Resolution, order: string) => string;
    readonly alreadyDone: (resolution: Resolution, order: string) => string;
    readonly needOrder: (resolution: Resolution) => string;
    readonly askChoice: string;
    readonly orderNotHeard: string;
    readonly noOrder: string;
    readonly help: string;
  };
}

/** One language's script. */
export interface PersonaScript {
  readonly lexicon: Lexicon;
  readonly replies: Replies;
  /** 2-3 short requests that work offline, shown when a message or recording was not understood. */
  readonly examples: readonly string[];
}
