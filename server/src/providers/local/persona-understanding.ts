/**
 * What the local persona engine understands in a customer's message: intents found by keywords (English and
 * Arabic, whatever the reply language), and the facts worth remembering (order number, plan, name, issue, and how
 * to reach the customer).
 */
import { PLAN_IDS, type PlanId } from './plan-catalogue.ts';
import { findContact } from './persona-contact.ts';
import { FIRST_NAMES } from './persona-names.ts';
import { joinSpokenDigits } from './spoken-digits.ts';

/** What a message asks for; several may be present, `intent` below picks the one that leads. */
export type Intent =
  | 'human'
  | 'callback'
  | 'recall'
  | 'refund'
  | 'escalate'
  | 'complaint'
  | 'upgrade'
  | 'pricing'
  | 'features'
  | 'sales'
  | 'plan'
  | 'order'
  | 'name'
  | 'reception'
  | 'goodbye'
  | 'greeting'
  | 'affirm'
  | 'deny'
  | 'thanks'
  | 'unknown';

/** Intents recognised by keywords (the others come from extracted facts). */
export type KeywordIntent = Exclude<Intent, 'plan' | 'order' | 'name' | 'unknown'>;

/** What a customer asks to hear again from the conversation's memory. */
export type RecallSubject = 'order' | 'name' | 'plan';

/** The kind of problem a complaint is about; it picks the words of empathy. */
export type Issue = 'billing' | 'wrong_item' | 'damaged' | 'late' | 'general';

/** Keywords of one language. Arabic keywords are stems: they also match with clitics (و، ال، بال...) and endings. */
export interface Lexicon {
  readonly intents: Readonly<Record<KeywordIntent, readonly string[]>>;
  /** Any of these also means the intent `complaint`. */
  readonly issues: Readonly<Record<Issue, readonly string[]>>;
  readonly plans: Readonly<Record<PlanId, readonly string[]>>;
}

/** The understanding of one message. */
export interface Understanding {
  /** The leading intent, by INTENT_PRIORITY. */
  readonly intent: Intent;
  readonly intents: ReadonlySet<Intent>;
  readonly orderNumber?: string;
  /** A phone number or email address to call the customer back at (only looked for when it may be one). */
  readonly contact?: string;
  /** The plan mentioned last ("from basic to pro" means pro). */
  readonly plan?: PlanId;
  readonly name?: string;
  readonly issue?: Issue;
  /** With intent `recall`: which remembered fact the customer asks for. */
  readonly recall?: RecallSubject;
}

// A request for a person outranks everything: a customer who asks for one must never be kept talking to a
// script; a request to be called back comes next. Concrete actions (refund) outrank topics (complaint), topics
// outrank small talk ("hello, I have a problem" is a problem), and bare yes/no only lead when nothing else was said.
// Asking what was said before ("what was my order number again") is answered from memory before any topic.
const INTENT_PRIORITY: readonly Intent[] = [
  'human', 'callback', 'recall', 'refund', 'escalate', 'complaint', 'upgrade', 'pricing', 'features', 'sales', 'plan', 'order', 'name',
  'reception', 'goodbye', 'greeting', 'affirm', 'deny', 'thanks',
];
const ISSUE_PRIORITY: readonly Issue[] = ['billing', 'wrong_item', 'damaged', 'late', 'general'];

const ARABIC_LETTER = /\p{Script=Arabic}/u;
// Clitics glued to the front of an Arabic word: conjunctions, prepositions, the article, future marker.
const ARABIC_PREFIXES = ['وبال', 'وال', 'بال', 'فال', 'كال', 'ولل', 'لل', 'ال', 'و', 'ف', 'ب', 'ل', 'ك', 'س'];

/** Arabic-Indic (٠-٩) and Persian (۰-۹) digits as ASCII digits, so "١٢٣٤٥" and "12345" are one order. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) - 0x0660) % 0x90));
}

/** Folds spelling variants away: case, Arabic diacritics and letter forms, punctuation, digit scripts. */
export function normalize(text: string): string {
  return toAsciiDigits(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '') // harakat, dagger alef, tatweel
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/['’`]/g, '') // "don't" -> "dont", as the keywords are written
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

interface CompiledKeyword {
  readonly words: readonly string[];
  readonly arabic: boolean;
}

/** A lexicon prepared for matching; build once per lexicon. */
export interface CompiledLexicon {
  readonly intents: ReadonlyMap<KeywordIntent, readonly CompiledKeyword[]>;
  readonly issues: ReadonlyMap<Issue, readonly CompiledKeyword[]>;
  readonly plans: ReadonlyMap<PlanId, readonly CompiledKeyword[]>;
}

/** Normalises every keyword of the given lexicons once, merged: a message is matched in all languages. */
export function compileLexicons(lexicons: readonly Lexicon[]): CompiledLexicon {
  const compile = <K extends string>(pick: (l: Lexicon) => Readonly<Record<K, readonly string[]>>): Map<K, CompiledKeyword[]> => {
    const out = new Map<K, CompiledKeyword[]>();
    for (const lexicon of lexicons) {
      for (const [key, keywords] of Object.entries(pick(lexicon)) as [K, readonly string[]][]) {
        const list = out.get(key) ?? [];
        for (const keyword of keywords) {
          const words = normalize(keyword).split(' ').filter(Boolean);
          if (words.length > 0) list.push({ words, arabic: ARABIC_LETTER.test(keyword) });
        }
        out.set(key, list);
      }
    }
    return out;
  };
  return { intents: compile((l) => l.intents), issues: compile((l) => l.issues), plans: compile((l) => l.plans) };
}

function wordMatches(token: string, keyword: string, arabic: boolean): boolean {
  if (token === keyword) return true;
  if (!arabic) return keyword.length >= 3 && (token === `${keyword}s` || token === `${keyword}es`);
  // Short Arabic words (لا، كم) only match whole, or "لا" would match inside "السلام".
  const stem = keyword.length >= 3;
  for (const prefix of ['', ...ARABIC_PREFIXES]) {
    if (!token.startsWith(prefix)) continue;
    const rest = token.slice(prefix.length);
    if (rest.length < 2) continue;
    if (rest === keyword || (stem && rest.startsWith(keyword))) return true;
  }
  return false;
}

/** Index of the last token where `keyword` starts in `tokens`, or -1. */
function findKeyword(tokens: readonly string[], keyword: CompiledKeyword): number {
  const { words, arabic } = keyword;
  for (let i = tokens.length - words.length; i >= 0; i--) {
    if (words.every((word, j) => wordMatches(tokens[i + j] ?? '', word, arabic))) return i;
  }
  return -1;
}

function lastIndexOfAny(tokens: readonly string[], keywords: readonly CompiledKeyword[] | undefined): number {
  let best = -1;
  for (const keyword of keywords ?? []) best = Math.max(best, findKeyword(tokens, keyword));
  return best;
}

/**
 * Rewrites runs of three or more spoken digits ("one two three", "nine double four", "oh seven three",
 * "واحد اثنان ثلاثة") as numbers, because a speech recogniser hands us order numbers spelled out.
 */
export function spelledDigitsToNumbers(text: string): string {
  return joinSpokenDigits(text);
}

const ORDER_PATTERNS: readonly RegExp[] = [
  // "#A-1234", "# 98765"
  /#\s?([A-Z0-9][A-Z0-9-]*\d[A-Z0-9-]*)/i,
  // "order 12345", "order number is A-1234", "order no. 55512", "my order reference is 8005", "receipt is 62841"
  /\b(?:order|reference|receipt)(?:\s+(?:number|num|no|id|code|reference|ref))?\.?\s*(?:is|was|:)?\s*#?\s*([A-Z0-9][A-Z0-9-]*\d[A-Z0-9-]*)/i,
  // "طلب رقم 1234", "رقم الطلب هو 1234", "طلبي 1234"
  /(?:طلب|رقم)\S*(?:\s+(?:رقم|الرقم|هو|:))*\s*#?\s*([A-Z0-9][A-Z0-9-]*\d[A-Z0-9-]*)/i,
  // "AB-12345" on its own
  /(?<![\w-])([A-Z]{1,3}-\d{3,})(?![\w-])/i,
  // a bare number long enough not to be a quantity or a price
  /(?<![\w.,$-])(\d{5,})(?![\w-])/,
];

// Right after "what is your order number?", any code with three or more digits is the answer.
const EXPECTED_ORDER_PATTERN = /(?<![\w-])(?=[A-Z0-9-]{3,}(?![\w-]))([A-Z0-9-]*\d[A-Z0-9-]*)(?![\w-])/i;

/**
 * The order number in a message, upper-cased, or undefined. Understands spelled and Arabic-Indic digits;
 * `expected` (the customer was just asked for it) also accepts short codes such as "4417".
 */
export function extractOrderNumber(text: string, expected = false): string | undefined {
  const prepared = spelledDigitsToNumbers(toAsciiDigits(text.normalize('NFKC')));
  const patterns = expected ? [...ORDER_PATTERNS, EXPECTED_ORDER_PATTERN] : ORDER_PATTERNS;
  for (const pattern of patterns) {
    const found = pattern.exec(prepared)?.[1]?.replace(/-+$/, '');
    if (found && found.length >= 3 && found.length <= 24) return found.toUpperCase();
  }
  return undefined;
}

const NOT_A_NAME = new Set([
  'back', 'at', 'later', 'tomorrow', 'today', 'tonight', 'now', 'again', 'soon', 'anytime', 'whenever', 'when', 'please',
  'not', 'a', 'an', 'the', 'is', 'and', 'on', 'in', 'about', 'calling', 'here', 'very', 'i', 'im', 'speaking', 'so',
  'really', 'just', 'still', 'sorry', 'fine', 'good', 'ok', 'okay', 'afraid', 'looking', 'trying', 'having', 'going',
  'thinking', 'interested', 'not', 'your', 'my', 'me', 'it', 'that', 'this', 'terrible', 'unacceptable', 'ridiculous',
]);
/** First names a recogniser writes in lower case, so "this is david" is an introduction. */
const KNOWN_NAMES = new Set(FIRST_NAMES);

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * The customer's name from "my name is X", "my name's X", "call me X", or, when X is written with a capital
 * or is a common first name, "this is X", "I'm X", "I am X"; "اسمي X" in Arabic. Capitalised, or undefined.
 */
export function extractName(text: string): string | undefined {
  const WORD = "([A-Za-z][A-Za-z'-]{0,30})";
  const sure = new RegExp(`\\b(?:my\\s+name\\s+is|my\\s+name's|the\\s+name's|call\\s+me)\\s+${WORD}(?:\\s+${WORD})?`, 'i').exec(text);
  const maybe = new RegExp(`\\b(?:this\\s+is|i'?m|i\\s+am)\\s+${WORD}(?:\\s+${WORD})?`, 'i').exec(text);
  const isName = (word: string | undefined): word is string => word !== undefined && !NOT_A_NAME.has(word.toLowerCase());
  const plausible = (word: string): boolean => /^[A-Z]/.test(word) || KNOWN_NAMES.has(word.toLowerCase());
  const found = isName(sure?.[1]) ? sure : isName(maybe?.[1]) && plausible(maybe[1]) ? maybe : undefined;
  if (found?.[1]) {
    // A second word is part of the name only when written as one (a recogniser writes everything lower case).
    const second = found[2];
    const last = second && /^[A-Z]/.test(second) && isName(second) ? ` ${second}` : '';
    return `${capitalised(found[1])}${last}`;
  }
  const arabic = /اسمي\s*(?:هو\s+)?([\p{Script=Arabic}]+)(?:\s+([\p{Script=Arabic}]+))?/u.exec(text);
  if (arabic?.[1]) {
    const [, first, second] = arabic;
    // Compound names such as "عبد الله" are two words.
    return first === 'عبد' && second ? `${first} ${second}` : first;
  }
  return undefined;
}

const RECALL_SUBJECTS: readonly [RecallSubject, RegExp][] = [
  ['order', /order|number|reference|رقم|طلب/i],
  ['plan', /plan|package|خط|باق/i],
  ['name', /name|اسم/i],
];

/** What the last reply asked for, so a bare answer is read as one. */
export interface Expecting {
  /** The customer was just asked for an order number: short codes count. */
  readonly orderNumber?: boolean;
  /** A callback was offered or asked about: a phone number or email address is how to reach the customer. */
  readonly contact?: boolean;
}

/** Finds intents and facts in one message, reading a bare answer as what the last reply asked for. */
export function understand(message: string, lexicon: CompiledLexicon, expecting: Expecting = {}): Understanding {
  const tokens = normalize(spelledDigitsToNumbers(message)).split(' ').filter(Boolean);
  const intents = new Set<Intent>();
  for (const [intent, keywords] of lexicon.intents) {
    if (lastIndexOfAny(tokens, keywords) >= 0) intents.add(intent);
  }
  const issue = ISSUE_PRIORITY.find((i) => lastIndexOfAny(tokens, lexicon.issues.get(i)) >= 0);
  if (issue) intents.add('complaint');

  let plan: PlanId | undefined;
  let planAt = -1;
  for (const id of PLAN_IDS) {
    const at = lastIndexOfAny(tokens, lexicon.plans.get(id));
    if (at > planAt) [plan, planAt] = [id, at];
  }
  if (plan) intents.add('plan');

  // A phone number is digits too: looked for only where a callback is in question, and never read as an order.
  const prepared = spelledDigitsToNumbers(toAsciiDigits(message.normalize('NFKC')));
  const found = expecting.contact || intents.has('callback') || intents.has('human') ? findContact(prepared) : undefined;
  if (found) intents.add('callback');
  const rest = found ? `${prepared.slice(0, found.index)} ${prepared.slice(found.index + found.length)}` : message;
  const orderNumber = extractOrderNumber(rest, expecting.orderNumber);
  if (orderNumber) intents.add('order');
  const name = extractName(message);
  if (name) intents.add('name');

  const intent = INTENT_PRIORITY.find((i) => intents.has(i)) ?? 'unknown';
  const recall = intent === 'recall' ? (RECALL_SUBJECTS.find(([, pattern]) => pattern.test(message))?.[0] ?? 'order') : undefined;
  return {
    intent,
    ...(recall ? { recall } : {}),
    intents,
    ...(orderNumber ? { orderNumber } : {}),
    ...(found ? { contact: found.contact } : {}),
    ...(plan ? { plan } : {}),
    ...(name ? { name } : {}),
    ...(issue ? { issue } : {}),
  };
}
