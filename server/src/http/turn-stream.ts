/**
 * Answering a turn as server-sent events: one SSE message per turn event, `event:` its type, `data:` the rest; and
 * while nothing else is sent, a comment line every `heartbeatMs`, so a proxy that cuts idle connections (nginx's
 * 60 s `proxy_read_timeout`) keeps a slow provider's turn open. EventSource and our widget skip comments.
 */
import type { TurnEvent } from '@call-center-widget/protocol';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../app-env.ts';

/** Streams the events `turn` produces; a client that goes away aborts `turn`'s provider calls. */
export function streamTurn(c: Context<AppEnv>, turn: (signal: AbortSignal) => AsyncIterable<TurnEvent>, heartbeatMs = 15_000): Response {
  const controller = new AbortController();
  const abort = (): void => controller.abort(new DOMException('The client went away', 'AbortError'));
  c.req.raw.signal.addEventListener('abort', abort, { once: true });
  c.header('Cache-Control', 'no-store');
  // nginx would otherwise buffer the stream and the customer would see the reply all at once.
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    stream.onAbort(abort);
    let lastWrite = Date.now();
    const heartbeat = setInterval(() => {
      if (stream.aborted || Date.now() - lastWrite < heartbeatMs) return;
      lastWrite = Date.now();
      stream.write(': keep-alive\n\n').catch(() => undefined);
    }, Math.max(50, Math.floor(heartbeatMs / 3)));
    try {
      for await (const event of turn(controller.signal)) {
        if (stream.aborted) break;
        const { type, ...data } = event;
        lastWrite = Date.now();
        await stream.writeSSE({ event: type, data: JSON.stringify(data) });
      }
    } finally {
      clearInterval(heartbeat);
    }
  });
}
