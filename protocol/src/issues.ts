/**
 * How a request that fails its schema is answered: the first problem, as one error code and one sentence that
 * names the field. The codes are part of the contract (a client can tell a missing field from an unknown
 * persona without reading the message).
 */
import type { z } from 'zod';
import type { ErrorCode } from './errors.ts';

/** One refused request, as the error body says it. */
export interface RequestProblem {
  readonly code: ErrorCode;
  readonly message: string;
}

/** Fields whose value names something that may not exist: their own code when it does not. */
const UNKNOWN_VALUE_CODES: Readonly<Record<string, ErrorCode>> = {
  persona: 'unknown_persona',
  language: 'unknown_language',
  voice: 'unknown_voice',
};

/** Fields that carry what a customer typed: too long is `text_too_long`, which the widget explains. */
const CUSTOMER_TEXT_FIELDS: ReadonlySet<string> = new Set(['message', 'text']);

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'text',
  boolean: 'true or false',
  number: 'a number',
  int: 'a whole number',
  object: 'an object',
  array: 'a list',
  record: 'an object',
};

/** The problem to report for a failed parse of `input` (the first issue decides). */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): RequestProblem {
  const issue = issues[0];
  if (!issue) return { code: 'bad_request', message: 'The request is not valid.' };
  if (issue.path.length === 0) return { code: 'invalid_body', message: 'The request body must be a JSON object.' };
  const field = String(issue.path[0]);
  const name = `The field "${issue.path.map(String).join('.')}"`;
  const raw = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (raw === undefined || raw === null) return { code: 'missing_field', message: `${name} is required.` };
      return { code: 'invalid_field', message: `${name} must be ${EXPECTED[issue.expected] ?? issue.expected}.` };
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return { code: 'empty_field', message: `${name} must not be empty.` };
      return { code: 'invalid_field', message: `${name} must be at least ${issue.minimum}${issue.origin === 'string' ? ' characters' : ''}.` };
    case 'too_big':
      if (issue.origin === 'string') {
        const code = CUSTOMER_TEXT_FIELDS.has(field) ? 'text_too_long' : 'invalid_field';
        return { code, message: `${name} is longer than ${issue.maximum} characters.` };
      }
      return { code: 'invalid_field', message: `${name} must be at most ${issue.maximum}.` };
    case 'invalid_value': {
      const code = UNKNOWN_VALUE_CODES[field];
      if (code && typeof raw !== 'string') return { code: 'invalid_field', message: `${name} must be text.` };
      const options = issue.values.map(String).join(', ');
      if (code) return { code, message: `Unknown ${field} "${String(raw).slice(0, 40)}". Use one of: ${options}.` };
      return { code: 'invalid_field', message: `${name} must be one of: ${options}.` };
    }
    default:
      // Our schemas phrase their own rules as predicates ("must be …", "is not …").
      return { code: 'invalid_field', message: /^(must|is|has) /.test(issue.message) ? `${name} ${issue.message}.` : `${name} is not valid.` };
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
