import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../src/text/language.ts';

describe('detectLanguage', () => {
  it.each([
    ['مرحباً، أريد الاستفسار عن الأسعار', 'ar'],
    ['السَّلامُ عَلَيْكُم', 'ar'],
    ['Hello, I would like a new plan', 'en'],
    ['Café crème, s’il vous plaît', 'en'],
    ['ﻣﺮﺣﺒﺎ', 'ar'],
  ] as const)('reads %j as %s from its script', (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it('goes with the majority script in mixed text', () => {
    expect(detectLanguage('أريد الاشتراك في خطة Pro')).toBe('ar');
    expect(detectLanguage('I ordered from متجر last week and it is late')).toBe('en');
  });

  it('prefers Arabic on a tie, where a Latin brand or code sits in an Arabic sentence', () => {
    expect(detectLanguage('ab جد')).toBe('ar');
  });

  it.each(['', '   ', '12345', '١٢٣٤٥', '?!؟،.', '👍🙂', '#123-45'])('gives no language for %j, which has no letters', (text) => {
    expect(detectLanguage(text)).toBeUndefined();
  });
});
