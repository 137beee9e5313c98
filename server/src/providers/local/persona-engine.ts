/**
 * The local persona engine: a deterministic state machine per persona (reception, sales, complaints) that
 * understands English and Arabic keywords, remembers what the customer said (order number, plan, name) in the
 * conversation memory and says it back on request, transfers between personas, and marks a request for a
 * person (a handoff step) without promising one. Same input, same output.
 */
import type { ChatRequest, ConversationMemory, Language, Persona } from '../types.ts';
import { ctx, HANDLERS, helpOf, joined, MEMORY_KEYS as K, type Outcome, type Turn } from './persona-flows.ts';
import { SCRIPT_AR } from './persona-script-ar.ts';
import { CUSTOMER_PHRASES_EN, SCRIPT_EN } from './persona-script-en.ts';
import type { PersonaScript, Resolution } from './persona-script.ts';
import { compileLexicons, understand, type Understanding } from './persona-understanding.ts';
import { CORPUS_KEY, domainCorpus } from './speech-corpus.ts';
import type { SpeechCorpus } from './pocketsphinx-model.ts';

export { MEMORY_KEYS } from './persona-flows.ts';

/** One thing the engine does in a turn, in the order the client must see it. */
export type TurnStep =
  | { readonly type: 'say'; readonly persona: Persona; readonly text: string }
  | { readonly type: 'transfer'; readonly to: Persona; readonly reason: string }
  | { readonly type: 'handoff'; readonly reason: string }
  | { readonly type: 'ticket'; readonly kind: Resolution; readonly orderNumber: string; readonly summary: string };

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

/** Understands a message in any supported language; `expectOrderNumber` right after asking for one. */
export function classify(message: string, expectOrderNumber = false): Understanding {
  return understand(message, LEXICON, expectOrderNumber);
}

/** Answers one customer message: what each persona says, transfers, a handoff, and the updated memory. */
export function respond(input: TurnInput): TurnResult {
  const u = classify(input.message, input.memory[K.awaiting] === 'order_number');
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
    steps.push({ type: 'say', persona: input.persona, text: turn.r.handoff(ctx(turn)) });
    return { steps, persona: input.persona, memory: m, understanding: u };
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
