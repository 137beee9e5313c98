/**
 * Request validation through Hono's own route validation (@hono/zod-openapi): every route module builds its
 * routes on `routeGroup()`, whose hook turns a failed schema into the contract's error (protocol's
 * `describeIssues`: the first problem, one code, one sentence naming the field).
 */
import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import { describeIssues } from '@call-center-widget/protocol';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';

/** Refuses a request whose part (`json`, `form`, `param`, `query`) fails its schema. */
export const refuseInvalid: Hook<any, AppEnv, any, any> = (result) => {
  if (result.success) return;
  // @hono/zod-validator hands the hook the raw input as `data` on failure too (its type omits it).
  const input = (result as { data?: unknown }).data;
  const { code, message } = describeIssues(result.error.issues, input);
  throw new ApiError(code, message);
};

/** A new group of routes whose requests are validated with their schemas. */
export function routeGroup(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: refuseInvalid });
}
