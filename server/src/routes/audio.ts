/** `GET /audio/{filename}`: stored synthesis, only under names this server generated. */
import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../errors.ts';
import type { Limits } from '../http/limits.ts';
import { errorAnswers } from '../http/openapi.ts';
import { routeGroup } from '../http/validation.ts';
import { AudioStore } from '../stores/audio-store.ts';

const audioFile = createRoute({
  method: 'get',
  path: '/{filename}',
  summary: 'A synthesized reply, by the name `/api/synthesize` or an `audio` event gave',
  request: { params: z.object({ filename: z.string().meta({ example: '3f0c8a5d9b2e4f6a8c1d3e5f7a9b0c2d.wav' }) }) },
  responses: {
    200: { description: 'The audio (byte ranges answered with 206).', content: { 'audio/wav': { schema: z.string().meta({ format: 'binary' }) }, 'audio/mpeg': { schema: z.string().meta({ format: 'binary' }) } } },
    206: { description: 'The requested byte range.' },
    ...errorAnswers('invalid_filename', 'audio_not_found', 'range_not_satisfiable'),
  },
});

/** The audio file route, mounted at `/audio`. */
export function createAudioRoutes(store: AudioStore, limits: Limits) {
  return routeGroup().openapi({ ...audioFile, middleware: limits.read }, async (c) => {
    const { filename: name } = c.req.valid('param');
    if (!AudioStore.isValidName(name)) {
      throw new ApiError('invalid_filename', 'That is not the name of an audio file this server made.');
    }
    const file = await store.read(name);
    if (!file) throw new ApiError('audio_not_found', 'This audio has expired or never existed.');
    c.header('Content-Type', file.contentType);
    c.header('Cache-Control', 'private, max-age=3600, immutable');
    c.header('Accept-Ranges', 'bytes');
    // Safari's <audio> asks for byte ranges and will not play a file served without 206 answers.
    const range = parseRange(c.req.header('range'), file.data.byteLength);
    if (range === 'invalid') {
      throw new ApiError('range_not_satisfiable', 'The requested byte range is outside the file.', {
        headers: { 'Content-Range': `bytes */${file.data.byteLength}` },
      });
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
