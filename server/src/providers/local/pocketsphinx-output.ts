/**
 * Reads what `pocketsphinx_continuous -backtrace yes` prints and turns it into a transcript and a confidence.
 *
 * Each recording is decoded twice at once: with the language model, and with a free loop of phones (a
 * "garbage model" that fits any sound). The gate compares the two, as utterance verification does, and also
 * reads the language-model decode's own word posteriors (from its lattice):
 *
 * - posterior: the words' posterior probabilities, averaged over their frames. Speech the model hears clearly
 *   gets posteriors near 1; words it had to guess compete with others in the lattice and fall.
 * - acoustic margin: acoustic score per frame of the language-model decode minus that of the phone loop.
 *   Words that were said fit nearly as well as a loose string of phones; noise or mumbling forced into words
 *   fits much worse.
 */

/** One word (or filler such as `<sil>`) of a decoded segment, from the backtrace table. */
export interface DecodedWord {
  /** As printed, alternate pronunciations marked: `refund(2)`. */
  readonly word: string;
  /** First and last 10 ms frame, inclusive. */
  readonly startFrame: number;
  readonly endFrame: number;
  /** Posterior probability of the word in the lattice (1 when the search has no lattice). */
  readonly posterior: number;
  /** Acoustic score (log-likelihood, relative to each frame's best senone with `-compallsen yes`). */
  readonly acousticScore: number;
}

/** One segment (speech between pauses) of a decode. */
export type DecodedSegment = readonly DecodedWord[];

const TABLE_HEADER = /^word\s+start\s+end\s+pprob\s+ascr\s+lscr\s+lback\s*$/;
const TABLE_ROW = /^(\S+)\s+(-?\d+)\s+(-?\d+)\s+(-?[\d.]+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s*$/;
// The language-model search prints its (lattice) acoustic scores about 2^10 times larger than the grammar
// searches do on the same audio; they are divided back so the decodes compare.
const LATTICE_SCORE_SHIFT = 1024;

/** Extracts every backtrace table from the decoder's log (stderr), one per segment; INFO lines are skipped. */
export function parseBacktraces(log: string, latticeScores = false): DecodedSegment[] {
  const segments: DecodedWord[][] = [];
  let current: DecodedWord[] | undefined;
  for (const line of log.split('\n')) {
    if (TABLE_HEADER.test(line)) {
      current = [];
      segments.push(current);
      continue;
    }
    // The search interleaves its timing lines with the table.
    if (line.startsWith('INFO:')) continue;
    const row = current && TABLE_ROW.exec(line);
    if (!current || !row) {
      current = undefined;
      continue;
    }
    // (NULL) rows are the grammar's empty transitions: zero frames of audio, listed on a frame already counted.
    if (row[1] === '(NULL)') continue;
    current.push({
      word: row[1]!,
      startFrame: Number(row[2]),
      endFrame: Number(row[3]),
      posterior: Number(row[4]),
      acousticScore: Number(row[5]) / (latticeScores ? LATTICE_SCORE_SHIFT : 1),
    });
  }
  return segments;
}

/** True for the decoder's non-words: silence, sentence marks and noise fillers (`<sil>`, `[NOISE]`). */
export function isFiller(word: string): boolean {
  return word.startsWith('<') || word.startsWith('[');
}

/** The transcript of a decode: its words in order, fillers dropped, alternate pronunciations unmarked. */
export function transcriptOf(segments: readonly DecodedSegment[]): string {
  return segments
    .flatMap((segment) => segment.filter((w) => !isFiller(w.word)).map((w) => w.word.replace(/\(\d+\)$/, '')))
    .join(' ');
}

/** Totals of one decode over all its segments. */
export interface DecodeSummary {
  /** Frames in the backtrace, words and fillers. */
  readonly frames: number;
  /** Frames in real words (phones, for the phone loop). */
  readonly wordFrames: number;
  /** Sum of acoustic scores over all frames. */
  readonly acousticScore: number;
  /** Real words' posteriors averaged over their frames (0 when there is none). */
  readonly meanPosterior: number;
  readonly words: number;
}

/** Adds up one decode's frames and scores. */
export function summarizeDecode(segments: readonly DecodedSegment[]): DecodeSummary {
  let frames = 0;
  let wordFrames = 0;
  let acousticScore = 0;
  let posteriorFrames = 0;
  let words = 0;
  for (const segment of segments) {
    for (const word of segment) {
      const length = word.endFrame - word.startFrame + 1;
      frames += length;
      acousticScore += word.acousticScore;
      if (isFiller(word.word)) continue;
      wordFrames += length;
      words++;
      posteriorFrames += word.posterior * length;
    }
  }
  return { frames, wordFrames, acousticScore, meanPosterior: wordFrames ? posteriorFrames / wordFrames : 0, words };
}

/** How the language-model decode compares with the phone loop, and the verdict. */
export interface Verification {
  /** Language-model decode's acoustic score per frame minus the phone loop's. */
  readonly acousticMargin: number;
  /** The words' posterior averaged over their frames. */
  readonly meanPosterior: number;
  /** 0..1; 0 means refused. */
  readonly confidence: number;
}

/** Thresholds of the gate; see GATE for the values in use and how they were measured. */
export interface GateThresholds {
  readonly marginReject: number;
  readonly marginSure: number;
  readonly posteriorReject: number;
  readonly posteriorSure: number;
}

// Measured on 462 recordings: the 66 held-out sentences of bench/recognition-heldout.json spoken by 7 synthetic
// voices (4 Flite, Festival's us-slt-hts, 2 espeak-ng), decoded with the default language model. Of the 276
// recordings transcribed with at most 25% word errors, these thresholds keep 263; of the 132 with more than
// 50% (nearly all espeak-ng, whose voices this model hears badly), they refuse 112. The posterior alone
// (no phone loop) kept 264 good and 29 bad; the margin alone separates less well. Median margin of good
// recordings +7.4, of bad ones -4.9; median mean posterior 0.87 and 0.46. The same recordings are the
// benchmark's, so the benchmark's refusal figures are optimistic; synthetic voices are not people.
export const GATE: GateThresholds = { marginReject: -8, marginSure: 8, posteriorReject: 0.6, posteriorSure: 0.95 };

/**
 * Compares the language-model decode with the phone-loop decode of the same audio. Confidence is the smaller
 * of the two measures above their rejection thresholds, each scaled to 0..1 (a calibrated heuristic, not a
 * probability); it is 0, a refusal, when either is at or below its threshold.
 */
export function verify(decode: DecodeSummary, phoneLoop: DecodeSummary, gate: GateThresholds = GATE): Verification {
  if (decode.words === 0 || decode.frames === 0 || phoneLoop.frames === 0) {
    return { acousticMargin: -Infinity, meanPosterior: 0, confidence: 0 };
  }
  const acousticMargin = decode.acousticScore / decode.frames - phoneLoop.acousticScore / phoneLoop.frames;
  const confidence = Math.min(ramp(acousticMargin, gate.marginReject, gate.marginSure), ramp(decode.meanPosterior, gate.posteriorReject, gate.posteriorSure));
  return { acousticMargin, meanPosterior: decode.meanPosterior, confidence: Math.round(confidence * 100) / 100 };
}

function ramp(value: number, zeroAt: number, oneAt: number): number {
  return Math.min(1, Math.max(0, (value - zeroAt) / (oneAt - zeroAt)));
}

/** How the exact-phrase grammar's answer compares with the phone loop. */
export interface PhraseVerification {
  readonly acousticMargin: number;
  /** Share of the phone loop's speech frames the phrase decode put in words (can exceed 1 slightly). */
  readonly coverage: number;
  /** 0..1; 0 means refused. */
  readonly confidence: number;
}

// The phrase gate of the previous, grammar-only recognizer, measured on 290 recordings (29 sentences, each
// spoken by 6 espeak-ng and 4 Flite voices) against the 93-phrase grammar: with a margin above -18 and
// coverage of at least 0.7 it kept 78 of 87 correct answers and refused 98 of 113 forced ones. When the speech
// is not a phrase, the decoder hides what it cannot match in silence, so coverage falls.
const PHRASE_MARGIN_REJECT = -18;
const PHRASE_MARGIN_SURE = 5;
const COVERAGE_REJECT = 0.7;
const COVERAGE_SURE = 0.95;

/** Verifies the phrase grammar's answer against the phone loop; confidence 0 is a refusal. */
export function verifyPhrase(phrase: DecodeSummary, phoneLoop: DecodeSummary): PhraseVerification {
  if (phrase.wordFrames === 0 || phrase.frames === 0 || phoneLoop.frames === 0) return { acousticMargin: -Infinity, coverage: 0, confidence: 0 };
  const acousticMargin = phrase.acousticScore / phrase.frames - phoneLoop.acousticScore / phoneLoop.frames;
  const coverage = phrase.wordFrames / Math.max(1, phoneLoop.wordFrames);
  const confidence = Math.min(ramp(acousticMargin, PHRASE_MARGIN_REJECT, PHRASE_MARGIN_SURE), ramp(coverage, COVERAGE_REJECT, COVERAGE_SURE));
  return { acousticMargin, coverage, confidence: Math.round(confidence * 100) / 100 };
}

/** Mean posterior above which the language model's answer stands even when an exact phrase also fits. */
const FREE_SURE_POSTERIOR = 0.8;

/**
 * Picks what to answer. The language model's words when it is sure of them, or when no exact phrase passes
 * its gate; an exact phrase that passes its gate when the language model is unsure (voices it hears badly
 * still get the assistant's own phrases through); undefined, a refusal, when both gates refuse.
 */
export function choose(free: Verification, phrase: PhraseVerification): 'free' | 'phrase' | undefined {
  const freeOk = free.confidence > 0;
  const phraseOk = phrase.confidence > 0;
  if (phraseOk && (!freeOk || free.meanPosterior < FREE_SURE_POSTERIOR)) return 'phrase';
  return freeOk ? 'free' : undefined;
}
