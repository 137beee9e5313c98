/**
 * The local persona engine: a deterministic state machine per persona (reception, sales, complaints) that
 * understands English and Arabic keywords, remembers what the customer said (order number, plan, name) in the
 * conversation memory and says it back on request, transfers between personas, marks a request for a person (a
 * handoff step) without promising one, and offers a callback, recorded as a ticket once the customer says a phone
 * number or an email address. Same input, same output.
 */
import type { ChatRequest, ConversationMemory, Language, Persona } from '../types.ts';
import { ctx, HANDLERS, helpOf, joined, MEMORY_KEYS as K, type Outcome, type Turn } from './persona-flows.ts';
import { SCRIPT_AR } from './persona-script-ar.ts';
import { CUSTOMER_PHRASES_EN, SCRIPT_EN } from './persona-script-en.ts';
import type { PersonaScript, Resolution } from './persona-script.ts';
import { compileLexicons, understand, type Expecting, type Understanding } from './persona-understanding.ts';
import { CORPUS_KEY, domainCorpus } from './speech-corpus.ts';
import type { SpeechCorpus } from './pocketsphinx-model.ts';

export { MEMORY_KEYS } from './persona-flows.ts';

/** One thing the engine does in a turn, in the order the client must see it. */
export type TurnStep =
  | { readonly type: 'say'; readonly persona: Persona; readonly text: string }
  | { readonly type: 'transfer'; readonly to: Persona; readonly reason: string }
  | { readonly type: 'handoff'; readonly reason: string }
  | { readonly type: 'ticket'; readonly kind: Resolution | 'callback'; readonly orderNumber?: string; readonly contact?: string; readonly summary: string };

/** The outcome of one customer message. */
export interface TurnResult {
  readonly steps: readonly TurnStep[];
  /** The persona answering at the end of the turn. */
  readonly persona: Persona;
  /** An updated copy of the memory; the request's memory is never changed. */
  readonly memory: ConversationMemory;
  readonly understanding: Understanding;
}

/** What the engine needs to answer one message. */
export type TurnInput = Pick<ChatRequest, 'persona' | 'language' | 'history' | 'message' | 'memory'>;

const SCRIPTS: Readonly<Record<Language, PersonaScript>> = { en: SCRIPT_EN, ar: SCRIPT_AR };
// Both languages' keywords at once: an Arabic speaker may type "Pro", an English one may be answered in Arabic.
const LEXICON = compileLexicons([SCRIPT_EN.lexicon, SCRIPT_AR.lexicon]);

/** Understands a message in any supported language, reading a bare answer as what the last reply asked for. */
export function classify(message: string, expecting: Expecting = {}): Understanding {
  return understand(message, LEXICON, expecting);
}

/** What the memory says the customer may answer with now. */
function expecting(memory: ConversationMemory): Expecting {
  const awaiting = memory[K.awaiting];
  // After a request for a person the reply offered a callback: a phone number or email address is the answer,
  // until one is recorded, unless a persona has since asked for an order number.
  const offered = memory[K.handoff] === 'requested' && !memory[K.callback] && awaiting !== 'order_number';
  return { orderNumber: awaiting === 'order_number', contact: awaiting === 'contact' || offered };
}

/** Answers one customer message: what each persona says, transfers, a handoff, and the updated memory. */
export function respond(input: TurnInput): TurnResult {
  const u = classify(input.message, expecting(input.memory));
  const m: Record<string, string> = { ...input.memory };
  const isNewName = u.name !== undefined && u.name !== m[K.name];
  if (u.name) m[K.name] = u.name;
  if (u.orderNumber) m[K.order] = u.orderNumber;
  const turn: Turn = { u, m, r: SCRIPTS[input.language].replies, variant: input.history.length, entered: false };
  // Greeting a new name comes first, whatever else the message asked.
  const nameFirst = isNewName && u.name ? turn.r.niceToMeet(u.name) : '';
  const steps: TurnStep[] = [];

  if (u.intent === 'recall') {
    steps.push({ type: 'say', persona: input.persona, text: joined(nameFirst, turn.r.recall(u.recall ?? 'order', ctx(turn))) });
    return { steps, persona: input.persona, memory: m, understanding: u };
  }

  if (u.intent === 'human') {
    m[K.handoff] = 'requested';
    delete m[K.awaiting];
    // The handoff is recorded as a ticket by the server, which says its number between these two.
    steps.push({ type: 'say', persona: input.persona, text: joined(nameFirst, turn.r.handoffAck) });
    steps.push({ type: 'handoff', reason: 'The customer asked to talk to a human agent.' });
    // "A person, please: call me at ..." needs no offer of a callback, only the callback.
    if (u.contact && !m[K.callback]) steps.push(...recordCallback(turn, input.persona, u.contact));
    else steps.push({ type: 'say', persona: input.persona, text: turn.r.handoff(ctx(turn)) });
    return { steps, persona: input.persona, memory: m, understanding: u };
  }

  if (u.intent === 'callback') {
    steps.push(...callback(turn, input.persona, nameFirst));
    return { steps, persona: input.persona, memory: m, understanding: u };
  }

  if (m[K.awaiting] === 'contact') {
    // Asked how to reach them, the customer said something else: ask again only when nothing else was asked.
    if (u.intent === 'unknown' || u.intent === 'affirm') {
      const again = u.intent === 'affirm' ? turn.r.callback.ask : turn.r.callback.notHeard;
      steps.push({ type: 'say', persona: input.persona, text: joined(nameFirst, again) });
      return { steps, persona: input.persona, memory: m, understanding: u };
    }
    delete m[K.awaiting];
  }

  const outcome = HANDLERS[input.persona](turn);
  if ('say' in outcome) {
    sayOutcome(steps, input.persona, outcome, nameFirst);
    return { steps, persona: input.persona, memory: m, understanding: u };
  }

  const preface = joined(nameFirst, outcome.preface);
  if (preface) steps.push({ type: 'say', persona: input.persona, text: preface });
  steps.push({ type: 'transfer', to: outcome.to, reason: outcome.reason });
  delete m[K.awaiting]; // the new persona asks its own questions
  const entered: Turn = { ...turn, entered: true };
  const next = HANDLERS[outcome.to](entered);
  // One transfer per turn: a persona that would pass the customer on again says what it can do instead.
  sayOutcome(steps, outcome.to, 'say' in next ? next : { say: helpOf(entered.r, outcome.to) }, entered.r.intro[outcome.to]);
  return { steps, persona: outcome.to, memory: m, understanding: u };
}

/**
 * A request to be called back: recorded as a ticket when the message says how to reach the customer, asked for
 * when it does not, and not recorded twice.
 */
function callback(t: Turn, persona: Persona, lead: string): TurnStep[] {
  const { u, m, r } = t;
  const recorded = m[K.callback];
  if (recorded) {
    m[K.awaiting] = 'anything_else';
    return [{ type: 'say', persona, text: joined(lead, r.callback.already(recorded, u.contact)) }];
  }
  if (!u.contact) {
    m[K.awaiting] = 'contact';
    return [{ type: 'say', persona, text: joined(lead, r.callback.ask) }];
  }
  return [{ type: 'say', persona, text: joined(lead, r.callback.ack) }, ...recordCallback(t, persona, u.contact)];
}

/** The callback ticket (the server says its number) and what happens next; remembers the contact. */
function recordCallback(t: Turn, persona: Persona, contact: string): TurnStep[] {
  const { m, r } = t;
  m[K.callback] = contact;
  m[K.awaiting] = 'anything_else';
  const order = m[K.order];
  const how = contact.includes('@') ? `Asked to be contacted by email at ${contact}` : `Asked to be called back at ${contact}`;
  const summary = `${how}${order ? ` about order ${order}` : ''}.`;
  return [
    { type: 'ticket', kind: 'callback', ...(order ? { orderNumber: order } : {}), contact, summary },
    { type: 'say', persona, text: r.callback.done(contact) },
  ];
}

/** A persona's words, with the ticket they ask for between what comes before it and what comes after. */
function sayOutcome(steps: TurnStep[], persona: Persona, outcome: Extract<Outcome, { say: string }>, lead: string): void {
  const first = joined(lead, outcome.say);
  if (first) steps.push({ type: 'say', persona, text: first });
  if (!outcome.ticket) return;
  const { then, ...ticket } = outcome.ticket;
  steps.push({ type: 'ticket', ...ticket });
  steps.push({ type: 'say', persona, text: then });
}

/**
 * What the engine would remember of a conversation it did not hold, continued from its transcript: the customer's
 * messages replayed through the engine in order (names, order numbers, a pending question), nothing said aloud.
 */
export function recall(messages: readonly string[], persona: Persona, language: Language): ConversationMemory {
  let memory: ConversationMemory = {};
  let answering = persona;
  for (const message of messages) {
    const turn = respond({ persona: answering, language, history: [], message, memory });
    memory = turn.memory;
    answering = turn.persona;
  }
  return memory;
}

/**
 * Short English customer utterances the engine understands (lower case, no punctuation, CMU dictionary words);
 * part of the recognizer's corpus.
 */
export function customerPhrases(): readonly string[] {
  return CUSTOMER_PHRASES_EN;
}

/** 2-3 short requests that work offline in `language`, for the customer to try when one was not understood. */
export function exampleRequests(language: Language): readonly string[] {
  return SCRIPTS[language].examples;
}

/**
 * What customers of this call center say, in many phrasings: the offline recognizer's language-model corpus.
 * The sentences are made only when a model must be built; the key says when a cached model is still valid.
 */
export function speechCorpus(): SpeechCorpus {
  return { key: CORPUS_KEY, sentences: domainCorpus };
}
