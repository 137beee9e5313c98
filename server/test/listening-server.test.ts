/** The app behind a real listening socket on 127.0.0.1, driven as the seed's curl examples drive it. */
import { serve, type ServerType } from '@hono/node-server';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVerifier } from 'livekit-server-sdk';
import { readFileSync } from 'node:fs';
import { composeServer, listen, type ListeningServer } from '../src/compose.ts';
import { makeTestApp, readSse, sharedLocalProviders, testConfig } from './support/test-app.ts';
import { SPEECH_FIXTURE, SPEECH_FIXTURE_TEXT } from './support/fixtures.ts';

let server: ServerType;
let base: string;

beforeAll(async () => {
  const { app } = await makeTestApp({
    env: { LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' },
  });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('a real server on 127.0.0.1', () => {
  it('answers the seed’s token example with a token LiveKit would accept', async () => {
    const res = await fetch(`${base}/api/room/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      // The seed's example, verbatim: the room and identity it names are wishes the server does not grant.
      body: JSON.stringify({ room_name: 'test-room', participant_name: 'Test User', participant_identity: 'test-room_test-user' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; livekit_url: string; room_name: string; participant_name: string };
    expect(body.livekit_url).toBe('ws://127.0.0.1:7880');
    expect(body.participant_name).toBe('Test User');
    const claims = await new TokenVerifier('devkey', 'secret').verify(body.token);
    expect(claims.video?.room).toBe(body.room_name);
    expect(body.room_name).not.toBe('test-room');
  });

  it('transcribes the seed’s WAV upload', async () => {
    const form = new FormData();
    form.set('audio_file', new File([readFileSync(SPEECH_FIXTURE)], 'audio.wav', { type: 'audio/wav' }));
    const res = await fetch(`${base}/api/transcribe`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { text: string; language: string; duration_seconds: number; confidence: number };
    expect(body.text).toBe(SPEECH_FIXTURE_TEXT);
    expect(body.language).toBe('en');
    expect(body.duration_seconds).toBeGreaterThan(1);
    expect(body.confidence).toBeGreaterThan(0);
    expect(body.confidence).toBeLessThanOrEqual(1);
  });

  it('synthesizes the seed’s example and serves the file at audio_url', async () => {
    const res = await fetch(`${base}/api/synthesize`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      // Exactly the seed's curl example: an OpenAI voice name, answered offline by the nearest local voice.
      body: JSON.stringify({ text: 'Hello, this is a test', voice: 'nova', language: 'en' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { audio_url: string; audio_base64: string; format: string; voice: string };
    expect(body.voice).toBe('slt');
    expect(body.audio_url).toMatch(/^\/audio\/[0-9a-f]{32}\.wav$/);
    const file = await fetch(`${base}${body.audio_url}`);
    expect(file.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(body.audio_base64, 'base64'))).toBe(true);
  });

  it('streams a whole voice turn over the socket', async () => {
    const form = new FormData();
    form.set('audio', new File([readFileSync(SPEECH_FIXTURE)], 'turn.wav', { type: 'audio/wav' }));
    const res = await fetch(`${base}/api/voice-turn`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const events = await readSse(res);
    expect(events.map((e) => e.event)).toContain('audio');
    expect(events.find((e) => e.event === 'transcript')?.data['text']).toBe(SPEECH_FIXTURE_TEXT);
    expect(events.at(-1)?.event).toBe('done');
  });

  it('survives a client that hangs up in the middle of a streamed reply', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/conversation`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: 'I would like to talk to sales about a new plan', stream: true, speak: true }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
  });

  it('answers garbage on the socket with 400 and keeps serving', async () => {
    const port = (server.address() as AddressInfo).port;
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('\u0000\u0001 NOT HTTP\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
  });
});

describe("what Node refuses before the app runs, answered as the app answers errors", () => {
  let listening: ListeningServer;
  let port: number;
  beforeAll(async () => {
    const composed = await composeServer(testConfig(), { providers: sharedLocalProviders() });
    listening = await listen(composed, { port: 0, hostname: '127.0.0.1' });
    port = Number(new URL(listening.url).port);
  });
  afterAll(async () => {
    // The shared local engines stay up for the other tests: only the socket goes.
    await new Promise((resolve) => listening.server.close(resolve));
  });

  /** Writes `raw` on a new connection and reads the answer until the server closes it. */
  const exchange = (raw: string): Promise<{ status: number; headers: Record<string, string>; body: string }> =>
    new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(raw));
      let data = '';
      socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('error', reject);
      socket.on('close', () => {
        const [head = '', ...rest] = data.split('\r\n\r\n');
        const [statusLine = '', ...lines] = head.split('\r\n');
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
      });
    });

  it.each([
    ['headers too large', `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
    ['a broken chunked body', 'POST /api/conversation HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', 400, 'bad_request'],
    ['an unknown method', 'FROB /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 400, 'bad_request'],
    ['no Host in HTTP/1.1', 'GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n', 400, 'bad_request'],
    ['a Host that is not a host', 'GET /api/health HTTP/1.1\r\nHost: user@127.0.0.1\r\nConnection: close\r\n\r\n', 400, 'bad_request'],
    ['a backslash in the path', 'GET /api\\health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 400, 'bad_request'],
    ['bytes that are not HTTP', '\u0000\u0001 NOT HTTP\r\n\r\n', 400, 'bad_request'],
  ])('%s: %i with the JSON error and the security headers', async (_what, raw, status, code) => {
    const answer = await exchange(raw);
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toEqual({ error: { code, message: expect.any(String) } });
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(answer.headers['strict-transport-security']).toBeDefined();
  });

  it('keeps serving everyone else', async () => {
    await exchange('FROB / HTTP/1.1\r\n\r\n');
    expect((await fetch(`${listening.url}/api/health`)).status).toBe(200);
  });
});
