/**
 * Linear interpolation of two back-off models into one, as a static model pocketsphinx can load: Debian's
 * pocketsphinx 0.8 reads one model per search and cannot interpolate at run time (`-lmctl` only selects).
 */
import { BOS, logProb, setBackoffs, type LanguageModel, type Ngram } from './lm-arpa.ts';

/** Options of `interpolate`. */
export interface MixOptions {
  /** Weight of the domain model, 0..1; the general model gets the rest. */
  readonly domainWeight: number;
  /** General-model words to keep besides the domain's own (the decoder's vocabulary). */
  readonly keepGeneral: (word: string) => boolean;
}

/**
 * P(w|h) = λ·P_domain(w|h) + (1-λ)·P_general(w|h) for every n-gram either model lists, over the domain's words
 * plus the general words kept; the general model's share is renormalized over the words kept, and every
 * context's back-off weight is recomputed so each conditional distribution still sums to 1 (SRILM's
 * static mixing does the same).
 */
export function interpolate(domain: LanguageModel, general: LanguageModel, options: MixOptions): LanguageModel {
  const lambda = options.domainWeight;
  const vocabulary = new Set<string>();
  for (const word of domain.grams[0]!.keys()) vocabulary.add(word);
  for (const word of general.grams[0]!.keys()) if (options.keepGeneral(word)) vocabulary.add(word);
  const inVocabulary = (key: string): boolean => key.split(' ').every((word) => vocabulary.has(word));

  let generalMass = 0;
  for (const word of vocabulary) if (word !== BOS) generalMass += 10 ** (general.grams[0]!.get(word)?.logProb ?? -Infinity);
  const mixed = (context: readonly string[], word: string): number => {
    const d = 10 ** logProb(domain, context, word);
    const g = 10 ** logProb(general, context, word) / generalMass;
    return Math.log10(lambda * d + (1 - lambda) * g);
  };

  const order = Math.max(domain.grams.length, general.grams.length);
  const grams: Map<string, Ngram>[] = [];
  for (let n = 1; n <= order; n++) {
    const level = new Map<string, Ngram>();
    for (const source of [domain, general]) {
      for (const key of source.grams[n - 1]?.keys() ?? []) {
        if (level.has(key) || !inVocabulary(key)) continue;
        const words = key.split(' ');
        const word = words[words.length - 1]!;
        level.set(key, { logProb: word === BOS ? -99 : mixed(words.slice(0, -1), word), backoff: 0 });
      }
    }
    grams.push(level);
    if (n >= 2) setBackoffs({ grams }, n);
  }
  return { grams };
}
