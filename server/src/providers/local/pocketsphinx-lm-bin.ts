/**
 * Reads the trie binary language model sphinxbase writes (`en-us.lm.bin`, "Trie Language Model"), so the
 * general English model Debian ships can be interpolated with the call center's own model. Debian's
 * `sphinx_lm_convert` cannot turn this file into ARPA (its writer asserts on the file's padded bigram count),
 * so the format is read here: a header, 16-bit quantization tables, unigrams as floats, then bit-packed
 * bigrams and trigrams stored in reverse (the last word first, then its history, as KenLM does).
 */
import { readFile } from 'node:fs/promises';
import type { LanguageModel, Ngram } from './lm-arpa.ts';

/** Thresholds on log10 P(history, word) below which bigrams and trigrams are left out. */
export interface Pruning {
  readonly minBigramLogJoint: number;
  readonly minTrigramLogJoint: number;
}
const NO_PRUNING: Pruning = { minBigramLogJoint: -Infinity, minTrigramLogJoint: -Infinity };

const MAGIC = 'Trie Language Model';
// sphinxbase stores log probabilities in its log-math units (base 1.0001) as floats.
const LOG10_PER_UNIT = Math.log10(1.0001);
const QUANT_BINS = 1 << 16;

/** Bits needed to store values up to `max` (sphinxbase's bitarr_required_bits). */
function requiredBits(max: number): number {
  let bits = 0;
  while (max > 0) {
    bits++;
    max = Math.floor(max / 2);
  }
  return bits;
}

/** Reads `length` (<= 25) bits at bit `offset`, little-endian, as sphinxbase's bitarr_read_int25 does. */
function readBits(data: Buffer, offset: number, length: number): number {
  const byte = offset >>> 3;
  const value = data[byte]! | (data[byte + 1]! << 8) | (data[byte + 2]! << 16) | ((data[byte + 3] ?? 0) << 24);
  return ((value >>> (offset & 7)) & ((1 << length) - 1)) >>> 0;
}

/** Sizes of one packed n-gram array, in sphinxbase's layout (one extra entry, 8 bytes of slack). */
function packedBytes(entries: number, totalBits: number): number {
  return Math.floor(((1 + entries) * totalBits + 7) / 8) + 8;
}

/**
 * Reads a trigram trie model, keeping only the words for which `keep(word, rank)` is true (rank 0 is the most
 * probable word) and the n-grams made of them: the vocabulary the recognizer will use. Throws on another format.
 */
export async function readTrieModel(path: string, keep: (word: string, rank: number) => boolean = () => true, pruning: Pruning = NO_PRUNING): Promise<LanguageModel> {
  const data = await readFile(path);
  if (data.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error(`${path} is not a sphinxbase trie language model`);
  let at = MAGIC.length;
  const order = data[at]!;
  at += 1;
  if (order !== 3) throw new Error(`${path}: only trigram models are supported, this one is of order ${order}`);
  const counts = [0, 1, 2].map((i) => data.readUInt32LE(at + 4 * i));
  at += 4 * order;
  const [nUnigrams, nBigrams, nTrigrams] = counts as [number, number, number];

  at += 4; // an unused int before the tables
  const table = (index: number): Float32Array => {
    const table = new Float32Array(QUANT_BINS);
    for (let i = 0; i < QUANT_BINS; i++) table[i] = data.readFloatLE(at + 4 * (index * QUANT_BINS + i));
    return table;
  };
  const bigramProbs = table(0);
  const bigramBackoffs = table(1);
  const trigramProbs = table(2);
  at += 3 * QUANT_BINS * 4;

  const unigramLogProb = new Float32Array(nUnigrams);
  const unigramBackoff = new Float32Array(nUnigrams);
  const unigramNext = new Uint32Array(nUnigrams + 1);
  for (let i = 0; i <= nUnigrams; i++) {
    const base = at + 12 * i;
    if (i < nUnigrams) {
      unigramLogProb[i] = data.readFloatLE(base) * LOG10_PER_UNIT;
      unigramBackoff[i] = data.readFloatLE(base + 4) * LOG10_PER_UNIT;
    }
    unigramNext[i] = data.readUInt32LE(base + 8);
  }
  at += 12 * (nUnigrams + 1);

  const wordBits = requiredBits(nUnigrams);
  const nextBits = requiredBits(nTrigrams);
  const middleBits = wordBits + 32 + nextBits;
  const longestBits = wordBits + 16;
  const middle = data.subarray(at, at + packedBytes(nBigrams, middleBits));
  at += packedBytes(nBigrams, middleBits);
  const longest = data.subarray(at, at + packedBytes(nTrigrams, longestBits));
  at += packedBytes(nTrigrams, longestBits);

  const stringBytes = data.readInt32LE(at);
  at += 4;
  const words = data.toString('latin1', at, at + stringBytes).split('\0').slice(0, nUnigrams);
  if (words.length !== nUnigrams) throw new Error(`${path}: expected ${nUnigrams} words, found ${words.length}`);

  const rank = new Uint32Array(nUnigrams);
  [...rank.keys()].sort((a, b) => unigramLogProb[b]! - unigramLogProb[a]!).forEach((word, i) => (rank[word] = i));
  const kept = words.map((word, i) => keep(word, rank[i]!));
  const unigrams = new Map<string, Ngram>();
  words.forEach((word, i) => {
    if (kept[i]) unigrams.set(word, { logProb: unigramLogProb[i]!, backoff: unigramBackoff[i]! });
  });
  // Pruning by joint probability P(history, word), the share of running text an n-gram stands for: the
  // general model's long tail of rare n-grams costs load time and memory and adds almost nothing here.
  const startLogProb = Math.log10(1 / 12); // <s> opens every sentence; about one word in twelve
  const contextLogProb = (i: number): number => (words[i] === '<s>' ? startLogProb : unigramLogProb[i]!);
  const bigrams = new Map<string, Ngram>();
  const bigramJoint = new Map<string, number>();
  const entries = (last: number, visit: (bit: number, previous: number) => void): void => {
    for (let entry = unigramNext[last]!; entry < unigramNext[last + 1]!; entry++) {
      const bit = entry * middleBits;
      const previous = readBits(middle, bit, wordBits);
      if (kept[previous]) visit(bit, previous);
    }
  };
  for (let last = 0; last < nUnigrams; last++) {
    if (!kept[last]) continue;
    entries(last, (bit, previous) => {
      const logProb = bigramProbs[readBits(middle, bit + wordBits + 16, 16)]! * LOG10_PER_UNIT;
      const joint = contextLogProb(previous) + logProb;
      if (joint < pruning.minBigramLogJoint) return;
      const backoff = bigramBackoffs[readBits(middle, bit + wordBits, 16)]! * LOG10_PER_UNIT;
      const key = `${words[previous]} ${words[last]}`;
      bigrams.set(key, { logProb, backoff });
      bigramJoint.set(key, joint);
    });
  }
  const trigrams = new Map<string, Ngram>();
  for (let last = 0; last < nUnigrams; last++) {
    if (!kept[last]) continue;
    entries(last, (bit, previous) => {
      const suffix = `${words[previous]} ${words[last]}`;
      if (!bigrams.has(suffix)) return;
      const from = readBits(middle, bit + wordBits + 32, nextBits);
      const to = readBits(middle, bit + middleBits + wordBits + 32, nextBits);
      for (let t = from; t < to; t++) {
        const first = readBits(longest, t * longestBits, wordBits);
        const contextJoint = kept[first] ? bigramJoint.get(`${words[first]} ${words[previous]}`) : undefined;
        if (contextJoint === undefined) continue;
        const logProb = trigramProbs[readBits(longest, t * longestBits + wordBits, 16)]! * LOG10_PER_UNIT;
        if (contextJoint + logProb >= pruning.minTrigramLogJoint) trigrams.set(`${words[first]} ${suffix}`, { logProb, backoff: 0 });
      }
    });
  }
  return { grams: [unigrams, bigrams, trigrams] };
}
