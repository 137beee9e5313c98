import { describe, expect, it } from 'vitest';
import { SentenceSplitter } from '../src/text/sentences.ts';

function splitStreamed(text: string, chunk = 3): string[] {
  const splitter = new SentenceSplitter();
  const out: string[] = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...splitter.push(text.slice(i, i + chunk)));
  const rest = splitter.flush();
  if (rest) out.push(rest);
  return out;
}

describe('SentenceSplitter', () => {
  it('hands out each sentence as soon as the next one begins', () => {
    const splitter = new SentenceSplitter();
    expect(splitter.push('Thanks for calling. How')).toEqual(['Thanks for calling.']);
    expect(splitter.push(' can I help?')).toEqual([]);
    expect(splitter.flush()).toBe('How can I help?');
  });

  it('does not cut prices, abbreviations or URLs', () => {
    expect(splitStreamed('The Pro plan is $29.99 a month, e.g. for teams. Dr. Smith agrees! See example.com/plans now.')).toEqual([
      'The Pro plan is $29.99 a month, e.g. for teams.',
      'Dr. Smith agrees!',
      'See example.com/plans now.',
    ]);
  });

  it('cuts Arabic at the Arabic question mark and full stop', () => {
    expect(splitStreamed('مرحبا بك في خدمة العملاء. كيف يمكنني مساعدتك اليوم؟ نحن هنا دائما.')).toEqual([
      'مرحبا بك في خدمة العملاء.',
      'كيف يمكنني مساعدتك اليوم؟',
      'نحن هنا دائما.',
    ]);
  });

  it('joins a very short sentence to the next instead of synthesizing it alone', () => {
    expect(splitStreamed('Sure. I can help with that today.')).toEqual(['Sure. I can help with that today.']);
  });

  it('treats a line break as the end of a sentence', () => {
    expect(splitStreamed('First line without a stop\nSecond line here')).toEqual(['First line without a stop', 'Second line here']);
  });
});
