/**
 * Sets `clientIp` for rate limits and concurrency caps: the socket's address, or — with TRUST_PROXY — the address
 * the trusted proxies say they received the request from, found with proxy-addr: `X-Forwarded-For` is read from
 * the right, past the trusted hops only, so whatever a client wrote at the left of the header is never believed
 * (a proxy that appends to the header, as nginx's `$proxy_add_x_forwarded_for` does, keeps it). `X-Real-IP` is
 * not read.
 */
import type { MiddlewareHandler } from 'hono';
import proxyaddr from 'proxy-addr';
import type { AppEnv } from '../app-env.ts';
import { asClient } from '../providers/local/fair-share.ts';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** Options of `clientIp`. */
export interface ClientIpOptions {
  /** TRUST_PROXY: none, a number of proxy hops, or proxy-addr's trusted addresses. */
  readonly trustProxy: false | number | readonly string[];
}

/** The trust function proxy-addr walks the hops with. */
function trustOf(trustProxy: false | number | readonly string[]): ((address: string, hop: number) => boolean) | undefined {
  if (trustProxy === false) return undefined;
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return proxyaddr.compile([...trustProxy]);
}

/** Resolves the caller's IP once per request. */
export function clientIp(options: ClientIpOptions): MiddlewareHandler<AppEnv> {
  const trust = trustOf(options.trustProxy);
  return async function clientIpMiddleware(c, next) {
    const socket = (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;
    let ip: string;
    if (trust) {
      // `app.request()` in tests has no socket: it stands for a proxy on this machine.
      const remoteAddress = socket ?? '127.0.0.1';
      const forwarded = c.req.header('x-forwarded-for');
      ip = proxyaddr({ socket: { remoteAddress }, connection: { remoteAddress }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } } as never, trust);
    } else {
      // No socket (tests): one shared bucket, which is what a test wants.
      ip = socket ?? 'local';
    }
    const client = normalizeIp(ip);
    c.set('clientIp', client);
    // The offline engines' queues take turns between clients by this (providers/local/fair-share.ts).
    await asClient(client, next);
  };
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are one client. */
function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
