/**
 * Digits as customers say them ("four five seven", "nine double four", "oh seven three") turned into numbers
 * ("457", "944", "073"), for the recognizer's transcripts and the persona engine's typed messages alike.
 */

const DIGITS: ReadonlyMap<string, string> = new Map([
  ['zero', '0'], ['one', '1'], ['two', '2'], ['three', '3'], ['four', '4'], ['five', '5'], ['six', '6'],
  ['seven', '7'], ['eight', '8'], ['nine', '9'],
  ['صفر', '0'], ['واحد', '1'], ['اثنان', '2'], ['اثنين', '2'], ['ثلاثه', '3'], ['ثلاثة', '3'], ['اربعه', '4'],
  ['أربعة', '4'], ['اربعة', '4'], ['خمسه', '5'], ['خمسة', '5'], ['سته', '6'], ['ستة', '6'], ['سبعه', '7'],
  ['سبعة', '7'], ['ثمانيه', '8'], ['ثمانية', '8'], ['تسعه', '9'], ['تسعة', '9'],
]);
const REPEAT: ReadonlyMap<string, number> = new Map([['double', 2], ['triple', 3]]);
/** Runs shorter than this stay words: "two plans", "one more thing". */
const MIN_DIGITS = 3;

/** The digit a word stands for (Arabic lists allow a leading "و": "واثنان"), or undefined. */
function digitOf(word: string, inRun: boolean): string | undefined {
  const folded = word.toLowerCase().replace(/[^\p{L}]+$/u, '');
  // "oh" is zero only next to other digits; alone it is an interjection.
  if (folded === 'oh' || folded === 'o') return inRun ? '0' : undefined;
  return DIGITS.get(folded) ?? (folded.startsWith('و') ? DIGITS.get(folded.slice(1)) : undefined);
}

/**
 * Rewrites runs of at least three spoken digits as one number, keeping every other word. "oh" counts as zero
 * inside a run, "double"/"triple" repeat the next digit. Punctuation after the last digit is kept.
 */
export function joinSpokenDigits(text: string): string {
  const tokens = text.split(/[\s,،]+/).filter(Boolean);
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    let digits = '';
    let j = i;
    for (;;) {
      const repeat = REPEAT.get(tokens[j]?.toLowerCase() ?? '');
      const next = repeat !== undefined ? tokens[j + 1] : tokens[j];
      // An "oh" may start a run only when a real digit follows it.
      const inRun = digits !== '' || (next !== undefined && digitOf(tokens[j + (repeat !== undefined ? 2 : 1)] ?? '', true) !== undefined);
      const digit = next === undefined ? undefined : digitOf(next, inRun);
      if (digit === undefined) break;
      digits += digit.repeat(repeat ?? 1);
      j += repeat !== undefined ? 2 : 1;
    }
    if (digits.length >= MIN_DIGITS) {
      const trailing = /[^\p{L}\p{N}]+$/u.exec(tokens[j - 1] ?? '')?.[0] ?? '';
      out.push(digits + trailing);
      i = j;
    } else {
      out.push(tokens[i]!);
      i++;
    }
  }
  return out.join(' ');
}
