/** Pieces of the routes' OpenAPI definitions: JSON bodies and answers, and the error answers every route shares. */
import { ErrorBody, errorStatus, type ErrorCode } from '@call-center-widget/protocol';
import type { z } from 'zod';

/** A JSON request body of `schema`. */
export function jsonBody<S extends z.ZodType>(schema: S, description?: string) {
  return { required: true, description, content: { 'application/json': { schema } } } as const;
}

/** A multipart request body of `schema`. */
export function formBody<S extends z.ZodType>(schema: S, description?: string) {
  return { required: true, description, content: { 'multipart/form-data': { schema } } } as const;
}

/** A JSON answer of `schema`. */
export function jsonAnswer<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** The error answers of a route, by status, each naming the codes it may carry. */
export function errorAnswers(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of ['rate_limited', 'origin_not_allowed', ...codes] as ErrorCode[]) {
    const status = errorStatus(code);
    byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), code])]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [status, { description: `Error codes: ${list.join(', ')}.`, content: { 'application/json': { schema: ErrorBody } } }]),
  );
}

/** A server-sent event stream of `schema` messages (`event:` the type, `data:` the rest as JSON). */
export function eventStream<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { 'text/event-stream': { schema } } } as const;
}
