/** `GET /audio/:filename`: stored synthesis, only under names this server generated. */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError, badRequest } from '../errors.ts';
import { AudioStore } from '../stores/audio-store.ts';

/** The audio file route, mounted at `/audio`. */
export function createAudioRoutes(store: AudioStore): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/:filename', async (c) => {
    const name = c.req.param('filename');
    if (!AudioStore.isValidName(name)) {
      throw badRequest('invalid_filename', 'That is not the name of an audio file this server made.');
    }
    const file = await store.read(name);
    if (!file) throw new ApiError(404, 'audio_not_found', 'This audio has expired or never existed.');
    c.header('Content-Type', file.contentType);
    c.header('Cache-Control', 'private, max-age=3600, immutable');
    c.header('Accept-Ranges', 'bytes');
    // Safari's <audio> asks for byte ranges and will not play a file served without 206 answers.
    const range = parseRange(c.req.header('range'), file.data.byteLength);
    if (range === 'invalid') {
      c.header('Content-Range', `bytes */${file.data.byteLength}`);
      throw new ApiError(416, 'range_not_satisfiable', 'The requested byte range is outside the file.');
    }
    if (range) {
      c.header('Content-Range', `bytes ${range.start}-${range.end}/${file.data.byteLength}`);
      return c.body(file.data.slice(range.start, range.end + 1), 206);
    }
    return c.body(file.data, 200);
  });
}

/** Parses one `bytes=a-b` range; multiple ranges are answered with the whole file (allowed by RFC 9110). */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'invalid' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}
