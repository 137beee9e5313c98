/**
 * CORS with an allowlist, and a hard refusal of any other Origin before a handler runs: CORS headers alone
 * let a simple cross-site POST execute (and cost money); the browser only hides the answer.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../app-env.ts';
import { errorBody } from '../http/error-response.ts';

/** Options of `originGuard`. */
export interface OriginGuardOptions {
  /** Exact origins, `https://*.example.com` patterns, or `*`. The server's own origin is always allowed. */
  readonly allowedOrigins: readonly string[];
  /** PUBLIC_ORIGIN: the origins the server is reached at (see `isOwnOrigin`). */
  readonly publicOrigins: readonly string[];
  /** Told once per refused origin per `logEverySeconds`, so an operator sees which site to add. */
  readonly onRefused?: (message: string) => void;
  /** Default 600 s. */
  readonly logEverySeconds?: number;
}

/** Remembers when each refused origin was last reported, for a bounded number of origins. */
function refusalLog(options: OriginGuardOptions): (origin: string) => void {
  const report = options.onRefused;
  if (!report) return () => undefined;
  const everyMs = (options.logEverySeconds ?? 600) * 1000;
  const last = new Map<string, number>();
  return (origin) => {
    const now = Date.now();
    const at = last.get(origin);
    if (at !== undefined && now - at < everyMs) return;
    // A flood of made-up origins must not grow memory: forget the oldest.
    if (last.size >= 1000) last.delete(last.keys().next().value!);
    last.delete(origin);
    last.set(origin, now);
    report(`origin refused: ${origin} is not in ALLOWED_ORIGINS; add it there to let that site use the assistant (reported once per ${Math.round(everyMs / 60_000)} min per origin)`);
  };
}

/** Compiles the allowlist once into a predicate. */
export function originMatcher(allowedOrigins: readonly string[]): (origin: string) => boolean {
  if (allowedOrigins.includes('*')) return () => true;
  const exact = new Set(allowedOrigins.filter((o) => !o.includes('*')));
  const patterns = allowedOrigins
    .filter((o) => o.includes('*'))
    .map((o) => {
      const [scheme, rest] = o.split('://*.') as [string, string];
      const escaped = rest.replace(/[.]/g, '\\.');
      // One or more labels before the suffix; never the bare suffix, never a look-alike like evilexample.com.
      return new RegExp(`^${scheme}://([a-z0-9-]+\\.)+${escaped}$`);
    });
  return (origin) => {
    const o = origin.toLowerCase();
    return exact.has(o) || patterns.some((p) => p.test(o));
  };
}

/** Refuses requests from origins not on the allowlist with 403, and answers CORS for the rest. */
export function originGuard(options: OriginGuardOptions): MiddlewareHandler<AppEnv> {
  const isAllowed = originMatcher(options.allowedOrigins);
  const { publicOrigins } = options;
  const logRefusal = refusalLog(options);
  const corsMiddleware = cors({
    origin: (origin) => origin,
    allowMethods: ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Authorization', 'Accept'],
    exposeHeaders: ['Retry-After'],
    maxAge: 600,
  });

  return async function originGuardMiddleware(c, next) {
    const origin = c.req.header('origin');
    // No Origin: not a cross-site browser request (curl, server to server, same-origin GET navigation).
    if (origin === undefined) return next();
    if (origin !== 'null' && (isAllowed(origin) || isOwnOrigin(c, origin, publicOrigins))) {
      return corsMiddleware(c, next);
    }
    logRefusal(origin.slice(0, 200));
    const body = errorBody('origin_not_allowed', `This assistant is not enabled for ${origin}. The site owner must add it to ALLOWED_ORIGINS.`);
    if (c.req.method === 'OPTIONS') return c.json(body, 403);
    // Let the refused page read why, so the widget can say it clearly instead of "network error".
    c.header('Access-Control-Allow-Origin', origin === 'null' ? '*' : origin);
    c.header('Vary', 'Origin');
    return c.json(body, 403);
  };
}

/** Names a browser only uses for this machine: no other site's page can be on them (DNS cannot rebind them). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether `origin` is this server's own: one of PUBLIC_ORIGIN's, or — for a request to a loopback name — the
 * origin the request was addressed to. The Host header alone is never trusted otherwise: a page on another name
 * that resolves to this server (DNS rebinding) sends a matching Host and Origin, and would pass as same-origin.
 */
export function isOwnOrigin(c: Context, origin: string, publicOrigins: readonly string[]): boolean {
  const o = origin.toLowerCase();
  if (publicOrigins.includes(o)) return true;
  const url = new URL(c.req.url);
  return LOOPBACK_HOSTS.has(url.hostname.toLowerCase()) && o === url.origin.toLowerCase();
}
