/**
 * Prepares what the offline recognizer loads on every run: the phrase grammar, the phone-loop grammar used
 * to verify its answers (see pocketsphinx-output.ts), and a dictionary holding only the words and phones
 * those grammars use. Cutting CMUdict's 134,000 words to a few hundred makes each run ~200 ms faster.
 */
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildJsgfGrammar, phraseWords, type RejectedPhrase } from './jsgf.ts';

/** Where Debian's pocketsphinx-en-us puts the model pieces, relative to the model folder. */
export function modelPaths(modelDir: string): { hmm: string; dictionary: string } {
  return { hmm: join(modelDir, 'en-us'), dictionary: join(modelDir, 'cmudict-en-us.dict') };
}

/** Files written for the recognizer. */
export interface RecognizerFiles {
  readonly grammarPath: string;
  readonly phoneLoopPath: string;
  readonly dictionaryPath: string;
  /** Phrases in the grammar, normalized. */
  readonly phrases: readonly string[];
  /** Phrases left out because a word is not in the dictionary. */
  readonly rejected: readonly RejectedPhrase[];
}

/** Prefix of the phone-loop's pseudo-words; no English word starts like this. */
const PHONE_WORD_PREFIX = 'phn_';

/**
 * Checks the model files exist, then writes the grammars and the reduced dictionary into `dir`.
 * Throws an Error naming the missing file, or RangeError when no phrase can be recognized.
 */
export async function prepareRecognizerFiles(modelDir: string, phrases: readonly string[], dir: string): Promise<RecognizerFiles> {
  const paths = modelPaths(modelDir);
  for (const file of [join(paths.hmm, 'mdef'), join(paths.hmm, 'means'), paths.dictionary]) {
    await access(file).catch((cause: unknown) => {
      throw new Error(`pocketsphinx model file missing: ${file}`, { cause });
    });
  }
  const wanted = phraseWords(phrases);
  const { entries, phones } = await readDictionary(paths.dictionary, wanted);
  const known = new Set(entries.map((line) => baseWord(line.slice(0, line.indexOf(' ')))));
  const grammar = buildJsgfGrammar(phrases, (word) => known.has(word));

  const used = new Set(grammar.phrases.flatMap((phrase) => phrase.split(' ')));
  const phoneList = [...phones].sort();
  const dictionary = [
    ...entries.filter((line) => used.has(baseWord(line.slice(0, line.indexOf(' '))))),
    ...phoneList.map((phone) => `${PHONE_WORD_PREFIX}${phone.toLowerCase()} ${phone}`),
  ];
  const phoneLoop = [
    '#JSGF V1.0;',
    '',
    '// Any sequence of phones: the yardstick the phrase grammar\'s answer is measured against.',
    'grammar phoneloop;',
    '',
    'public <utterance> = <phone>+;',
    `<phone> = ( ${phoneList.map((phone) => PHONE_WORD_PREFIX + phone.toLowerCase()).join(' | ')} );`,
    '',
  ].join('\n');

  const files = {
    grammarPath: join(dir, 'customer.gram'),
    phoneLoopPath: join(dir, 'phone-loop.gram'),
    dictionaryPath: join(dir, 'words.dict'),
  };
  await writeFile(files.grammarPath, grammar.text);
  await writeFile(files.phoneLoopPath, phoneLoop);
  await writeFile(files.dictionaryPath, `${dictionary.join('\n')}\n`);
  return { ...files, phrases: grammar.phrases, rejected: grammar.rejected };
}

/**
 * Reads CMUdict ("word PH ONES", alternates as "word(2) ..."), keeping the lines of the wanted words and
 * collecting every phone used, which is the model's phone set.
 */
async function readDictionary(path: string, wanted: ReadonlySet<string>): Promise<{ entries: string[]; phones: Set<string> }> {
  const entries: string[] = [];
  const phones = new Set<string>();
  for (const raw of (await readFile(path, 'utf8')).split('\n')) {
    const line = raw.trim();
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const pronunciation = line.slice(space + 1).trim().split(/\s+/);
    for (const phone of pronunciation) phones.add(phone);
    if (wanted.has(baseWord(line.slice(0, space)))) entries.push(`${line.slice(0, space)} ${pronunciation.join(' ')}`);
  }
  if (phones.size === 0) throw new Error(`pocketsphinx dictionary is empty: ${path}`);
  return { entries, phones };
}

/** `refund(2)` -> `refund`. */
function baseWord(entry: string): string {
  return entry.replace(/\(\d+\)$/, '');
}
