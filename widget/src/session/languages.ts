/** Which of the product's languages a text or a language tag is: the UI follows the customer's when `language` is auto. */

const ARABIC = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/;
const LATIN = /[a-z]/i;

/** Arabic or English by the script a text is written in; undefined for neither (digits, emoji). */
export function languageOfScript(text: string): 'en' | 'ar' | undefined {
  return ARABIC.test(text) ? 'ar' : LATIN.test(text) ? 'en' : undefined;
}

/** Arabic or English from a language tag such as `ar-EG` or `EN`; undefined for any other language. */
export function languageOfTag(tag: string): 'en' | 'ar' | undefined {
  const primary = tag.toLowerCase().split('-')[0];
  return primary === 'ar' || primary === 'en' ? primary : undefined;
}
