/** Reading and validating request bodies the same way in every route, with our error codes. */
import type { Context } from 'hono';
import { ApiError, badRequest } from '../errors.ts';

/** A parsed JSON object body. */
export type JsonObject = Record<string, unknown>;

/** Reads a JSON object body: 415 for another media type, 400 for malformed JSON or a non-object. */
export async function readJsonObject(c: Context): Promise<JsonObject> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the request body as JSON with Content-Type: application/json.');
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch (err) {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.', { cause: err });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('invalid_body', 'The request body must be a JSON object.');
  }
  return body as JsonObject;
}

/** Options of `stringField`. */
export interface StringFieldOptions {
  readonly required?: boolean;
  /** Longest accepted value, in characters (after trimming). */
  readonly maxLength?: number;
  /** Code for a value that is too long; 'text_too_long' for customer text, else 'invalid_field'. */
  readonly tooLongCode?: string;
}

/** Reads an optional or required string field; 400 when it has another type, is empty or too long. */
export function stringField(body: JsonObject, name: string, options: StringFieldOptions & { required: true }): string;
export function stringField(body: JsonObject, name: string, options?: StringFieldOptions): string | undefined;
export function stringField(body: JsonObject, name: string, options: StringFieldOptions = {}): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) {
    if (options.required) throw badRequest('missing_field', `The field "${name}" is required.`);
    return undefined;
  }
  if (typeof value !== 'string') throw badRequest('invalid_field', `The field "${name}" must be a string.`);
  const trimmed = value.trim();
  if (options.required && trimmed === '') throw badRequest('empty_field', `The field "${name}" must not be empty.`);
  if (options.maxLength !== undefined && [...trimmed].length > options.maxLength) {
    throw badRequest(options.tooLongCode ?? 'invalid_field', `The field "${name}" is longer than ${options.maxLength} characters.`);
  }
  return trimmed === '' ? undefined : trimmed;
}

/** Reads an optional boolean field. */
export function booleanField(body: JsonObject, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw badRequest('invalid_field', `The field "${name}" must be true or false.`);
  return value;
}

/** Checks a value against a closed set; `code` names what was unknown (unknown_persona, unknown_voice...). */
export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], code: string, what: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw badRequest(code, `Unknown ${what} "${value.slice(0, 40)}". Use one of: ${allowed.join(', ')}.`);
  }
  return value as T;
}
