/**
 * How a customer can be reached, found in a message: an email address, or a phone number of 7 to 15 digits
 * written with the separators people use (+, spaces, dashes, dots, parentheses). Digits introduced as an order
 * number ("order 12345678", "#12345678", "طلبي 12345678") are never taken for a phone.
 */

/** A contact found in a message, and where, so the caller can read the rest of the message without it. */
export interface FoundContact {
  readonly contact: string;
  readonly kind: 'phone' | 'email';
  readonly index: number;
  readonly length: number;
}

const EMAIL = /(?<![\w.%+-])[a-z0-9][a-z0-9._%+-]{0,63}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,24}(?![\w@-])/i;
// Between two digits: nothing, one space, one dash, dot or slash, or a parenthesis with a space beside it.
// ". " is not a separator, so a sentence ending in a number does not run into a phone number after it.
const SEPARATOR = String.raw`(?:\s|[-./]|\s?\(|\)[\s-]?)?`;
const PHONE = new RegExp(String.raw`(?<![\w@#$+./-])\+?\(?\d(?:${SEPARATOR}\d)+(?![\w@])`, 'g');
// What introduces an order number: the digits after it are the order's, whatever their length.
const ORDER_BEFORE = /(?:\b(?:order|reference|receipt|ref)(?:\s+(?:number|num|no|id|code|reference|ref))?\.?\s*(?:is|was|:)?\s*#?\s*|#\s?|طلب\S*(?:\s+(?:رقم|الرقم|هو|:))*\s*#?\s*)$/i;
const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15;

/**
 * The first phone number or email address in `text`, or undefined. `text` must already have its digits in
 * ASCII and spoken digits joined (as the understanding prepares a message). A phone number is given back as
 * written, white space tidied; an email address as written.
 */
export function findContact(text: string): FoundContact | undefined {
  const email = EMAIL.exec(text);
  const phone = findPhone(text);
  const found = email && (!phone || email.index < phone.index) ? { contact: email[0], kind: 'email' as const, index: email.index, length: email[0].length } : phone;
  return found;
}

function findPhone(text: string): FoundContact | undefined {
  PHONE.lastIndex = 0;
  for (let match = PHONE.exec(text); match; match = PHONE.exec(text)) {
    const digits = match[0].replace(/\D/g, '').length;
    if (digits < MIN_PHONE_DIGITS || digits > MAX_PHONE_DIGITS) continue;
    if (ORDER_BEFORE.test(text.slice(0, match.index))) continue;
    return { contact: match[0].replace(/\s+/g, ' '), kind: 'phone', index: match.index, length: match[0].length };
  }
  return undefined;
}
