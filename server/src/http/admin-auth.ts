/**
 * The admin key, for every route that manages calls: `Authorization: Bearer <ADMIN_API_KEY>`. With no key
 * configured those routes answer 404, as if they did not exist; a missing or wrong key is 401 either way
 * (RFC 6750), so a prober cannot tell a wrong key from a missing one by status.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';

/** 404 for everything when `key` is undefined, else the bearer check. */
export function adminOnly(key: string | undefined): MiddlewareHandler<AppEnv> {
  return key === undefined ? notFound : adminAuth(key);
}

const notFound: MiddlewareHandler<AppEnv> = async () => {
  throw new ApiError('not_found', 'Not found.');
};

/** Bearer auth against the admin key, answering 401 in our error shape with a WWW-Authenticate challenge. */
function adminAuth(key: string): MiddlewareHandler<AppEnv> {
  // Compare digests: equal lengths for timingSafeEqual, and the key's length is not revealed by timing.
  const expected = createHash('sha256').update(key).digest();
  return async function adminAuth(c, next) {
    const header = c.req.header('authorization');
    const match = header ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
    if (!match) {
      throw new ApiError('unauthorized', 'Admin routes need Authorization: Bearer <ADMIN_API_KEY>.', {
        headers: { 'WWW-Authenticate': 'Bearer realm="admin"' },
      });
    }
    const given = createHash('sha256').update(match[1]!).digest();
    if (!timingSafeEqual(given, expected)) {
      throw new ApiError('unauthorized', 'The admin API key is not valid.', {
        headers: { 'WWW-Authenticate': 'Bearer realm="admin", error="invalid_token"' },
      });
    }
    await next();
  };
}
