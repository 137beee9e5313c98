import { describe, expect, it } from 'vitest';
import type { ChatModel } from '../src/providers/types.ts';
import { jsonPost, makeTestApp, sharedLocalProviders } from './support/test-app.ts';

const ORIGINS = { ALLOWED_ORIGINS: 'https://shop.example,https://*.example.com' };

/** The real local chat, counting how often it is asked for a reply. */
async function countingChat(): Promise<{ chat: ChatModel; calls: () => number }> {
  const real = (await sharedLocalProviders()).chat;
  let calls = 0;
  const chat: ChatModel = {
    name: real.name,
    capabilities: () => real.capabilities(),
    reply: (request, signal) => {
      calls += 1;
      return real.reply(request, signal);
    },
  };
  return { chat, calls: () => calls };
}

describe('origin allowlist', () => {
  it('answers CORS for an exact allowed origin', async () => {
    const { app } = await makeTestApp({ env: ORIGINS });
    const res = await app.request('/api/config', { headers: { Origin: 'https://shop.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });

  it('answers a preflight from a subdomain matching https://*.example.com', async () => {
    const { app } = await makeTestApp({ env: ORIGINS });
    const res = await app.request('/api/conversation', {
      method: 'OPTIONS',
      headers: { Origin: 'https://help.eu.example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://help.eu.example.com');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('refuses a preflight from an origin not on the allowlist', async () => {
    const { app } = await makeTestApp({ env: ORIGINS });
    for (const origin of ['https://evil.test', 'https://example.com', 'https://evilexample.com', 'http://help.example.com', 'null']) {
      const res = await app.request('/api/conversation', { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
      expect(res.status, origin).toBe(403);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('origin_not_allowed');
    }
  });

  it('refuses a simple cross-site POST before the handler runs, so it costs nothing', async () => {
    const { chat, calls } = await countingChat();
    const { app } = await makeTestApp({ env: ORIGINS, providers: { chat } });
    const res = await app.request('/api/conversation', {
      method: 'POST',
      headers: { Origin: 'https://attacker.test', 'Content-Type': 'text/plain' },
      body: JSON.stringify({ message: 'hello' }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'origin_not_allowed', message: expect.stringContaining('https://attacker.test') } });
    expect(calls()).toBe(0);
    // The refused page may read why, so the widget can say so instead of "network error".
    expect(res.headers.get('access-control-allow-origin')).toBe('https://attacker.test');
  });

  it('tells the operator once which origin to add to ALLOWED_ORIGINS, however often that site asks', async () => {
    const { app, warnings } = await makeTestApp({ env: ORIGINS });
    for (let i = 0; i < 20; i++) {
      await app.request('/api/config', { headers: { Origin: 'https://shop.forgotten.test' } });
      await app.request('/api/conversation', { method: 'OPTIONS', headers: { Origin: 'https://shop.forgotten.test', 'Access-Control-Request-Method': 'POST' } });
    }
    await app.request('/api/config', { headers: { Origin: 'https://other.test' } });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^origin refused: https:\/\/shop\.forgotten\.test is not in ALLOWED_ORIGINS; add it there/);
    expect(warnings[1]).toContain('https://other.test');
  });

  it('allows the server’s own origin and requests without an Origin (curl, servers)', async () => {
    const { app } = await makeTestApp({ env: ORIGINS });
    expect((await app.request('http://localhost:8000/api/health', { headers: { Origin: 'http://localhost:8000' } })).status).toBe(200);
    expect((await app.request('/api/health')).status).toBe(200);
  });

  it('takes its own origin from PUBLIC_ORIGIN, never from the Host a page chose (DNS rebinding) or X-Forwarded-Host', async () => {
    // A page on another name that resolves to this server sends a Host and an Origin that match each other.
    const plain = await makeTestApp();
    expect((await plain.app.request('http://rebound.attacker.test:8000/api/health', { headers: { Origin: 'http://rebound.attacker.test:8000' } })).status).toBe(403);
    const forwarded = { Origin: 'https://support.shop.test', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'support.shop.test' };
    const trusting = await makeTestApp({ env: { TRUST_PROXY: 'true' } });
    expect((await trusting.app.request('http://10.0.0.5:8000/api/health', { headers: forwarded })).status).toBe(403);
    const configured = await makeTestApp({ env: { TRUST_PROXY: 'true', PUBLIC_ORIGIN: 'https://support.shop.test' } });
    expect((await configured.app.request('http://10.0.0.5:8000/api/health', { headers: { Origin: 'https://support.shop.test' } })).status).toBe(200);
    // The console too: its page is the server's own only at PUBLIC_ORIGIN (or a loopback name).
    expect((await plain.app.request('http://rebound.attacker.test:8000/api/console/session', { headers: { Origin: 'http://rebound.attacker.test:8000' } })).status).toBe(403);
    expect((await configured.app.request('http://10.0.0.5:8000/api/console/session', { headers: { Origin: 'https://support.shop.test' } })).status).toBe(200);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once a client spends its budget', async () => {
    const { app } = await makeTestApp({ env: { RATE_LIMIT_READ: '3/60' } });
    for (let i = 0; i < 3; i++) expect((await app.request('/api/health')).status).toBe(200);
    const res = await app.request('/api/health');
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });

  it('counts X-Forwarded-For clients apart only with TRUST_PROXY', async () => {
    const env = { RATE_LIMIT_READ: '1/60' };
    const plain = await makeTestApp({ env });
    expect((await plain.app.request('/api/health', { headers: { 'X-Forwarded-For': '203.0.113.1' } })).status).toBe(200);
    // A spoofed header does not buy a fresh budget.
    expect((await plain.app.request('/api/health', { headers: { 'X-Forwarded-For': '203.0.113.2' } })).status).toBe(429);

    // One proxy in front, which appends the address it received the request from (nginx's usual setting): what the
    // client wrote at the left of the header buys it nothing.
    const trusting = await makeTestApp({ env: { ...env, TRUST_PROXY: '1' } });
    expect((await trusting.app.request('/api/health', { headers: { 'X-Forwarded-For': '198.51.100.1, 203.0.113.1' } })).status).toBe(200);
    expect((await trusting.app.request('/api/health', { headers: { 'X-Forwarded-For': '198.51.100.2, 203.0.113.1' } })).status).toBe(429);
    expect((await trusting.app.request('/api/health', { headers: { 'X-Forwarded-For': '203.0.113.2' } })).status).toBe(200);
    // X-Real-IP is not read at all.
    expect((await trusting.app.request('/api/health', { headers: { 'X-Forwarded-For': '203.0.113.2', 'X-Real-IP': '192.0.2.77' } })).status).toBe(429);

    // Trusted proxies by address: hops are believed only while they are on the list.
    const listed = await makeTestApp({ env: { ...env, TRUST_PROXY: 'loopback, 10.0.0.0/8' } });
    expect((await listed.app.request('/api/health', { headers: { 'X-Forwarded-For': '198.51.100.3, 203.0.113.9, 10.0.0.7' } })).status).toBe(200);
    expect((await listed.app.request('/api/health', { headers: { 'X-Forwarded-For': '198.51.100.4, 203.0.113.9, 10.1.2.3' } })).status).toBe(429);
  });

  it('keeps separate budgets per route class', async () => {
    const { app } = await makeTestApp({ env: { RATE_LIMIT_AI: '1/60' } });
    expect((await app.request('/api/conversation', jsonPost({ message: 'hello' }))).status).toBe(200);
    expect((await app.request('/api/conversation', jsonPost({ message: 'hello' }))).status).toBe(429);
    expect((await app.request('/api/config')).status).toBe(200);
  });

  it('caps concurrent provider calls per client and frees the slot when a stream ends', async () => {
    const { app } = await makeTestApp({ env: { MAX_CONCURRENT_PER_IP: '1' } });
    const first = await app.request('/api/conversation', jsonPost({ message: 'hello', stream: true }));
    expect(first.status).toBe(200);
    // The first stream has not been read to its end: its slot is still taken.
    const second = await app.request('/api/conversation', jsonPost({ message: 'hello' }));
    expect(second.status).toBe(429);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('too_many_concurrent');
    await first.text();
    expect((await app.request('/api/conversation', jsonPost({ message: 'hello' }))).status).toBe(200);
  });
});

describe('headers and secrets', () => {
  it('sends secure headers and lets the widget’s files load cross-origin', async () => {
    const { app } = await makeTestApp();
    const res = await app.request('/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('never shows a key in /api/config or /api/health', async () => {
    const env = {
      ADMIN_API_KEY: 'admin-key-0123456789abcdef',
      LIVEKIT_URL: 'ws://127.0.0.1:7880',
      LIVEKIT_API_KEY: 'APIkey123',
      LIVEKIT_API_SECRET: 'livekit-secret-0123456789abcdef0123456789',
    };
    const { app } = await makeTestApp({ env });
    const text = (await (await app.request('/api/config')).text()) + (await (await app.request('/api/health')).text());
    for (const secret of [env.ADMIN_API_KEY, env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET]) expect(text).not.toContain(secret);
    expect(text).toContain(env.LIVEKIT_URL);
  });
});
