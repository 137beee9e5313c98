/**
 * Every malformed, oversized, wrong-type or hostile input gets the right 4xx and `{"error":{"code","message"}}`,
 * and nothing a client sends produces a 5xx. (Token, admin and /audio/ inputs have their own files.)
 */
import { describe, expect, it } from 'vitest';
import { encodeWav } from '../src/audio/wav.ts';
import { audioPost, jsonPost, makeTestApp } from './support/test-app.ts';

const silentWav = encodeWav(new Float32Array(16_000), 16_000);
const mp3Bytes = new Uint8Array([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, ...new Array(200).fill(0)]);
const truncatedWav = silentWav.subarray(0, 30);
const randomBytes = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
const big = (bytes: number): Uint8Array => new Uint8Array(bytes);

function raw(body: string, type: string): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': type }, body };
}

type Case = readonly [name: string, path: string, init: () => RequestInit, status: number, code: string];

const cases: Case[] = [
  // JSON routes
  ['malformed JSON', '/api/conversation', () => raw('{"message": "hi"', 'application/json'), 400, 'invalid_json'],
  ['JSON sent as text/plain', '/api/conversation', () => raw('{"message":"hi"}', 'text/plain'), 415, 'unsupported_media_type'],
  ['no content type', '/api/conversation', () => ({ method: 'POST', body: '{"message":"hi"}' }), 415, 'unsupported_media_type'],
  ['a JSON array', '/api/conversation', () => jsonPost([1, 2]), 400, 'invalid_body'],
  ['a JSON string', '/api/conversation', () => jsonPost('"hello"'), 400, 'invalid_body'],
  ['JSON null', '/api/conversation', () => jsonPost('null'), 400, 'invalid_body'],
  ['missing message', '/api/conversation', () => jsonPost({ persona: 'sales' }), 400, 'missing_field'],
  ['message as a number', '/api/conversation', () => jsonPost({ message: 42 }), 400, 'invalid_field'],
  ['message as an object', '/api/conversation', () => jsonPost({ message: { text: 'hi' } }), 400, 'invalid_field'],
  ['empty message', '/api/conversation', () => jsonPost({ message: '   ' }), 400, 'empty_field'],
  ['message over the text limit', '/api/conversation', () => jsonPost({ message: 'a'.repeat(2001) }), 400, 'text_too_long'],
  ['unknown persona', '/api/conversation', () => jsonPost({ message: 'hi', persona: 'ceo' }), 400, 'unknown_persona'],
  ['persona as an array', '/api/conversation', () => jsonPost({ message: 'hi', persona: ['sales'] }), 400, 'invalid_field'],
  ['unknown language', '/api/conversation', () => jsonPost({ message: 'hi', language: 'fr' }), 400, 'unknown_language'],
  ['unknown voice', '/api/conversation', () => jsonPost({ message: 'hi', voice: 'darth' }), 400, 'unknown_voice'],
  ['stream as a string', '/api/conversation', () => jsonPost({ message: 'hi', stream: 'yes' }), 400, 'invalid_field'],
  ['conversation id of another shape', '/api/conversation', () => jsonPost({ message: 'hi', conversation_id: 'conv_../../x' }), 400, 'invalid_field'],
  ['conversation id as a number', '/api/conversation', () => jsonPost({ message: 'hi', conversation_id: 7 }), 400, 'invalid_field'],
  ['body over 64 KB', '/api/conversation', () => jsonPost({ message: 'hi', pad: 'x'.repeat(70_000) }), 413, 'payload_too_large'],
  ['synthesize without text', '/api/synthesize', () => jsonPost({ voice: 'slt' }), 400, 'missing_field'],
  ['synthesize empty text', '/api/synthesize', () => jsonPost({ text: '' }), 400, 'empty_field'],
  ['synthesize text over the limit', '/api/synthesize', () => jsonPost({ text: 'word '.repeat(500) }), 400, 'text_too_long'],
  ['synthesize unknown voice', '/api/synthesize', () => jsonPost({ text: 'hello', voice: 'nova2' }), 400, 'unknown_voice'],
  ['synthesize unknown language', '/api/synthesize', () => jsonPost({ text: 'hello', language: 'xx' }), 400, 'unknown_language'],
  ['synthesize malformed JSON', '/api/synthesize', () => raw("{text:'hi'}", 'application/json'), 400, 'invalid_json'],
  ['synthesize as a form', '/api/synthesize', () => audioPost('text', new Uint8Array(3)), 415, 'unsupported_media_type'],
  // Audio routes
  ['transcribe with JSON', '/api/transcribe', () => jsonPost({ audio_file: 'UklGRg==' }), 415, 'unsupported_media_type'],
  ['transcribe without a file', '/api/transcribe', () => ({ method: 'POST', body: formOf({ language: 'en' }) }), 400, 'missing_field'],
  ['transcribe with text in the file field', '/api/transcribe', () => ({ method: 'POST', body: formOf({ audio_file: 'not a file' }) }), 400, 'invalid_field'],
  ['transcribe an empty file', '/api/transcribe', () => audioPost('audio_file', new Uint8Array(0)), 400, 'empty_audio'],
  ['transcribe MP3 with the offline recognizer', '/api/transcribe', () => audioPost('audio_file', mp3Bytes, {}, 'audio/mpeg', 'a.mp3'), 415, 'unsupported_audio'],
  ['transcribe a truncated WAV', '/api/transcribe', () => audioPost('audio_file', truncatedWav), 415, 'unsupported_audio'],
  ['transcribe random bytes', '/api/transcribe', () => audioPost('audio_file', randomBytes), 415, 'unsupported_audio'],
  ['transcribe silence', '/api/transcribe', () => audioPost('audio_file', silentWav), 422, 'no_speech'],
  ['transcribe over 10 MB', '/api/transcribe', () => audioPost('audio_file', big(10 * 1024 * 1024 + 100_000)), 413, 'payload_too_large'],
  ['transcribe with an unknown language', '/api/transcribe', () => audioPost('audio_file', silentWav, { language: 'klingon' }), 400, 'unknown_language'],
  ['transcribe Arabic offline', '/api/transcribe', () => audioPost('audio_file', silentWav, { language: 'ar' }), 422, 'unsupported_language'],
  ['multipart with a broken boundary', '/api/transcribe', () => raw('--zzz\r\nContent-Disposition: form-data; name="audio_file"\r\n\r\nabc', 'multipart/form-data; boundary=yyy'), 400, 'invalid_multipart'],
  ['voice turn without audio', '/api/voice-turn', () => ({ method: 'POST', body: formOf({ persona: 'sales' }) }), 400, 'missing_field'],
  ['voice turn with an unknown persona', '/api/voice-turn', () => audioPost('audio', silentWav, { persona: 'pirate' }), 400, 'unknown_persona'],
  ['voice turn with speak=maybe', '/api/voice-turn', () => audioPost('audio', silentWav, { speak: 'maybe' }), 400, 'invalid_field'],
  ['voice turn for a conversation that does not exist', '/api/voice-turn', () => audioPost('audio', silentWav, { conversation_id: `conv_${'x'.repeat(22)}` }), 404, 'conversation_not_found'],
  ['voice turn with silence', '/api/voice-turn', () => audioPost('audio', silentWav), 422, 'no_speech'],
  ['voice turn over 10 MB', '/api/voice-turn', () => audioPost('audio', big(11 * 1024 * 1024)), 413, 'payload_too_large'],
  // Anything else
  ['an unknown route', '/api/nothing-here', () => ({ method: 'GET' }), 404, 'not_found'],
  ['GET on a POST route', '/api/conversation', () => ({ method: 'GET' }), 404, 'not_found'],
];

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

describe('bad input', () => {
  it.each(cases)('%s: %s answers %i %s', async (_name, path, init, status, code) => {
    const { app } = await makeTestApp();
    const res = await app.request(path, init());
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ error: { code, message: expect.stringMatching(/\S/) } });
  });

  it('takes a __proto__ key as plain data', async () => {
    const { app } = await makeTestApp();
    const res = await app.request('/api/conversation', jsonPost('{"message":"hello","__proto__":{"persona":"sales","polluted":true}}'));
    expect(res.status).toBe(200);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('never answers 5xx to a thousand generated hostile requests', async () => {
    const { app } = await makeTestApp({
      env: { RATE_LIMIT_AI: '100000/60', RATE_LIMIT_READ: '100000/60', RATE_LIMIT_TOKEN: '100000/60', LIVEKIT_URL: 'ws://127.0.0.1:9', LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' },
    });
    let seed = 12345;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const values: unknown[] = [null, 1, -1, 1e308, true, '', ' ', 'a', '\u0000', '../../', '<script>', 'مرحبا', [], {}, [1, 'a'], { a: { b: {} } }, 'x'.repeat(3000)];
    const fields = ['message', 'persona', 'language', 'voice', 'conversation_id', 'stream', 'speak', 'text', 'room_name'];
    const paths = ['/api/conversation', '/api/synthesize', '/api/transcribe', '/api/voice-turn', '/api/room/token'];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const body: Record<string, unknown> = {};
      for (let f = next(4); f > 0; f--) body[fields[next(fields.length)]!] = values[next(values.length)];
      const path = paths[next(paths.length)]!;
      const init =
        next(3) === 0
          ? raw(JSON.stringify(body).slice(0, next(40) + 1), ['application/json', 'multipart/form-data; boundary=x', 'text/plain'][next(3)]!)
          : path.endsWith('transcribe') || path.endsWith('voice-turn')
            ? audioPost(next(2) ? 'audio' : 'audio_file', randomBytes.subarray(0, next(100)), Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])))
            : jsonPost(body);
      const res = await app.request(path, init);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `${path} ${JSON.stringify(body).slice(0, 200)}`).toBeLessThan(500);
      await res.arrayBuffer();
    }
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
  });
});
