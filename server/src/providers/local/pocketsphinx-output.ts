/**
 * Reads what `pocketsphinx_continuous -backtrace yes` prints and turns it into a confidence.
 *
 * A decoder bound to a grammar always answers with *some* phrase, and its word posteriors are all 1.000 when
 * the grammar leaves no alternative, so they say nothing. Instead each recording is decoded twice, once with
 * the phrase grammar and once with a free loop of phones (a "garbage model", which fits any speech), and the
 * two are compared, the classic utterance-verification test:
 *
 * - acoustic margin: mean acoustic score per frame of the phrase decode minus that of the phone loop. Speech
 *   that is one of the phrases fits the phrase nearly as well as a loose string of phones does; other
 *   speech forced onto the nearest phrase fits it much worse.
 * - coverage: frames the phrase decode spends in words over frames the phone loop spends in phones. When the
 *   speech is not a phrase, the decoder hides what it cannot match in silence.
 */

/** One word (or filler such as `<sil>`) of a decoded segment, from the backtrace table. */
export interface DecodedWord {
  /** As printed, alternate pronunciations marked: `refund(2)`. */
  readonly word: string;
  /** First and last 10 ms frame, inclusive. */
  readonly startFrame: number;
  readonly endFrame: number;
  /** Acoustic score: log-likelihood relative to the best-scoring senone of each frame, so usually <= 0. */
  readonly acousticScore: number;
}

/** One segment (speech between pauses) of a decode. */
export type DecodedSegment = readonly DecodedWord[];

/** Totals of one decode over all its segments. */
export interface DecodeSummary {
  /** Frames in the backtrace, words and fillers. */
  readonly frames: number;
  /** Frames in real words (phones, for the phone loop). */
  readonly wordFrames: number;
  /** Sum of acoustic scores over all frames. */
  readonly acousticScore: number;
}

/** How the phrase decode compares with the phone loop, and the verdict. */
export interface Verification {
  /** Phrase decode's acoustic score per frame minus the phone loop's. */
  readonly acousticMargin: number;
  /** Share of the phone loop's speech frames the phrase decode put in words (can exceed 1 slightly). */
  readonly coverage: number;
  /** 0..1; 0 means rejected. */
  readonly confidence: number;
}

const TABLE_HEADER = /^word\s+start\s+end\s+pprob\s+ascr\s+lscr\s+lback\s*$/;
const TABLE_ROW = /^(\S+)\s+(-?\d+)\s+(-?\d+)\s+(-?[\d.]+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s*$/;

/** Extracts every backtrace table from the decoder's log (stderr), one per segment. */
export function parseBacktraces(log: string): DecodedSegment[] {
  const segments: DecodedWord[][] = [];
  let current: DecodedWord[] | undefined;
  for (const line of log.split('\n')) {
    if (TABLE_HEADER.test(line)) {
      current = [];
      segments.push(current);
      continue;
    }
    const row = current && TABLE_ROW.exec(line);
    if (!current || !row) {
      current = undefined;
      continue;
    }
    // (NULL) rows are the grammar's empty transitions: zero frames of audio, listed on a frame already counted.
    if (row[1] === '(NULL)') continue;
    current.push({ word: row[1]!, startFrame: Number(row[2]), endFrame: Number(row[3]), acousticScore: Number(row[5]) });
  }
  return segments;
}

/** True for the decoder's non-words: silence, sentence marks and noise fillers (`<sil>`, `[NOISE]`). */
export function isFiller(word: string): boolean {
  return word.startsWith('<') || word.startsWith('[');
}

/** Adds up one decode's frames and scores. */
export function summarizeDecode(segments: readonly DecodedSegment[]): DecodeSummary {
  let frames = 0;
  let wordFrames = 0;
  let acousticScore = 0;
  for (const segment of segments) {
    for (const word of segment) {
      const length = word.endFrame - word.startFrame + 1;
      frames += length;
      acousticScore += word.acousticScore;
      if (!isFiller(word.word)) wordFrames += length;
    }
  }
  return { frames, wordFrames, acousticScore };
}

// Thresholds measured on 290 recordings (29 sentences, each spoken by 6 espeak-ng and 4 Flite voices) against
// the persona engine's 93-phrase grammar: 10 of the sentences are phrases of it, 19 are not (some are near
// misses such as "refund please"). The grammar alone decoded 87 of the 100 phrase recordings correctly and
// forced 113 of the 190 others onto some phrase. With a margin above -18 and coverage of at least 0.7, 78 of
// the 87 correct answers were kept and 98 of the 113 forced ones rejected; 10 of the 15 kept still had the
// customer's meaning ("refund please" -> "a refund please"). Scores come from `-compallsen yes`, which makes
// them comparable between the two decodes. The top 10% of correct answers had a margin above +5.
// Synthetic voices are not people: treat these as a starting point, to re-measure with real recordings.
const MARGIN_REJECT = -18;
const MARGIN_SURE = 5;
const COVERAGE_REJECT = 0.7;
const COVERAGE_SURE = 0.95;

/**
 * Compares the phrase decode with the phone-loop decode of the same audio. Confidence is the smaller of the
 * two margins above their rejection thresholds, each scaled to 0..1 (a calibrated heuristic, not a
 * probability); it is 0, a rejection, when either falls at or below its threshold.
 */
export function verify(phrases: DecodeSummary, phoneLoop: DecodeSummary): Verification {
  if (phrases.wordFrames === 0 || phrases.frames === 0 || phoneLoop.frames === 0) {
    return { acousticMargin: -Infinity, coverage: 0, confidence: 0 };
  }
  const acousticMargin = phrases.acousticScore / phrases.frames - phoneLoop.acousticScore / phoneLoop.frames;
  const coverage = phrases.wordFrames / Math.max(1, phoneLoop.wordFrames);
  const confidence = Math.min(ramp(acousticMargin, MARGIN_REJECT, MARGIN_SURE), ramp(coverage, COVERAGE_REJECT, COVERAGE_SURE));
  return { acousticMargin, coverage, confidence: Math.round(confidence * 100) / 100 };
}

function ramp(value: number, zeroAt: number, oneAt: number): number {
  return Math.min(1, Math.max(0, (value - zeroAt) / (oneAt - zeroAt)));
}
