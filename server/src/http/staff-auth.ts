/**
 * The console's doors: a staff session cookie for every console route but sign-in, and requests only from the
 * console's own page. The session cookie is HTTP-only (no script reads it), SameSite=Strict (no other site's
 * page sends it), Secure, and scoped to the console's API; a request carrying an Origin other than this
 * server's own is refused before anything runs (customers' sites on ALLOWED_ORIGINS may call the widget's
 * routes, never the console's), and Hono's CSRF middleware refuses cross-site form posts besides.
 */
import { STAFF_SESSION_COOKIE } from '@call-center-widget/protocol';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { isOwnOrigin } from '../middleware/origin-guard.ts';
import type { StaffStore } from '../stores/staff-store.ts';

/** Where the cookie goes: the console's API only. */
export const CONSOLE_API_PATH = '/api/console';

/** Refuses requests whose Origin is not this server's (or whose fetch metadata says another site sent them). */
export function consoleOriginOnly(publicOrigins: readonly string[]): MiddlewareHandler<AppEnv>[] {
  const own: MiddlewareHandler<AppEnv> = async (c, next) => {
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    if ((origin !== undefined && !isOwnOrigin(c, origin, publicOrigins)) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
      throw new ApiError('origin_not_allowed', 'The console answers only its own page.');
    }
    await next();
  };
  return [own, csrf({ origin: (origin, c) => isOwnOrigin(c, origin, publicOrigins) })];
}

/** The signed-in staff member, or 401; the session is put on the context as `staff`. */
export function staffOnly(store: StaffStore): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, STAFF_SESSION_COOKIE);
    const session = token ? store.session(token) : undefined;
    if (!session) throw new ApiError('unauthorized', 'Sign in to the console first.');
    c.set('staff', session);
    await next();
  };
}

/** The chain of every console route but sign-in: counted first (a refused request still spends the budget), then the page it came from, then the session. */
export function signedInChain(counted: readonly MiddlewareHandler<AppEnv>[], publicOrigins: readonly string[], store: StaffStore): MiddlewareHandler<AppEnv>[] {
  return [...counted, ...consoleOriginOnly(publicOrigins), staffOnly(store)];
}

/** Sets the session cookie, lasting as long as the session (`ttlMs`). */
export function setSessionCookie(c: Context<AppEnv>, token: string, ttlMs: number): void {
  setCookie(c, STAFF_SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Strict', path: CONSOLE_API_PATH, maxAge: Math.floor(ttlMs / 1000) });
}

/** The session cookie's value, if sent. */
export function sessionToken(c: Context<AppEnv>): string | undefined {
  return getCookie(c, STAFF_SESSION_COOKIE);
}

/** Clears the session cookie. */
export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, STAFF_SESSION_COOKIE, { path: CONSOLE_API_PATH, secure: true, httpOnly: true, sameSite: 'Strict' });
}

