// Word error rate for the recognition benchmark. Both the reference and the transcript are brought to one
// form first, so that ways of writing the same speech are not errors: lower case, no punctuation, and every
// digit a word of its own ("457812", "four five seven eight one two", "double five" and "oh" for zero all
// become single digits).

const DIGITS = { zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9' };

/** The words of `text` in the benchmark's canonical form. */
export function canonicalWords(text) {
  const tokens = text.toLowerCase().replace(/[^a-z0-9' ]+/g, ' ').split(/\s+/).filter(Boolean);
  const out = [];
  const isDigit = (t) => t !== undefined && t !== 'oh' && t in DIGITS;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === 'double' && tokens[i + 1] in DIGITS) {
      out.push(DIGITS[tokens[i + 1]], DIGITS[tokens[i + 1]]);
      i++;
    } else if (/^\d+$/.test(t)) out.push(...t.split(''));
    // "oh" is zero only among digits; alone it is a word.
    else if (t === 'oh') out.push(isDigit(tokens[i - 1]) || isDigit(tokens[i + 1]) || /^\d+$/.test(tokens[i + 1] ?? '') ? '0' : 'oh');
    else out.push(DIGITS[t] ?? t);
  }
  return out;
}

/** Levenshtein distance between two word lists (substitutions, insertions, deletions). */
export function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
