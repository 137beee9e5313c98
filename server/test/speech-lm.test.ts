import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildJsgfGrammar, normalizePhrase } from '../src/providers/local/jsgf.ts';
import { estimate, logProb, parseArpa, predictable, writeArpa, type LanguageModel } from '../src/providers/local/lm-arpa.ts';
import { interpolate } from '../src/providers/local/lm-mix.ts';
import { customerPhrases, speechCorpus } from '../src/providers/local/persona-engine.ts';
import { prepareRecognizerFiles } from '../src/providers/local/pocketsphinx-model.ts';
import { readTrieModel } from '../src/providers/local/pocketsphinx-lm-bin.ts';
import { speakDigits } from '../src/providers/local/speech-corpus.ts';
import { joinSpokenDigits } from '../src/providers/local/spoken-digits.ts';
import { skipWithoutEngines } from './support/require-engines.ts';

const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const HELDOUT = fileURLToPath(new URL('../../bench/recognition-heldout.json', import.meta.url));

/** Sum of P(w | context) over every word the model can predict. */
function mass(model: LanguageModel, context: readonly string[]): number {
  return predictable(model).reduce((sum, word) => sum + 10 ** logProb(model, context, word), 0);
}

const TOY = ['i want a refund', 'i want the pro plan', 'i want to talk to sales', 'my order number is one two three', 'a refund please'].map((s) => s.split(' '));

describe('the ARPA language model writer', () => {
  const model = estimate(TOY, 3);

  it('writes a well-formed ARPA file that reads back the same', () => {
    const text = writeArpa(model);
    expect(text).toMatch(/^\\data\\\nngram 1=\d+\nngram 2=\d+\nngram 3=\d+\n\n\\1-grams:\n/);
    expect(text.trimEnd().endsWith('\\end\\')).toBe(true);
    const back = parseArpa(text);
    expect(back.grams.map((level) => level.size)).toEqual(model.grams.map((level) => level.size));
    expect(back.grams[0]!.get('<s>')!.logProb).toBe(-99);
    expect(() => parseArpa(text.replace('ngram 2=', 'ngram 2=9'))).toThrow(/declares/);
  });

  it('gives distributions that sum to 1 for seen, unseen and empty contexts', () => {
    for (const context of [[], ['i'], ['i', 'want'], ['<s>'], ['want', 'a'], ['plan'], ['sales', 'refund']]) {
      expect(mass(model, context)).toBeCloseTo(1, 6);
    }
  });

  it('prefers what the corpus said and backs off for what it did not', () => {
    expect(logProb(model, ['i', 'want'], 'a')).toBeGreaterThan(logProb(model, ['i', 'want'], 'sales'));
    expect(logProb(model, ['pro', 'plan'], 'refund')).toBeGreaterThan(-Infinity);
  });
});

describe('interpolating the domain model with a general model', () => {
  const domain = estimate(TOY, 3);
  const general = estimate(['the weather is nice', 'i want the weather', 'a cat is nice', 'please pass the salt'].map((s) => s.split(' ')), 3);
  const mixed = interpolate(domain, general, { domainWeight: 0.6, keepGeneral: () => true });

  it('knows the words of both and still sums to 1', () => {
    expect(mixed.grams[0]!.has('refund') && mixed.grams[0]!.has('weather')).toBe(true);
    for (const context of [[], ['i', 'want'], ['the'], ['is', 'nice'], ['order', 'number']]) expect(mass(mixed, context)).toBeCloseTo(1, 6);
  });

  it('gives every listed n-gram the weighted mix of both models', () => {
    const expected = 0.6 * 10 ** logProb(domain, ['i', 'want'], 'the') + 0.4 * 10 ** logProb(general, ['i', 'want'], 'the');
    expect(10 ** logProb(mixed, ['i', 'want'], 'the')).toBeCloseTo(expected, 3);
  });
});

describe('the domain corpus', () => {
  const corpus = speechCorpus().sentences();
  const normalized = new Set(corpus.map(normalizePhrase));

  it('is the same on every start, under a key that names it', () => {
    expect(speechCorpus().sentences()).toEqual(corpus);
    expect(speechCorpus().key).toMatch(/^[0-9a-f]{16}$/);
    expect(corpus.length).toBeGreaterThan(5000);
  });

  it('holds none of the benchmark\'s held-out sentences', () => {
    const heldOut = (JSON.parse(readFileSync(HELDOUT, 'utf8')) as { sentences: { text: string }[] }).sentences.map((s) => normalizePhrase(s.text));
    expect(heldOut.length).toBeGreaterThanOrEqual(60);
    expect(heldOut.filter((sentence) => normalized.has(sentence))).toEqual([]);
  });

  it('covers plans, prices, refunds, complaints, a person, names and the assistant\'s phrases', () => {
    for (const sentence of ['how much is the business plan', 'i want a refund', 'i want to make a complaint about my order', 'my name is sarah', 'can i speak to a human please']) {
      expect(normalized.has(sentence)).toBe(true);
    }
    expect(customerPhrases().every((phrase) => normalized.has(phrase))).toBe(true);
    expect(corpus.some((s) => s.includes('twenty nine dollars'))).toBe(true);
  });

  it('covers asking for a callback, and phone numbers given digit by digit after the ways customers introduce them', () => {
    for (const sentence of ['could you call me back please', 'i would like a callback', 'can someone get back to me']) expect(normalized.has(sentence)).toBe(true);
    const phones = corpus.map(joinSpokenDigits).filter((s) => /^(my phone number is|you can reach me at) \d{10,11}$/.test(s));
    expect(phones.length).toBeGreaterThan(10);
  });

  it('speaks order numbers of every length digit by digit, with "oh" and "double" as customers do', () => {
    const lengths = new Set(corpus.map((s) => joinSpokenDigits(s).match(/\d{3,}/)?.[0]?.length).filter(Boolean));
    for (const length of [3, 5, 8, 10]) expect(lengths.has(length)).toBe(true);
    expect(corpus.some((s) => /\boh\b/.test(s)) && corpus.some((s) => /\bdouble\b/.test(s))).toBe(true);
    let n = 0;
    const rand = (): number => ((n = (n + 0.37) % 1), n);
    expect(joinSpokenDigits(speakDigits('4578812', rand))).toBe('4578812');
  });
});

describe('spoken digits', () => {
  it('joins runs of three or more digits, with oh as zero and double as a repeat', () => {
    expect(joinSpokenDigits('my order number is four five seven eight one two')).toBe('my order number is 457812');
    expect(joinSpokenDigits('order nine double four two one.')).toBe('order 94421.');
    expect(joinSpokenDigits('it is oh seven three nine')).toBe('it is 0739');
    expect(joinSpokenDigits('oh i want two plans and one more thing')).toBe('oh i want two plans and one more thing');
  });
});

describe.skipIf(skipWithoutEngines('general language model tests', [{ file: `${MODEL_DIR}/en-us.lm.bin`, apt: 'pocketsphinx-en-us' }]))('the general English model Debian ships', () => {
  it('is read from its trie binary with the probabilities sphinxbase stores', async () => {
    const general = await readTrieModel(`${MODEL_DIR}/en-us.lm.bin`, (word, rank) => rank < 2000 || word === '<s>' || word === '</s>');
    expect(general.grams[0]!.get('the')!.logProb).toBeCloseTo(-1.3895, 3);
    expect(general.grams[1]!.get('my order')!.logProb).toBeCloseTo(-3.5376, 2);
    // Unpruned, P(.|my) over the words kept sums to about the share of text those words cover.
    expect(mass(general, ['my'])).toBeGreaterThan(0.5);
    expect(mass(general, ['my'])).toBeLessThan(1.0001);
  });

  it('builds the recognizer\'s files once and finds them in the cache the next time', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'ccw-lm-build-'));
    const sources = { corpus: speechCorpus(), phrases: customerPhrases() };
    const first = await prepareRecognizerFiles(MODEL_DIR, sources, cache);
    const arpa = parseArpa(readFileSync(first.languageModelPath, 'utf8'));
    for (const context of [['my', 'order'], ['i', 'want'], ['<s>']]) expect(mass(arpa, context)).toBeCloseTo(1, 2);
    const started = performance.now();
    const second = await prepareRecognizerFiles(MODEL_DIR, sources, cache);
    expect(performance.now() - started).toBeLessThan(500);
    expect(second).toEqual(first);
  }, 60_000);
});

describe('buildJsgfGrammar', () => {
  it('writes a JSGF grammar of the phrases, lower case, deduplicated, unknown words reported', () => {
    const known = new Set(['i', 'want', 'a', 'refund', 'hello', "don't", 'go']);
    const grammar = buildJsgfGrammar(['I want a REFUND!', 'Hello.', 'hello', "Don\u2019t go", 'i want a pony', '...'], (w) => known.has(w));
    expect(grammar.phrases).toEqual(['i want a refund', 'hello', "don't go"]);
    expect(grammar.rejected).toEqual([
      { phrase: 'i want a pony', unknownWords: ['pony'] },
      { phrase: '...', unknownWords: [] },
    ]);
    expect(grammar.text).toMatch(/^#JSGF V1\.0;\n/);
    expect(grammar.text).toContain("public <utterance> = ( i want a refund\n  | hello\n  | don't go );");
  });

  it('spells phrases the way the dictionary does and refuses an empty grammar', () => {
    expect(normalizePhrase('  Caf\u00e9 <sales> | "pro"; plan/2 ')).toBe('cafe sales pro plan 2');
    expect(() => buildJsgfGrammar(['zzz'], () => false)).toThrow(RangeError);
  });
});
