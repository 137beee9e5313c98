/**
 * The sentences the offline recognizer's domain language model is estimated from: what customers of this call
 * center say, generated from the persona engine's own domain (its plans and prices, intents, complaints, order
 * numbers of any length spoken digit by digit, callbacks and phone numbers, names, small talk), each request in
 * several natural phrasings.
 * Deterministic: the same corpus on every start, so the cached model stays valid.
 */
import { createHash } from 'node:crypto';
import { PLAN_IDS, PLANS } from './plan-catalogue.ts';
import { FIRST_NAMES } from './persona-names.ts';
import { CUSTOMER_PHRASES_EN } from './persona-script-en.ts';

/** A template: alternatives in `{a|b|}` braces (an empty alternative makes the part optional). */
type Template = string;

const OPENERS = '{|hi |hello |hey |hi there |good morning |good afternoon |yes |okay |um |so |well |excuse me }';
const POLITE = '{| please}';
const WANT = '{i want to|i would like to|i\'d like to|i need to|can i|could i|i wanna|let me|i\'m calling to}';
const TALK = '{talk|speak}';
const PLAN = `{${PLAN_IDS.map((id) => PLANS[id].name.toLowerCase()).join('|')}}`;

const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** 9 -> "nine", 29 -> "twenty nine", 99 -> "ninety nine" (prices are below one hundred). */
function dollarWords(n: number): string {
  if (n < 10) return DIGIT_WORDS[n]!;
  return `${TENS[Math.floor(n / 10)]}${n % 10 ? ` ${DIGIT_WORDS[n % 10]}` : ''}`;
}

const SALES: readonly Template[] = [
  `${OPENERS}${WANT} ${TALK} {to|with} {sales|someone in sales|the sales team|someone about a new plan}${POLITE}`,
  `${OPENERS}what {plans|packages|options|subscriptions} do you {have|offer|sell}`,
  `${OPENERS}{can you|could you|please} tell me about {your|the} {plans|prices|pricing|packages}`,
  `${OPENERS}how much {is|does} the ${PLAN} plan{| cost}`,
  `${OPENERS}how much {does it|do your plans|do the plans} cost`,
  `${OPENERS}what {is|are} {the price|the prices|your prices|the cost} {of|for} the ${PLAN} plan`,
  `${OPENERS}what {does|do i get with} the ${PLAN} plan{| include| come with}`,
  `${OPENERS}what is the difference between {the plans|${PLAN} and ${PLAN}|the ${PLAN} and the ${PLAN} plan}`,
  `${OPENERS}{which|what} plan is {the cheapest|the best|best for {me|a small team|one person|my company|a small business}}`,
  `${OPENERS}{i want to|i'd like to|can i|could i|how do i} {upgrade|change|switch} {my plan|to the ${PLAN} plan|to ${PLAN}|plans}`,
  `${OPENERS}{i want|i'd like|i would like|i'll take|i will take|give me|sign me up for} the ${PLAN} plan${POLITE}`,
  `${OPENERS}{i want to|i'd like to|i would like to|can i} {buy|get|subscribe to|sign up for|order} {a plan|a subscription|the ${PLAN} plan}`,
  `${OPENERS}how many users {does the ${PLAN} plan {have|include|allow}|are included|can i add}`,
  `${OPENERS}how much storage {do i get|does the ${PLAN} plan have|is included}`,
  `${OPENERS}{do you have|is there} a {cheaper|bigger|better|free} plan`,
  `${OPENERS}is {it|the ${PLAN} plan} {monthly|a monthly plan|per month|expensive}`,
  `{the|} ${PLAN} plan${POLITE}`,
  `${PLAN_IDS.map((id) => PLANS[id].monthlyUsd).map(dollarWords).map((d) => `{it's|that's|} ${d} {dollars|} {a month|per month|}`).join('\n')}`,
  `{tell me more about|what about} the ${PLAN} plan`,
];

const COMPLAINTS: readonly Template[] = [
  `${OPENERS}${WANT} {make|file|register|raise} a complaint{| about my order| about my bill}`,
  `${OPENERS}{i have|i've got|i got} a {problem|complaint|issue} {with|about} my {order|delivery|bill|invoice|account|payment}`,
  `${OPENERS}my {order|package|delivery|parcel} {has not arrived|hasn't arrived|never arrived|is late|is still not here|did not come|is missing|arrived damaged|arrived broken|was damaged}`,
  `${OPENERS}{i received|i got|you sent me|they sent me} the wrong {item|order|product|size|color}`,
  `${OPENERS}{the product|the item|it} {is broken|does not work|doesn't work|is not working|stopped working|arrived broken|is damaged}`,
  `${OPENERS}{i was|i've been|you} {charged|billed|charged me|billed me} twice`,
  `${OPENERS}{my bill|my invoice|the bill|this bill|the charge} {is|seems|looks} {too high|wrong|incorrect|higher than it should be}`,
  `${OPENERS}{there is|there's} a {mistake|problem|error|wrong charge} on my {bill|invoice|account}`,
  `${OPENERS}{you|they} {overcharged|double charged} me`,
  `${OPENERS}${WANT} {get|have|ask for|request} a refund{| for my order| for this}`,
  `${OPENERS}{i want|i would like|i'd like|i need} {a refund|my money back}${POLITE}`,
  `${OPENERS}{can|could} i {get|have} {a refund|my money back}`,
  `${OPENERS}{i want to|i'd like to|can i} {return|send back|cancel} {my order|it|this|the product}`,
  `${OPENERS}{please|can you|could you} escalate {this|my case|the case|my complaint}`,
  `${OPENERS}${WANT} ${TALK} to {a|your} {manager|supervisor}`,
  `${OPENERS}{this is|that is|that's} {unacceptable|terrible|not good enough|ridiculous}`,
  `${OPENERS}i am {not happy|unhappy|disappointed|upset} {with|about} {my order|the service|this}`,
  '{a refund|refund|escalate|escalation} please',
];

const HUMAN: readonly Template[] = [
  `${OPENERS}${WANT} ${TALK} {to|with} {a human|a person|a real person|someone|an agent|a representative|an operator|a human being}${POLITE}`,
  `${OPENERS}{can|could} i ${TALK} to {a human|a person|someone|an agent|a real person}${POLITE}`,
  `${OPENERS}{i want|i need|give me|get me} {a human|a person|a real person|an agent|a representative}${POLITE}`,
  `${OPENERS}{transfer|connect|put} me {to|with|through to} {a human|an agent|someone|a person}${POLITE}`,
  `${OPENERS}{is there|is there anyone|can someone} {a person|a human|real} i can talk to`,
];

const CALLBACK: readonly Template[] = [
  `${OPENERS}{can you|could you|can someone|could someone|please|i'd like you to|i would like someone to} {call me back|give me a call}{| later| tomorrow}${POLITE}`,
  `${OPENERS}{i'd like|i would like|i want|can i get|can i have} a {callback|call back}${POLITE}`,
  `${OPENERS}{can|could} {you|someone} {get back to me|contact me|email me}${POLITE}`,
];

/** What comes before a phone number, said digit by digit. */
const PHONE_INTROS: readonly Template[] = [
  '{please|} call me {back|} {at|on}',
  '{my|the} {phone|mobile|cell|telephone} number is',
  'you can {reach|call} me {at|on}',
  '{it is|it\'s|my number is}',
  '',
];

const ORDER_INTROS: readonly Template[] = [
  '{my|the} order number is',
  '{my|the} order {number|} {is|was}',
  '{it is|it\'s|it was|yes it\'s|sure it\'s}',
  '{order|order number}',
  '{the number is|the reference is|my reference number is}',
  'i have a problem with order {number|}',
  '{i want a refund for|please refund|i want to return} order {number|}',
  '',
];

const MEMORY: readonly Template[] = [
  `${OPENERS}what {was|is} my order number{| again}`,
  `${OPENERS}{do you have|did you get|can you repeat|can you tell me|could you read back} my order number{| please| again}`,
  `${OPENERS}what {is|was} my name{| again}`,
  `${OPENERS}{which|what} plan did i {choose|pick|say}`,
];

const SMALL_TALK: readonly Template[] = [
  '{hello|hi|hey|hi there|hello there|good morning|good afternoon|good evening}{| how are you}',
  '{thank you|thanks|thank you very much|thanks a lot|great thanks|okay thank you}',
  '{goodbye|bye|bye bye|see you|have a nice day|that is all|that\'s all|that\'s everything|nothing else|no that\'s all}{| thank you| thanks}',
  '{yes|yeah|yep|sure|okay|ok|alright|all right|of course|sounds good|that\'s right|correct|yes please|please do}',
  '{no|nope|no thanks|no thank you|not now|not really|never mind|maybe later|not interested}',
  '{go back|start over|something else|i have another question|take me back to reception|main menu|a different question}',
  '{i need some help|i need help|can you help me|i have a question|i\'m calling about my account}',
  '{sorry|pardon|what did you say|can you repeat that|say that again|i didn\'t catch that}',
];

const NAME_INTROS: readonly Template[] = ['{my name is|this is|i am|i\'m|it\'s|call me}', '{hi|hello} {my name is|this is|i\'m}'];

/** The de Bruijn sequence B(10, 3): 1000 digits in which, read cyclically, every 3-digit string occurs once. */
function deBruijnDigits(): string {
  const k = 10;
  const n = 3;
  const a = new Array<number>(k * n).fill(0);
  const out: number[] = [];
  const visit = (t: number, p: number): void => {
    if (t > n) {
      if (n % p === 0) out.push(...a.slice(1, p + 1));
      return;
    }
    a[t] = a[t - p]!;
    visit(t + 1, p);
    for (let j = a[t - p]! + 1; j < k; j++) {
      a[t] = j;
      visit(t + 1, t);
    }
  };
  visit(1, 1);
  return out.join('');
}

/** Small deterministic generator (mulberry32), so the corpus is the same on every start. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Says a digit string the ways customers do: digit by digit, zero as "zero" or "oh", and a repeated digit
 * sometimes as "double five".
 */
export function speakDigits(digits: string, rand: () => number): string {
  const words: string[] = [];
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[i]);
    const word = d === 0 && rand() < 0.5 ? 'oh' : DIGIT_WORDS[d]!;
    if (digits[i + 1] === digits[i] && rand() < 0.5) {
      words.push('double', word);
      i++;
    } else words.push(word);
  }
  return words.join(' ');
}

/** Splits a template at its first top-level `{...}` group: text before, the alternatives, text after. */
function firstGroup(template: Template): { before: string; options: string[]; after: string } | undefined {
  const open = template.indexOf('{');
  if (open < 0) return undefined;
  let depth = 0;
  let close = open;
  for (; close < template.length; close++) {
    if (template[close] === '{') depth++;
    else if (template[close] === '}' && --depth === 0) break;
  }
  const inner = template.slice(open + 1, close);
  const options: string[] = [];
  depth = 0;
  let from = 0;
  for (let i = 0; i <= inner.length; i++) {
    if (i === inner.length || (inner[i] === '|' && depth === 0)) {
      options.push(inner.slice(from, i));
      from = i + 1;
    } else if (inner[i] === '{') depth++;
    else if (inner[i] === '}') depth--;
  }
  return { before: template.slice(0, open), options, after: template.slice(close + 1) };
}

const tidy = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Every expansion of a template (all combinations of its alternatives), spaces tidied. */
export function expand(template: Template): string[] {
  const group = firstGroup(template);
  if (!group) return [tidy(template)].filter(Boolean);
  return group.options.flatMap((option) => expand(group.before + option + group.after));
}

/** A template as a sequence of plain text and groups of alternatives (each itself a template). */
type Part = string | readonly Part[][];

function parse(template: Template): Part[] {
  const parts: Part[] = [];
  let rest = template;
  for (let group = firstGroup(rest); group; group = firstGroup(rest)) {
    parts.push(group.before, group.options.map(parse));
    rest = group.after;
  }
  parts.push(rest);
  return parts;
}

/** How many expansions a parsed template has, without making them. */
function countParts(parts: readonly Part[]): number {
  return parts.reduce<number>((product, part) => (typeof part === 'string' ? product : product * part.reduce((sum, option) => sum + countParts(option), 0)), 1);
}

/** One expansion, each alternative chosen at random, weighted by how many expansions it leads to. */
function randomParts(parts: readonly Part[], rand: () => number): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const counts = part.map(countParts);
      let pick = rand() * counts.reduce((a, b) => a + b, 0);
      const index = counts.findIndex((count) => (pick -= count) < 0);
      return randomParts(part[index < 0 ? part.length - 1 : index]!, rand);
    })
    .join('');
}

/** Up to `limit` expansions of a template (lines are separate templates): all of them, or a random sample. */
function sample(template: Template, limit: number, rand: () => number): string[] {
  return template.split('\n').flatMap((line) => {
    const parts = parse(line);
    if (countParts(parts) <= limit) return expand(line);
    return Array.from({ length: limit }, () => tidy(randomParts(parts, rand)));
  });
}

const SEED = 20_241_124;
// Bump when the generator's code (not its templates or data, which the key covers) changes what it makes.
const GENERATOR_VERSION = 3;

/** A key that changes whenever the corpus would: its templates, names, phrases, plans and generator. */
export const CORPUS_KEY: string = createHash('sha256')
  .update(JSON.stringify({ GENERATOR_VERSION, SEED, SALES, COMPLAINTS, HUMAN, CALLBACK, PHONE_INTROS, ORDER_INTROS, MEMORY, SMALL_TALK, NAME_INTROS, FIRST_NAMES, CUSTOMER_PHRASES_EN, PLANS }))
  .digest('hex')
  .slice(0, 16);

/** The domain corpus: one sentence per entry, lower case, words separated by single spaces. */
export function domainCorpus(): string[] {
  const rand = random(SEED);
  const sentences: string[] = [...CUSTOMER_PHRASES_EN];
  for (const template of [...SALES, ...COMPLAINTS, ...HUMAN, ...CALLBACK, ...MEMORY]) {
    // Every core phrasing once, then a sample of them after the ways customers open a sentence.
    sentences.push(...sample(template.replace(OPENERS, ''), 2000, rand), ...sample(template, 300, rand));
  }
  for (const template of SMALL_TALK) sentences.push(...sample(template, 200, rand));
  // Order numbers of every common length, digit by digit, after the ways customers introduce them. The digits
  // are windows of a de Bruijn sequence, so every run of three digits occurs equally often: random numbers left
  // some digit trigrams twice as likely as others, and the decoder heard "four" as "five" after them.
  const cycle = deBruijnDigits();
  for (let length = 3; length <= 10; length++) {
    for (let start = 0; start < cycle.length; start += 2) {
      const digits = Array.from({ length }, (_, i) => cycle[(start + i) % cycle.length]).join('');
      const intro = sample(ORDER_INTROS[Math.floor(rand() * ORDER_INTROS.length)]!, 1, rand)[0] ?? '';
      sentences.push(`${intro} ${speakDigits(digits, rand)}`.trim());
    }
  }
  // Phone numbers as callers give them for a callback: 7, 10 and 11 digits, from the same sequence.
  for (const length of [7, 10, 11]) {
    for (let start = 1; start < cycle.length; start += 10) {
      const digits = Array.from({ length }, (_, i) => cycle[(start + i) % cycle.length]).join('');
      const intro = sample(PHONE_INTROS[Math.floor(rand() * PHONE_INTROS.length)]!, 1, rand)[0] ?? '';
      sentences.push(`${intro} ${speakDigits(digits, rand)}`.trim());
    }
  }
  for (const name of FIRST_NAMES) {
    for (const template of NAME_INTROS) sentences.push(...sample(template, 3, rand).map((intro) => `${intro} ${name}`));
    sentences.push(name);
  }
  return sentences.map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean);
}
