/** Sets `clientIp` for rate limits and concurrency caps: the socket address, or X-Forwarded-For with TRUST_PROXY. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** Options of `clientIp`. */
export interface ClientIpOptions {
  /** Trust the first X-Forwarded-For hop (only behind a proxy you run, which overwrites the header). */
  readonly trustProxy: boolean;
}

/** Resolves the caller's IP once per request. */
export function clientIp(options: ClientIpOptions): MiddlewareHandler<AppEnv> {
  const { trustProxy } = options;
  return async function clientIpMiddleware(c, next) {
    let ip: string | undefined;
    if (trustProxy) {
      // The left-most entry is the client as the first proxy saw it; anything the client sent before is
      // replaced by a well-configured proxy, which is why this is only read with TRUST_PROXY.
      ip = c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || c.req.header('x-real-ip')?.trim();
    }
    if (!ip) ip = (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;
    // `app.request()` in tests has no socket: one shared bucket, which is what a test wants.
    c.set('clientIp', normalizeIp(ip ?? 'local'));
    await next();
  };
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are one client. */
function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
