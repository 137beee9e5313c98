/**
 * A cap on provider calls running at once per client IP. The slot is held until the response body has been
 * sent, so a streamed voice turn counts for as long as it runs, not just until its headers go out.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';

/** Refuses a request with 429 while its client already has `perIp` requests in flight. */
export function concurrencyLimit(perIp: number): MiddlewareHandler<AppEnv> {
  const inFlight = new Map<string, number>();

  function release(ip: string): void {
    const n = (inFlight.get(ip) ?? 1) - 1;
    if (n <= 0) inFlight.delete(ip);
    else inFlight.set(ip, n);
  }

  return async function concurrencyMiddleware(c, next) {
    const ip = c.get('clientIp');
    const n = inFlight.get(ip) ?? 0;
    if (n >= perIp) {
      throw new ApiError('too_many_concurrent', 'Too many requests at once from this connection. Please wait for the current one to finish.', {
        retryAfterSeconds: 1,
      });
    }
    inFlight.set(ip, n + 1);
    let handedOver = false;
    try {
      await next();
      const body = c.res.body;
      if (body && c.res.headers.get('content-type')?.startsWith('text/event-stream')) {
        c.res = new Response(onBodyDone(body, () => release(ip)), c.res);
        handedOver = true;
      }
    } finally {
      if (!handedOver) release(ip);
    }
  };
}

/** Wraps a body stream so `done` runs exactly once when it ends, fails or is cancelled by the client. */
function onBodyDone(body: ReadableStream<Uint8Array>, done: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let finished = false;
  const finish = (): void => {
    if (!finished) {
      finished = true;
      done();
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (chunk.done) {
          finish();
          controller.close();
        } else {
          controller.enqueue(chunk.value);
        }
      } catch (err) {
        finish();
        controller.error(err);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
}
