/** Free text (a model's tool argument, a reason) on one line of at most `max` characters: control characters and runs of space become one space. */
export function oneLine(text: string, max: number): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}
