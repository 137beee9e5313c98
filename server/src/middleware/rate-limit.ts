/** Per-client-IP request budgets per route class (fixed windows), answered with 429 and Retry-After. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { RateLimit } from '../config.ts';
import { ApiError } from '../errors.ts';

interface Window {
  count: number;
  resetAt: number;
}

/** Options of `rateLimit`. */
export interface RateLimitOptions extends RateLimit {
  /** Clock in ms, for tests. */
  readonly now?: () => number;
  /** Bound on tracked clients, so a flood of spoofed addresses cannot grow memory without end. */
  readonly maxClients?: number;
}

/** Counts requests per `clientIp` and refuses those over the budget. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const { max, windowSeconds } = options;
  const now = options.now ?? Date.now;
  const maxClients = options.maxClients ?? 100_000;
  const windowMs = windowSeconds * 1000;
  const windows = new Map<string, Window>();

  function prune(at: number): void {
    for (const [ip, w] of windows) if (w.resetAt <= at) windows.delete(ip);
    // Still full of live windows: drop the oldest entries (Map keeps insertion order).
    for (const ip of windows.keys()) {
      if (windows.size < maxClients) break;
      windows.delete(ip);
    }
  }

  return async function rateLimitMiddleware(c, next) {
    const at = now();
    const ip = c.get('clientIp');
    let w = windows.get(ip);
    if (!w || w.resetAt <= at) {
      if (windows.size >= maxClients) prune(at);
      w = { count: 0, resetAt: at + windowMs };
      windows.set(ip, w);
    }
    w.count += 1;
    if (w.count > max) {
      const retryAfter = Math.max(1, Math.ceil((w.resetAt - at) / 1000));
      throw new ApiError('rate_limited', `Too many requests. Please try again in ${retryAfter} seconds.`, { retryAfterSeconds: retryAfter });
    }
    await next();
  };
}
