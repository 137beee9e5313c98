/**
 * `/api/openapi.json` describes exactly the routes the app serves, every one of them carries a rate limit, and
 * the server's real answers parse with the contract's schemas (the same schemas the widget's types come from).
 */
import { readFileSync } from 'node:fs';
import {
  ConversationResponse,
  ErrorBody,
  Health,
  ServerConfig,
  Synthesis,
  TokenResponse,
  Transcription,
  TurnEvent,
} from '@call-center-widget/protocol';
import { describe, expect, it } from 'vitest';
import { encodeWav } from '../src/audio/wav.ts';
import { SPEECH_FIXTURE } from './support/fixtures.ts';
import { audioPost, jsonPost, makeTestApp, readSse } from './support/test-app.ts';

const ADMIN_KEY = 'admin-key-0123456789abcdef';
// Everything registered: an admin key and a LiveKit URL (nothing is asked of LiveKit here).
const FULL = { ADMIN_API_KEY: ADMIN_KEY, LIVEKIT_URL: 'ws://127.0.0.1:9', LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' };

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown>; security?: unknown }>>;
  components: { schemas: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
};

async function documentOf(env: Record<string, string> = FULL): Promise<Doc> {
  const { app } = await makeTestApp({ env });
  const res = await app.request('/api/openapi.json');
  expect(res.status).toBe(200);
  return (await res.json()) as Doc;
}

/** `METHOD /path/{param}` for every operation the document lists. */
function documented(doc: Doc): string[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
}

describe('GET /api/openapi.json', () => {
  it('describes exactly the API routes the app serves', async () => {
    const { app } = await makeTestApp({ env: FULL });
    const doc = (await (await app.request('/api/openapi.json')).json()) as Doc;
    const served = [
      ...new Set(
        app.routes
          // Middleware is registered for ALL methods; the static files are not API routes.
          .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/') || r.path.startsWith('/audio/')))
          .map((r) => `${r.method} ${r.path.replace(/:([^/]+)/g, '{$1}')}`),
      ),
    ].sort();
    expect(doc.openapi).toBe('3.1.0');
    expect(documented(doc)).toEqual(served);
    expect(served).toEqual(
      expect.arrayContaining([
        'GET /api/health',
        'GET /api/config',
        'POST /api/room/token',
        'POST /api/transcribe',
        'POST /api/synthesize',
        'POST /api/conversation',
        'GET /api/conversation/{conversation_id}',
        'POST /api/voice-turn',
        'GET /audio/{filename}',
        'POST /api/admin/rooms',
        'GET /api/admin/rooms',
        'DELETE /api/admin/rooms/{room_name}',
        'GET /api/admin/rooms/{room_name}/participants',
        'DELETE /api/admin/rooms/{room_name}/participants/{participant_identity}',
        'POST /api/admin/rooms/{room_name}/participants/{participant_identity}/mute',
        'POST /api/admin/rooms/{room_name}/staff-token',
        'GET /api/openapi.json',
      ]),
    );
  });

  it('lists the admin routes with their bearer scheme even when admin is off (they answer 404 then)', async () => {
    const doc = await documentOf({});
    expect(documented(doc)).toContain('GET /api/admin/rooms');
    expect(doc.paths['/api/admin/rooms']!['get']!.security).toEqual([{ adminKey: [] }]);
    expect(doc.components.securitySchemes?.['adminKey']).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('gives every operation its error answers in the contract shape, and every $ref resolves', async () => {
    const doc = await documentOf();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.responses['429'], `${method} ${path} documents its rate limit`).toBeDefined();
        expect(JSON.stringify(op.responses['429'])).toContain('#/components/schemas/ErrorBody');
        if (method === 'post') expect(op.requestBody, `${method} ${path} documents its body`).toBeDefined();
      }
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(20);
    for (const name of new Set(refs)) expect(doc.components.schemas[name], `schema ${name}`).toBeDefined();
    // The closed set of error codes is published, so clients can handle each one.
    expect(JSON.stringify(doc.components.schemas['ErrorCode'])).toContain('too_many_concurrent');
  });
});

describe('every API route carries its rate limit', () => {
  it('refuses the second request within the window on each documented operation', async () => {
    const doc = await documentOf();
    const limited = { ...FULL, RATE_LIMIT_READ: '1/60', RATE_LIMIT_AI: '1/60', RATE_LIMIT_TOKEN: '1/60', RATE_LIMIT_WEBHOOK: '1/60', RATE_LIMIT_SIGN_IN: '1/60', RATE_LIMIT_CONSOLE: '1/60' };
    for (const operation of documented(doc)) {
      const [method, template] = operation.split(' ') as [string, string];
      const path = template.replace(/\{[^}]+\}/g, 'x1');
      // A fresh app per route: the routes of one class share a counter.
      const { app } = await makeTestApp({ env: limited });
      const init = (): RequestInit => ({ method, headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
      await (await app.request(path, init())).arrayBuffer();
      const second = await app.request(path, init());
      expect(second.status, operation).toBe(429);
      expect(await second.json()).toMatchObject({ error: { code: 'rate_limited', retry_after_seconds: expect.any(Number) } });
      expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
    }
  });
});

describe('the server answers in the contract', () => {
  it('health and config parse with their schemas', async () => {
    const { app } = await makeTestApp({ env: FULL });
    Health.parse(await (await app.request('/api/health')).json());
    const config = ServerConfig.parse(await (await app.request('/api/config')).json());
    expect(config.livekit.enabled).toBe(true);
  });

  it('a typed turn, as JSON and as events, parses with the conversation schemas', async () => {
    const { app } = await makeTestApp();
    const json = ConversationResponse.parse(await (await app.request('/api/conversation', jsonPost({ message: 'What plans do you have?' }))).json());
    expect(json.conversation_id).toMatch(/^conv_/);
    const events = await readSse(await app.request('/api/conversation', jsonPost({ message: 'I want to talk to sales', stream: true, speak: true })));
    const parsed = events.map((e) => TurnEvent.parse({ type: e.event, ...e.data }));
    expect(parsed.map((e) => e.type)).toEqual(expect.arrayContaining(['start', 'delta', 'transfer', 'audio', 'done']));
    expect(parsed[0]!.type).toBe('start');
  });

  it('a spoken turn and the seed\'s speech routes parse with their schemas', async () => {
    const { app } = await makeTestApp();
    const speech = new Uint8Array(readFileSync(SPEECH_FIXTURE));
    const events = await readSse(await app.request('/api/voice-turn', audioPost('audio', speech)));
    for (const e of events) TurnEvent.parse({ type: e.event, ...e.data });
    Transcription.parse(await (await app.request('/api/transcribe', audioPost('audio_file', speech))).json());
    Synthesis.parse(await (await app.request('/api/synthesize', jsonPost({ text: 'Hello there.' }))).json());
  });

  it('a token parses with its schema', async () => {
    const { app } = await makeTestApp({ env: FULL });
    TokenResponse.parse(await (await app.request('/api/room/token', jsonPost({ participant_name: 'Ana' }))).json());
  });

  it('errors parse with the error schema, with retry_after_seconds where the wait is known', async () => {
    const { app } = await makeTestApp({ env: { RATE_LIMIT_AI: '1/60' } });
    const bad = ErrorBody.parse(await (await app.request('/api/conversation', jsonPost({ message: 42 }))).json());
    expect(bad.error).toEqual({ code: 'invalid_field', message: 'The field "message" must be text.' });
    const silent = encodeWav(new Float32Array(16_000), 16_000);
    const limited = await app.request('/api/voice-turn', audioPost('audio', silent));
    expect(ErrorBody.parse(await limited.json()).error).toMatchObject({ code: 'rate_limited', retry_after_seconds: 60 });
  });
});
