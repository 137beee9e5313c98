/**
 * Prepares what the offline recognizer loads on every run: a trigram language model of the call center's
 * domain interpolated with Debian's general English model, a grammar of the assistant's exact phrases (which
 * hears them even from voices the language model struggles with), a dictionary of the words both use, and the
 * phone-loop grammar the confidence gate measures answers against (see pocketsphinx-output.ts).
 *
 * Building takes a few seconds and a few hundred MB, so the files are cached on disk under a key made of
 * everything they are built from: a restart, a second server or a test file on the same machine reuses them.
 */
import { createHash, randomUUID } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BOS, EOS, estimate, setBackoffs, writeArpa } from './lm-arpa.ts';
import { buildJsgfGrammar } from './jsgf.ts';
import { interpolate } from './lm-mix.ts';
import { readTrieModel } from './pocketsphinx-lm-bin.ts';

/** Where Debian's pocketsphinx-en-us puts the model pieces, relative to the model folder. */
export function modelPaths(modelDir: string): { hmm: string; dictionary: string; generalLm: string } {
  return { hmm: join(modelDir, 'en-us'), dictionary: join(modelDir, 'cmudict-en-us.dict'), generalLm: join(modelDir, 'en-us.lm.bin') };
}

/** How the language model is built; the defaults are what the benchmark measured best (bench/recognition.mjs). */
export interface LanguageModelOptions {
  /** Interpolation weight of the domain model (the general model gets the rest). */
  readonly domainWeight: number;
  /** Most probable general-English words kept besides the domain's own. */
  readonly generalWords: number;
  /** log10 joint-probability floors below which general bigrams and trigrams are pruned. */
  readonly minBigramLogJoint: number;
  readonly minTrigramLogJoint: number;
}

/** The defaults. */
export const LANGUAGE_MODEL_DEFAULTS: LanguageModelOptions = { domainWeight: 0.5, generalWords: 20_000, minBigramLogJoint: -6, minTrigramLogJoint: -6 };

/** Files written for the recognizer, and what went into them. */
export interface RecognizerFiles {
  readonly languageModelPath: string;
  readonly grammarPath: string;
  readonly phoneLoopPath: string;
  readonly dictionaryPath: string;
  /** Words the language model (and so the recognizer) knows. */
  readonly vocabularySize: number;
  /** Unigrams, bigrams, trigrams in the language model. */
  readonly ngramCounts: readonly number[];
  /** Exact phrases in the grammar, normalized. */
  readonly phrases: readonly string[];
  /** Corpus sentences left out because a word is not in the pronunciation dictionary, and those words. */
  readonly skippedSentences: number;
  readonly unknownWords: readonly string[];
}

/** Prefix of the phone-loop's pseudo-words; no English word starts like this. */
const PHONE_WORD_PREFIX = 'phn_';
/** Bump when the build changes, so old caches are not reused. */
const BUILD_VERSION = 1;
const FILES = { languageModel: 'customer.lm', grammar: 'phrases.gram', phoneLoop: 'phone-loop.gram', dictionary: 'words.dict', summary: 'summary.json' };

/** Customer sentences the domain language model is estimated from, made only when a model must be built. */
export interface SpeechCorpus {
  /** Changes whenever `sentences()` would give something else; names the cached model. */
  readonly key: string;
  readonly sentences: () => readonly string[];
}

/** What the recognizer is built from. */
export interface RecognizerSources {
  readonly corpus: SpeechCorpus;
  /** The assistant's exact phrases, recognized through a grammar besides the language model. */
  readonly phrases: readonly string[];
}

/**
 * Returns the recognizer's files, building them into `cacheRoot/<key>/` unless they are there already.
 * Throws an Error naming a missing model file, or a RangeError when no corpus sentence can be used.
 */
export async function prepareRecognizerFiles(modelDir: string, sources: RecognizerSources, cacheRoot: string, options: LanguageModelOptions = LANGUAGE_MODEL_DEFAULTS): Promise<RecognizerFiles> {
  const paths = modelPaths(modelDir);
  const sizes: number[] = [];
  for (const file of [join(paths.hmm, 'mdef'), join(paths.hmm, 'means'), paths.dictionary, paths.generalLm]) {
    const info = await stat(file).catch((cause: unknown) => {
      throw new Error(`pocketsphinx model file missing: ${file}`, { cause });
    });
    sizes.push(info.size, info.mtimeMs);
  }
  // The corpus is keyed, not generated, here: making it costs the server memory it would keep (V8 does not
  // give the pages back), and a started server normally finds its model in the cache.
  const key = createHash('sha256')
    .update(JSON.stringify({ BUILD_VERSION, modelDir, sizes, options, corpus: sources.corpus.key, phrases: sources.phrases }))
    .digest('hex')
    .slice(0, 20);
  const dir = join(cacheRoot, key);
  const files = { languageModelPath: join(dir, FILES.languageModel), grammarPath: join(dir, FILES.grammar), phoneLoopPath: join(dir, FILES.phoneLoop), dictionaryPath: join(dir, FILES.dictionary) };
  const cached = await readFile(join(dir, FILES.summary), 'utf8').then((text) => JSON.parse(text) as Omit<RecognizerFiles, keyof typeof files>, () => undefined);
  if (cached) return { ...files, ...cached };

  // Built beside the cache entry and renamed into place, so a concurrent start never sees half a model.
  const building = join(cacheRoot, `${key}.${randomUUID()}.tmp`);
  await mkdir(building, { recursive: true });
  try {
    const summary = await build(paths, sources, options, building);
    await writeFile(join(building, FILES.summary), JSON.stringify(summary));
    await rename(building, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished first: its files are the same, keep them.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      await access(join(dir, FILES.summary));
    });
    return { ...files, ...summary };
  } finally {
    await rm(building, { recursive: true, force: true });
  }
}

type Summary = Omit<RecognizerFiles, 'languageModelPath' | 'grammarPath' | 'phoneLoopPath' | 'dictionaryPath'>;

async function build(paths: ReturnType<typeof modelPaths>, sources: RecognizerSources, options: LanguageModelOptions, dir: string): Promise<Summary> {
  const dictionary = await readDictionary(paths.dictionary);
  const corpus = sources.corpus.sentences();
  const phrases = sources.phrases;
  const sentences: string[][] = [];
  const unknown = new Set<string>();
  for (const sentence of corpus) {
    const words = normalizeSentence(sentence);
    const missing = words.filter((word) => !dictionary.words.has(word));
    if (words.length > 0 && missing.length === 0) sentences.push(words);
    else for (const word of missing) unknown.add(word);
  }
  if (sentences.length === 0) throw new RangeError('None of the corpus sentences can be recognized: each has a word missing from the pronunciation dictionary.');

  const domain = estimate(sentences, 3);
  const general = await readTrieModel(paths.generalLm, (word, rank) => word === BOS || word === EOS || (rank < options.generalWords && dictionary.words.has(word)), options);
  // Pruning removed n-grams, so the general model's own back-off weights no longer add up: recompute them.
  setBackoffs(general, 2);
  setBackoffs(general, 3);
  const mixed = interpolate(domain, general, { domainWeight: options.domainWeight, keepGeneral: () => true });

  const grammar = buildJsgfGrammar(phrases, (word) => dictionary.words.has(word));
  const vocabulary = new Set([...mixed.grams[0]!.keys()].filter((word) => word !== BOS && word !== EOS));
  for (const phrase of grammar.phrases) for (const word of phrase.split(' ')) vocabulary.add(word);
  const phones = [...dictionary.phones].sort();
  const entries = dictionary.lines.filter((line) => vocabulary.has(baseWord(line.slice(0, line.indexOf(' ')))));
  const phoneWords = phones.map((phone) => `${PHONE_WORD_PREFIX}${phone.toLowerCase()} ${phone}`);
  const phoneLoop = [
    '#JSGF V1.0;',
    '',
    '// Any sequence of phones: the yardstick the language model\'s answer is measured against.',
    'grammar phoneloop;',
    '',
    'public <utterance> = <phone>+;',
    `<phone> = ( ${phones.map((phone) => PHONE_WORD_PREFIX + phone.toLowerCase()).join(' | ')} );`,
    '',
  ].join('\n');
  await writeFile(join(dir, FILES.languageModel), writeArpa(mixed));
  await writeFile(join(dir, FILES.dictionary), `${[...entries, ...phoneWords].join('\n')}\n`);
  await writeFile(join(dir, FILES.phoneLoop), phoneLoop);
  await writeFile(join(dir, FILES.grammar), grammar.text);
  return {
    phrases: grammar.phrases,
    vocabularySize: vocabulary.size,
    ngramCounts: mixed.grams.map((level) => level.size),
    skippedSentences: corpus.length - sentences.length,
    unknownWords: [...unknown].sort(),
  };
}

/**
 * Spells a sentence the way the CMU dictionary does: lower case, ASCII letters, apostrophes kept inside words
 * ("don't", "i'm"), digits as words are left to the corpus; anything else is a word break.
 */
export function normalizeSentence(sentence: string): string[] {
  return sentence
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents: "café" -> "cafe"
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[^a-z0-9']+/g, ' ')
    .split(' ')
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter((word) => word !== '');
}

/**
 * Reads CMUdict ("word PH ONES", alternates as "word(2) ..."): its lines, the set of its words, and every
 * phone used, which is the acoustic model's phone set.
 */
async function readDictionary(path: string): Promise<{ lines: string[]; words: Set<string>; phones: Set<string> }> {
  const lines: string[] = [];
  const words = new Set<string>();
  const phones = new Set<string>();
  for (const raw of (await readFile(path, 'utf8')).split('\n')) {
    const line = raw.trim();
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const pronunciation = line.slice(space + 1).trim().split(/\s+/);
    for (const phone of pronunciation) phones.add(phone);
    words.add(baseWord(line.slice(0, space)));
    lines.push(`${line.slice(0, space)} ${pronunciation.join(' ')}`);
  }
  if (phones.size === 0) throw new Error(`pocketsphinx dictionary is empty: ${path}`);
  return { lines, words, phones };
}

/** `refund(2)` -> `refund`. */
function baseWord(entry: string): string {
  return entry.replace(/\(\d+\)$/, '');
}
