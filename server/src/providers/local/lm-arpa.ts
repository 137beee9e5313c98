/**
 * Back-off n-gram language models in memory: estimated from sentences with absolute discounting, evaluated
 * with back-off, interpolated, and written as ARPA text for pocketsphinx. No npm package writes ARPA models
 * under a permissive licence, and this is small enough to own.
 */

/** One n-gram: log10 probability, and the log10 back-off weight of the n-gram used as a context. */
export interface Ngram {
  readonly logProb: number;
  readonly backoff: number;
}

/** A back-off model: `grams[n - 1]` holds the n-grams, keyed by their words joined with one space. */
export interface LanguageModel {
  readonly grams: readonly ReadonlyMap<string, Ngram>[];
}

/** Sentence start, as ARPA and pocketsphinx spell it. */
export const BOS = '<s>';
/** Sentence end. */
export const EOS = '</s>';
/** ARPA's "never": the start mark is a context, never predicted. */
const NEVER = -99;

/** log10 P(word | context) with back-off; `context` is the preceding words, oldest first. -Infinity if unknown. */
export function logProb(model: LanguageModel, context: readonly string[], word: string): number {
  const usable = context.slice(Math.max(0, context.length - (model.grams.length - 1)));
  let backoff = 0;
  for (let start = 0; start <= usable.length; start++) {
    const history = usable.slice(start);
    const found = model.grams[history.length]?.get([...history, word].join(' '));
    if (found) return found.logProb + backoff;
    if (history.length > 0) backoff += model.grams[history.length - 1]?.get(history.join(' '))?.backoff ?? 0;
  }
  return -Infinity;
}

/** Words of the model that can follow a context (every unigram but the start mark). */
export function predictable(model: LanguageModel): string[] {
  return [...model.grams[0]!.keys()].filter((word) => word !== BOS);
}

/** The discount of one order from its counts of counts (Ney's estimate), kept within sensible bounds. */
function discountFor(counts: Iterable<number>): number {
  let once = 0;
  let twice = 0;
  for (const count of counts) {
    if (count === 1) once++;
    else if (count === 2) twice++;
  }
  const estimate = once + twice === 0 ? 0.5 : once / (once + 2 * twice);
  return Math.min(0.7, Math.max(0.1, estimate));
}

/**
 * Estimates a back-off model of the given order (1-3) from tokenized sentences. Higher orders use absolute
 * discounting; the mass taken off each context goes to the lower order, scaled so P(.|context) sums to 1.
 * Unigrams are maximum likelihood over the corpus: the vocabulary is closed (interpolation adds the rest).
 */
export function estimate(sentences: readonly (readonly string[])[], order = 3): LanguageModel {
  const counts: Map<string, number>[] = Array.from({ length: order }, () => new Map());
  for (const sentence of sentences) {
    const tokens = [BOS, ...sentence, EOS];
    for (let n = 1; n <= order; n++) {
      for (let end = n; end <= tokens.length; end++) {
        const key = tokens.slice(end - n, end).join(' ');
        counts[n - 1]!.set(key, (counts[n - 1]!.get(key) ?? 0) + 1);
      }
    }
  }
  const unigrams = new Map<string, Ngram>();
  let total = 0;
  for (const [word, count] of counts[0]!) if (word !== BOS) total += count;
  for (const [word, count] of counts[0]!) unigrams.set(word, { logProb: word === BOS ? NEVER : Math.log10(count / total), backoff: 0 });
  const grams: Map<string, Ngram>[] = [unigrams];

  for (let n = 2; n <= order; n++) {
    const discount = discountFor(counts[n - 1]!.values());
    // Per context: total count and number of distinct followers.
    const contexts = new Map<string, { total: number; types: number }>();
    for (const [key, count] of counts[n - 1]!) {
      const context = key.slice(0, key.lastIndexOf(' '));
      const entry = contexts.get(context) ?? { total: 0, types: 0 };
      entry.total += count;
      entry.types += 1;
      contexts.set(context, entry);
    }
    const level = new Map<string, Ngram>();
    for (const [key, count] of counts[n - 1]!) {
      const context = contexts.get(key.slice(0, key.lastIndexOf(' ')))!;
      level.set(key, { logProb: Math.log10((count - discount) / context.total), backoff: 0 });
    }
    grams.push(level);
    setBackoffs({ grams }, n, (context) => {
      const c = contexts.get(context)!;
      return (discount * c.types) / c.total;
    });
  }
  return { grams };
}

/**
 * Sets the back-off weight of every context of order n - 1 that has n-grams, so that P(.|context) sums to 1:
 * the weight is the mass left to unseen words over the lower order's mass of those same words.
 * `leftover(context)` gives that mass directly when known (estimation); otherwise it is 1 minus the seen mass.
 */
export function setBackoffs(model: LanguageModel, n: number, leftover?: (context: string) => number): void {
  const seen = new Map<string, { mass: number; lowerMass: number }>();
  for (const [key, gram] of model.grams[n - 1]!) {
    const words = key.split(' ');
    const context = words.slice(0, -1).join(' ');
    const entry = seen.get(context) ?? { mass: 0, lowerMass: 0 };
    entry.mass += 10 ** gram.logProb;
    entry.lowerMass += 10 ** logProb(model, words.slice(1, -1), words[words.length - 1]!);
    seen.set(context, entry);
  }
  const contexts = model.grams[n - 2] as Map<string, Ngram>;
  for (const [context, { mass, lowerMass }] of seen) {
    const left = Math.max(leftover?.(context) ?? 1 - mass, 0);
    const lowerLeft = 1 - lowerMass;
    const gram = contexts.get(context);
    if (!gram) throw new Error(`n-gram context "${context}" has no entry of its own`);
    // Nothing left (every word was seen, or rounding): back-off is never used, but ARPA wants a number.
    const backoff = left <= 1e-9 || lowerLeft <= 1e-9 ? NEVER : Math.log10(left / lowerLeft);
    contexts.set(context, { logProb: gram.logProb, backoff });
  }
}

/** Formats a model as ARPA text, n-grams in a stable order, four decimals as sphinxbase writes them. */
export function writeArpa(model: LanguageModel): string {
  const order = model.grams.length;
  const lines = ['\\data\\', ...model.grams.map((level, i) => `ngram ${i + 1}=${level.size}`), ''];
  model.grams.forEach((level, i) => {
    lines.push(`\\${i + 1}-grams:`);
    for (const [key, gram] of [...level].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const fields = [gram.logProb.toFixed(4), key.replace(/ /g, '\t')];
      if (i + 1 < order) fields.push(gram.backoff.toFixed(4));
      lines.push(fields.join('\t'));
    }
    lines.push('');
  });
  lines.push('\\end\\', '');
  return lines.join('\n');
}

/** Reads ARPA text back (used to check what was written). Throws on a malformed file. */
export function parseArpa(text: string): LanguageModel {
  const lines = text.split('\n');
  const declared: number[] = [];
  const grams: Map<string, Ngram>[] = [];
  let section = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line === '\\data\\') continue;
    const count = /^ngram (\d+)=(\d+)$/.exec(line);
    if (count) {
      declared[Number(count[1]) - 1] = Number(count[2]);
      continue;
    }
    const header = /^\\(\d+)-grams:$/.exec(line);
    if (header) {
      section = Number(header[1]);
      grams[section - 1] = new Map();
      continue;
    }
    if (line === '\\end\\') break;
    const fields = line.split(/\s+/);
    const logProb = Number(fields[0]);
    const words = fields.slice(1, 1 + section);
    const backoff = fields.length > 1 + section ? Number(fields[1 + section]) : 0;
    if (section === 0 || words.length !== section || !Number.isFinite(logProb) || !Number.isFinite(backoff)) {
      throw new Error(`malformed ARPA line: ${line}`);
    }
    grams[section - 1]!.set(words.join(' '), { logProb, backoff });
  }
  grams.forEach((level, i) => {
    if (level.size !== declared[i]) throw new Error(`ARPA declares ${declared[i]} ${i + 1}-grams but lists ${level.size}`);
  });
  if (grams.length === 0 || grams.length !== declared.length) throw new Error('ARPA file has no n-gram sections');
  return { grams };
}
