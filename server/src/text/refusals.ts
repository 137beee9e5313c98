/** What the agent says when it could not understand the customer's speech, in each language it speaks. */
import type { Language } from '../providers/types.ts';

/** The apology that leads into the examples. */
export const NOT_UNDERSTOOD: Readonly<Record<Language, string>> = {
  en: "Sorry, I didn't catch that. You could say, for example:",
  ar: 'عذرًا، لم أفهم ذلك. يمكنك أن تقول مثلًا:',
};

/** Requests any of the agents handles, for a recognizer that has no list of its own. */
export const EXAMPLE_REQUESTS: Readonly<Record<Language, readonly string[]>> = {
  en: ['What plans do you have?', 'I have a problem with my order.', 'I would like to talk to a person.'],
  ar: ['ما هي الخطط المتاحة؟', 'لدي مشكلة في طلبي.', 'أريد التحدث مع موظف.'],
};

/** The apology and the examples as one spoken sentence. */
export function spokenRefusal(language: Language, examples: readonly string[]): string {
  const or = language === 'ar' ? ' أو: ' : ' Or: ';
  return [NOT_UNDERSTOOD[language], examples.join(or)].filter(Boolean).join(' ');
}
