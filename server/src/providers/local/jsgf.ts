/**
 * Builds the JSGF grammar of the assistant's exact customer phrases, decoded beside the language model: it
 * picks the right phrase out of a closed list even from voices the language model hears badly (espeak-ng's),
 * and pocketsphinx refuses to load a grammar holding a word its dictionary lacks, so such phrases are left out.
 */

/** A phrase left out of the grammar, with the words the dictionary does not know. */
export interface RejectedPhrase {
  readonly phrase: string;
  readonly unknownWords: readonly string[];
}

/** The grammar text and what went into it. */
export interface JsgfGrammar {
  /** A complete JSGF document whose public rule `<utterance>` is one of the phrases. */
  readonly text: string;
  /** The normalized phrases in the grammar, deduplicated, in the order given. */
  readonly phrases: readonly string[];
  /** Phrases left out because a word is not in the dictionary (or nothing speakable was left). */
  readonly rejected: readonly RejectedPhrase[];
}

/**
 * Spells a phrase the way the CMU dictionary does: lower case, ASCII letters, apostrophes kept inside words
 * ("don't", "i'm"), everything else a word break. JSGF's special characters cannot survive this.
 */
export function normalizePhrase(phrase: string): string {
  return phrase
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents: "café" -> "cafe"
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[^a-z0-9']+/g, ' ')
    .split(' ')
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter((word) => word !== '')
    .join(' ');
}

/** Every distinct word of the phrases after normalization: what to look up in the dictionary. */
export function phraseWords(phrases: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const phrase of phrases) for (const word of normalizePhrase(phrase).split(' ')) if (word) words.add(word);
  return words;
}

/**
 * Builds a JSGF grammar accepting exactly one of `phrases`. Phrases holding a word for which `isKnownWord`
 * is false are reported in `rejected`, not included. Throws RangeError when no phrase is left, since an
 * empty alternative list is not valid JSGF.
 */
export function buildJsgfGrammar(phrases: readonly string[], isKnownWord: (word: string) => boolean): JsgfGrammar {
  const accepted: string[] = [];
  const seen = new Set<string>();
  const rejected: RejectedPhrase[] = [];
  for (const original of phrases) {
    const phrase = normalizePhrase(original);
    if (phrase === '') {
      rejected.push({ phrase: original, unknownWords: [] });
      continue;
    }
    const unknownWords = [...new Set(phrase.split(' ').filter((word) => !isKnownWord(word)))];
    if (unknownWords.length > 0) rejected.push({ phrase: original, unknownWords });
    else if (!seen.has(phrase)) {
      seen.add(phrase);
      accepted.push(phrase);
    }
  }
  if (accepted.length === 0) {
    throw new RangeError(`buildJsgfGrammar: none of the ${phrases.length} phrase(s) can be recognized (every one is empty or has a word missing from the dictionary)`);
  }
  const text = [
    '#JSGF V1.0;',
    '',
    '// Generated from the local persona engine\'s customer phrases; regenerated when they change.',
    'grammar customer;',
    '',
    `public <utterance> = ( ${accepted.join('\n  | ')} );`,
    '',
  ].join('\n');
  return { text, phrases: accepted, rejected };
}
