/**
 * Which of the product's languages a text is written in, from its script: Arabic letters mean Arabic, Latin
 * letters mean English. Used when the customer did not choose a language, to pick the reply language and voice.
 */
import type { Language } from '../providers/types.ts';

// Letters only: digits (also Arabic-Indic ones), punctuation and emoji say nothing about the language.
const ARABIC_LETTERS = /(?=\p{L})\p{Script=Arabic}/gu;
const LATIN_LETTERS = /(?=\p{L})\p{Script=Latin}/gu;

/** 'ar' for Arabic script, 'en' for Latin letters, the majority when mixed, undefined when there are no letters. */
export function detectLanguage(text: string): Language | undefined {
  const arabic = text.match(ARABIC_LETTERS)?.length ?? 0;
  const latin = text.match(LATIN_LETTERS)?.length ?? 0;
  if (arabic === 0 && latin === 0) return undefined;
  // A tie goes to Arabic: Arabic sentences often carry a Latin brand or code, the reverse is rare.
  return arabic >= latin ? 'ar' : 'en';
}
