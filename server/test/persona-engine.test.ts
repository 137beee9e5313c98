import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LocalChat, wordChunks } from '../src/providers/local/local-chat.ts';
import { classify, customerPhrases, respond } from '../src/providers/local/persona-engine.ts';
import { extractOrderNumber } from '../src/providers/local/persona-understanding.ts';
import { SCRIPT_AR } from '../src/providers/local/persona-script-ar.ts';
import { SCRIPT_EN } from '../src/providers/local/persona-script-en.ts';
import type { ChatEvent, ChatMessage, ChatRequest, ConversationMemory, Language, Persona } from '../src/providers/types.ts';
import { detectLanguage } from '../src/text/language.ts';
import { isPersona, PERSONA_NAMES } from '../src/text/personas.ts';

const CMU_DICT = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';
const FALLBACKS = [...SCRIPT_EN.replies.notUnderstood, ...SCRIPT_AR.replies.notUnderstood];
const chat = new LocalChat();

async function collect(request: ChatRequest, signal?: AbortSignal): Promise<ChatEvent[]> {
  const events: ChatEvent[] = [];
  for await (const event of chat.reply(request, signal)) events.push(event);
  return events;
}

function request(message: string, overrides: Partial<ChatRequest> = {}): ChatRequest {
  return { persona: 'reception', language: 'en', history: [], memory: {}, message, ...overrides };
}

/** The reply as one string per persona that spoke, in order. */
function spoken(events: readonly ChatEvent[]): string[] {
  const parts: string[] = [''];
  for (const event of events) {
    if (event.type === 'delta') parts[parts.length - 1] += event.text;
    else if (event.type === 'transfer') parts.push('');
  }
  return parts.map((p) => p.trim()).filter(Boolean);
}

interface Exchange {
  readonly message: string;
  readonly events: ChatEvent[];
  readonly text: string;
  readonly persona: Persona;
  readonly memory: ConversationMemory;
}

/** Plays a conversation turn by turn, carrying persona, history and memory forward as the server does. */
async function converse(language: Language, messages: readonly string[], persona: Persona = 'reception'): Promise<Exchange[]> {
  const history: ChatMessage[] = [];
  let memory: ConversationMemory = {};
  const out: Exchange[] = [];
  for (const message of messages) {
    const events = await collect({ persona, language, history, memory, message });
    for (const event of events) {
      if (event.type === 'transfer') persona = event.to;
      if (event.type === 'done') memory = event.memory ?? memory;
    }
    const text = spoken(events).join(' ');
    history.push({ role: 'user', content: message }, { role: 'assistant', content: text, persona });
    out.push({ message, events, text, persona, memory });
  }
  return out;
}

const types = (events: readonly ChatEvent[]): string[] =>
  events.map((e) => e.type).filter((t, i, all) => t !== 'delta' || all[i - 1] !== 'delta');

describe('LocalChat', () => {
  it('reports a scripted model available in English and Arabic', () => {
    expect(chat.capabilities()).toEqual({ available: true, languages: ['en', 'ar'], kind: 'scripted' });
    expect(chat.name).toBe('local');
  });

  describe('reception', () => {
    it('greets a customer who says hello and asks how it can help', async () => {
      const events = await collect(request('Hello'));
      expect(types(events)).toEqual(['delta', 'done']);
      const [text] = spoken(events);
      expect(text).toMatch(/^Hello, and welcome/);
      expect(text).toContain('reception');
      expect(text).toMatch(/How can I help you today\?$/);
    });

    it('greets in Arabic script when the language is ar', async () => {
      const [text = ''] = spoken(await collect(request('السلام عليكم', { language: 'ar' })));
      expect(detectLanguage(text)).toBe('ar');
      expect(text).not.toMatch(/[A-Za-z]/);
      expect(text).toContain('الاستقبال');
    });

    it('transfers to sales: notice from reception, then the transfer event, then the sales answer', async () => {
      const events = await collect(request('I would like to talk to sales about a new plan'));
      expect(types(events)).toEqual(['delta', 'transfer', 'delta', 'done']);
      expect(events.find((e) => e.type === 'transfer')).toMatchObject({ type: 'transfer', to: 'sales', reason: expect.stringMatching(/plans/) });
      const [notice, answer = ''] = spoken(events);
      expect(notice).toBe('Let me transfer you to our sales team.');
      expect(answer).toContain('sales team');
      for (const price of ['$9 a month', '$29 a month', '$99 a month']) expect(answer).toContain(price);
    });

    it('transfers to sales in Arabic and answers with Arabic prices', async () => {
      const events = await collect(request('أريد الاستفسار عن أسعار الخطط', { language: 'ar' }));
      expect(types(events)).toEqual(['delta', 'transfer', 'delta', 'done']);
      expect(events.find((e) => e.type === 'transfer')).toMatchObject({ to: 'sales' });
      const [notice = '', answer = ''] = spoken(events);
      expect(notice).toContain('المبيعات');
      expect(answer).toContain('9 دولارات شهرياً');
      expect(answer).toContain('29 دولاراً شهرياً');
    });

    it('transfers to complaints with sympathy when the customer reports a problem', async () => {
      const events = await collect(request('My order arrived damaged'));
      expect(types(events)).toEqual(['delta', 'transfer', 'delta', 'done']);
      expect(events.find((e) => e.type === 'transfer')).toMatchObject({ to: 'complaints', reason: expect.stringMatching(/damaged/) });
      const [notice, answer] = spoken(events);
      expect(notice).toBe('I am sorry to hear that. Let me transfer you to our complaints team.');
      expect(answer).toMatch(/complaints team.*damaged.*order number/);
    });

    it('transfers to complaints in Arabic', async () => {
      const events = await collect(request('لدي شكوى، طلبي متأخر', { language: 'ar' }));
      expect(types(events)).toEqual(['delta', 'transfer', 'delta', 'done']);
      expect(events.find((e) => e.type === 'transfer')).toMatchObject({ to: 'complaints' });
      const [, answer = ''] = spoken(events);
      expect(answer).toContain('فريق الشكاوى');
      expect(answer).toContain('رقم طلبك');
    });

    it('answers unknown input with what it can help with, never with silence', async () => {
      const [text = ''] = spoken(await collect(request('the weather is nice on mars')));
      expect(FALLBACKS.some((f) => text.startsWith(f))).toBe(true);
      expect(text).toContain('sales team');
      expect(text).toContain('complaints team');
    });
  });

  describe('sales', () => {
    it('describes the plan asked about, remembers it, and confirms it on yes', async () => {
      const [ask, yes] = await converse('en', ['How much is the Pro plan?', 'yes']);
      expect(ask?.persona).toBe('sales');
      expect(ask?.text).toContain('The Pro plan costs $29 a month');
      expect(ask?.memory).toMatchObject({ plan: 'pro', plan_status: 'considering' });
      expect(yes?.text).toMatch(/noted the Pro plan for you, at \$29 a month/);
      expect(yes?.memory).toMatchObject({ plan: 'pro', plan_status: 'chosen' });
    });

    it('asks which plan, then takes the plan named in the answer', async () => {
      const turns = await converse('en', ['I want to upgrade my plan', 'the business plan', 'the business plan'], 'sales');
      expect(turns[0]?.text).toMatch(/Which plan|Would you like/);
      expect(turns[1]?.text).toContain('$99 a month');
      expect(turns[1]?.memory['plan']).toBe('business');
      expect(turns[2]?.memory['plan_status']).toBe('chosen');
    });

    it('remembers the plan chosen in Arabic', async () => {
      const [, chosen] = await converse('ar', ['كم سعر الخطة الأساسية؟', 'نعم'], 'sales');
      expect(chosen?.memory['plan']).toBe('basic');
      expect(chosen?.text).toContain('الخطة الأساسية بسعر 9 دولارات شهرياً');
    });

    it('passes a complaining customer across to complaints', async () => {
      const events = await collect(request('I was charged twice', { persona: 'sales' }));
      expect(types(events)).toEqual(['delta', 'transfer', 'delta', 'done']);
      expect(events.find((e) => e.type === 'transfer')).toMatchObject({ to: 'complaints', reason: expect.stringMatching(/billing/) });
    });

    it('takes the customer back to reception for something else', async () => {
      const events = await collect(request('I have another question', { persona: 'sales' }));
      expect(events.find((e) => e.type === 'transfer')).toMatchObject({ to: 'reception' });
      expect(spoken(events)[1]).toMatch(/^Welcome back to reception\./);
    });
  });

  describe('complaints', () => {
    it('remembers the order number across turns and uses it when confirming a refund', async () => {
      const turns = await converse('en', ['I have a problem with my order', 'my order number is 12345', 'thanks for waiting', 'I want a refund']);
      expect(turns[0]?.text).toContain('order number');
      expect(turns[1]?.memory['order_number']).toBe('12345');
      expect(turns[1]?.text).toMatch(/noted order 12345.*refund.*escalate/);
      expect(turns[3]?.memory['order_number']).toBe('12345');
      expect(turns[3]?.text).toContain('refund request for your order 12345');
      expect(turns[3]?.memory).toMatchObject({ resolution: 'refund', resolution_status: 'confirmed' });
    });

    it('understands an order number spelled as digit words', async () => {
      const turns = await converse('en', ['my order is late', 'my order number is one two three four five', 'please escalate']);
      expect(turns[1]?.memory['order_number']).toBe('12345');
      expect(turns[2]?.text).toContain('escalated your order 12345 to a senior specialist');
    });

    it('understands Arabic-Indic digits and answers in Arabic with the order number', async () => {
      const turns = await converse('ar', ['لدي مشكلة في طلبي', 'رقم الطلب ١٢٣٤٥', 'أريد استرداد المبلغ']);
      expect(turns[0]?.persona).toBe('complaints');
      expect(turns[1]?.memory['order_number']).toBe('12345');
      expect(turns[2]?.text).toContain('لطلبك رقم 12345');
      expect(detectLanguage(turns[2]?.text ?? '')).toBe('ar');
    });

    it('asks for the order first when a refund is requested without one, then confirms it', async () => {
      const turns = await converse('en', ['I want a refund', 'It is #A-1234'], 'complaints');
      expect(turns[0]?.text).toContain('What is your order number?');
      expect(turns[1]?.text).toContain('refund request for your order A-1234');
    });

    it('asks again when the answer holds no order number', async () => {
      const turns = await converse('en', ['my order is late', 'I do not remember it'], 'complaints');
      expect(turns[1]?.text).toContain('could not find an order number');
      expect(turns[1]?.memory['order_number']).toBeUndefined();
    });

    it.each([
      ['order 12345', '12345'],
      ['My order number is 778899.', '778899'],
      ['It is #A-1234', 'A-1234'],
      ['order no. b-5521', 'B-5521'],
      ['the number is 9876543 I think', '9876543'],
      ['nine eight seven six five', '98765'],
      ['طلب رقم ٤٥٦٧', '4567'],
      ['رقم الطلب هو ۱۲۳۴۵۶', '123456'],
    ])('finds the order number in %j', (text, expected) => {
      expect(extractOrderNumber(text)).toBe(expected);
    });

    it.each(['I want 2 plans at $29', 'one two', 'call me at 10 tomorrow'])('finds no order number in %j', (text) => {
      expect(extractOrderNumber(text)).toBeUndefined();
    });
  });

  describe('asking for a human', () => {
    it('announces a handoff with a reason and says a human agent will join', async () => {
      const events = await collect(request('I want to talk to a human', { persona: 'sales', memory: { order_number: '55555' } }));
      expect(types(events)).toEqual(['handoff', 'delta', 'done']);
      expect(events[0]).toMatchObject({ type: 'handoff', reason: expect.stringMatching(/human/) });
      const [text] = spoken(events);
      expect(text).toMatch(/human agent, who will join this call/);
      expect(text).toContain('order 55555');
      expect(events.at(-1)).toMatchObject({ type: 'done', memory: { handoff: 'requested', order_number: '55555' } });
    });

    it.each(['أريد التحدث مع موظف', 'أريد شخص حقيقي', 'هل يمكنني التحدث إلى إنسان؟'])('hands off on the Arabic request %j', async (message) => {
      const events = await collect(request(message, { language: 'ar' }));
      expect(events[0]?.type).toBe('handoff');
      expect(spoken(events)[0]).toContain('موظفينا');
    });
  });

  describe('memory', () => {
    it('keeps the customer name and uses it when saying goodbye', async () => {
      const turns = await converse('en', ['Hi, my name is Sarah', 'goodbye']);
      expect(turns[0]?.text).toMatch(/^Nice to meet you, Sarah\./);
      expect(turns[1]?.text).toContain('Thank you for calling, Sarah.');
      expect(turns[1]?.memory['name']).toBe('Sarah');
    });

    it('keeps an Arabic name', async () => {
      const turns = await converse('ar', ['اسمي أحمد', 'مع السلامة']);
      expect(turns[0]?.memory['name']).toBe('أحمد');
      expect(turns[1]?.text).toContain('يا أحمد');
    });

    it('returns an updated copy and leaves the request memory untouched', async () => {
      const memory = Object.freeze({ name: 'Omar' });
      const events = await collect(request('my order number is 24680', { memory }));
      expect(memory).toEqual({ name: 'Omar' });
      expect(events.at(-1)).toMatchObject({ type: 'done', memory: { name: 'Omar', order_number: '24680' } });
    });
  });

  describe('streaming', () => {
    it('streams word-sized deltas that keep their spaces and end sentences with punctuation', async () => {
      for (const [language, message] of [['en', 'how much is the business plan'], ['ar', 'كم سعر خطة الأعمال']] as const) {
        const events = await collect(request(message, { language }));
        const deltas = events.flatMap((e) => (e.type === 'delta' ? [e.text] : []));
        expect(deltas.length).toBeGreaterThan(10);
        for (const delta of deltas) expect(delta).toMatch(/^\S+\s*$/);
        for (const part of spoken(events)) expect(part).toMatch(/[.!?؟]$/);
      }
      expect(wordChunks('Hello there.  Bye!').join('')).toBe('Hello there.  Bye!');
    });

    it('is deterministic: the same request gives the same events', async () => {
      const req = request('something about weather', { history: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'Hello.' }] });
      expect(await collect(req)).toEqual(await collect(req));
      // Phrasing may vary with the history length, and is still the same on every run.
      const other = request('something about weather');
      expect(spoken(await collect(other))).toEqual(spoken(await collect(other)));
      expect(spoken(await collect(other))).not.toEqual(spoken(await collect(req)));
    });

    it('stops yielding and throws the abort reason when aborted mid-stream', async () => {
      const controller = new AbortController();
      const seen: ChatEvent[] = [];
      const run = (async () => {
        for await (const event of chat.reply(request('what plans do you have'), controller.signal)) {
          seen.push(event);
          if (seen.length === 3) controller.abort();
        }
      })();
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
      expect(seen).toHaveLength(3);
      expect(seen.some((e) => e.type === 'done')).toBe(false);
    });

    it('throws at once when the signal is already aborted', async () => {
      await expect(collect(request('hello'), AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    });
  });
});

describe('customerPhrases()', () => {
  const phrases = customerPhrases();

  it('lists 60 to 150 lower-case phrases without punctuation, including the test fixture phrase', () => {
    expect(phrases.length).toBeGreaterThanOrEqual(60);
    expect(phrases.length).toBeLessThanOrEqual(150);
    expect(phrases).toContain('i would like to talk to sales about a new plan');
    expect(new Set(phrases).size).toBe(phrases.length);
    for (const phrase of phrases) expect(phrase).toMatch(/^[a-z]+( [a-z]+)*$/);
  });

  it('gives every phrase an intent and a reply that is not the fallback', () => {
    for (const phrase of phrases) {
      expect(classify(phrase).intent, phrase).not.toBe('unknown');
      const text = respond({ persona: 'reception', language: 'en', history: [], memory: {}, message: phrase }).steps
        .flatMap((s) => (s.type === 'say' ? [s.text] : []))
        .join(' ');
      expect(FALLBACKS.some((f) => text.includes(f)), phrase).toBe(false);
    }
  });

  it('turns the spelled order numbers into digits', () => {
    expect(classify('my order number is one two three four five').orderNumber).toBe('12345');
    expect(phrases.filter((p) => classify(p).orderNumber).length).toBeGreaterThanOrEqual(3);
  });

  const hasDict = existsSync(CMU_DICT);
  it.skipIf(!hasDict)(`uses only words of the CMU pronouncing dictionary${hasDict ? '' : ` (skipped: ${CMU_DICT} not found)`}`, () => {
    const words = new Set(readFileSync(CMU_DICT, 'utf8').split('\n').map((line) => line.split(' ')[0]?.replace(/\(\d+\)$/, '')));
    const missing = [...new Set(phrases.flatMap((p) => p.split(' ')))].filter((w) => !words.has(w));
    expect(missing).toEqual([]);
  });
});

describe('persona display names', () => {
  it('names every persona in English and Arabic', () => {
    expect(PERSONA_NAMES.sales).toEqual({ en: 'Sales', ar: 'المبيعات' });
    for (const names of Object.values(PERSONA_NAMES)) expect(detectLanguage(names.ar)).toBe('ar');
  });

  it('recognises persona ids and rejects anything else', () => {
    expect(['reception', 'sales', 'complaints'].every(isPersona)).toBe(true);
    for (const bad of ['Sales', 'admin', '', undefined, 3, null]) expect(isPersona(bad)).toBe(false);
  });
});
