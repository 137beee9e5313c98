/** `GET /api/openapi.json`: the API described in OpenAPI 3.1, generated from the routes' own schemas. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import type { Limits } from '../http/limits.ts';
import { errorAnswers, jsonAnswer } from '../http/openapi.ts';
import { routeGroup } from '../http/validation.ts';

const document = createRoute({
  method: 'get',
  path: '/openapi.json',
  summary: 'This description of the API (OpenAPI 3.1)',
  responses: { 200: jsonAnswer(z.record(z.string(), z.unknown()), 'The OpenAPI document.'), ...errorAnswers() },
});

/** The description of every route registered on `app` (built once, on the first request). */
export function createOpenApiRoute(app: OpenAPIHono<AppEnv>, limits: Limits) {
  let built: Record<string, unknown> | undefined;
  return routeGroup().openapi({ ...document, middleware: limits.read }, (c) => {
    built ??= describe(app);
    return c.json(built, 200);
  });
}

/** The OpenAPI 3.1 document of `app`'s routes. */
export function describe(app: OpenAPIHono<AppEnv>): Record<string, unknown> {
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'ADMIN_API_KEY. With no key configured, the admin routes answer 404.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'staffSession', {
    type: 'apiKey',
    in: 'cookie',
    name: 'ccw_staff',
    description: 'The console session cookie, set by POST /api/console/session (HTTP-only, SameSite=Strict, Secure).',
  });
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'call-center-widget server',
      version: '0.1.0',
      description:
        'Tokens and rooms for LiveKit, speech recognition, synthesis and persona conversation for <call-center-widget>. ' +
        'Every error is {"error":{"code","message"}} with the status its code fixes; 429 and 503 carry Retry-After. ' +
        'Requests from a browser must come from an origin in ALLOWED_ORIGINS.',
    },
    tags: [{ name: 'admin', description: 'Room management and staff tokens (Authorization: Bearer ADMIN_API_KEY).' }],
  }) as unknown as Record<string, unknown>;
}
