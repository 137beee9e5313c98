import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, resolveProvider } from '../src/config.ts';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('starts with no variables at all: port 8000, local providers, LiveKit and admin off', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.livekit.url).toBeUndefined();
    expect(config.adminApiKey).toBeUndefined();
    expect(config.providers).toEqual({ stt: 'auto', tts: 'auto', chat: 'auto' });
    expect(resolveProvider(config.providers.chat, config.openai.apiKey)).toBe('local');
    expect(config.limits.audioBytes).toBe(10 * 1024 * 1024);
    expect(config.limits.jsonBytes).toBe(64 * 1024);
    expect(config.audio.ttlSeconds).toBe(86_400);
  });

  it('keeps synthesized audio in a folder under DATA_DIR, not in the shared temporary directory', () => {
    expect(loadConfig({ DATA_DIR: '/srv/ccw' }).audio.dir).toBe('/srv/ccw/audio');
    expect(loadConfig({ DATA_DIR: '/srv/ccw', AUDIO_DIR: '/var/lib/ccw-audio' }).audio.dir).toBe('/var/lib/ccw-audio');
  });

  it('reads TRUST_PROXY as hops or trusted addresses, and PUBLIC_ORIGIN as exact origins', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(loadConfig({ PUBLIC_ORIGIN: 'https://Support.Example.com, http://localhost:8000' }).publicOrigins).toEqual(['https://support.example.com', 'http://localhost:8000']);
    expect(problemsOf({ PUBLIC_ORIGIN: 'https://*.example.com' })).toEqual(['PUBLIC_ORIGIN: "https://*.example.com" must be an exact origin, like https://support.example.com']);
  });

  it('chooses openai for auto capabilities once a key is set', () => {
    const config = loadConfig({ OPENAI_API_KEY: 'sk-test', TTS_PROVIDER: 'local' });
    expect(resolveProvider(config.providers.stt, config.openai.apiKey)).toBe('openai');
    expect(resolveProvider(config.providers.tts, config.openai.apiKey)).toBe('local');
  });

  it('names the variable and the problem in one line each, all at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      TRUST_PROXY: 'maybe',
      STT_PROVIDER: 'whisper',
      ALLOWED_ORIGINS: 'https://shop.example/, ftp://x',
      RATE_LIMIT_AI: 'fast',
    });
    expect(problems).toHaveLength(6);
    expect(problems[0]).toBe('PORT: expected a whole number, got "eighty"');
    expect(problems.some((p) => p.startsWith('TRUST_PROXY: expected false, true, a number of proxy hops, or trusted proxy addresses'))).toBe(true);
    expect(problems.some((p) => p.startsWith('STT_PROVIDER: expected one of openai, local, auto'))).toBe(true);
    expect(problems.filter((p) => p.startsWith('ALLOWED_ORIGINS:'))).toHaveLength(2);
    expect(problems.some((p) => p.startsWith('RATE_LIMIT_AI: expected requests/seconds'))).toBe(true);
  });

  it('refuses LiveKit without credentials, and openai without a key', () => {
    expect(problemsOf({ LIVEKIT_URL: 'ws://127.0.0.1:7880', CHAT_PROVIDER: 'openai' })).toEqual([
      'LIVEKIT_API_KEY: required when LIVEKIT_URL is set',
      'LIVEKIT_API_SECRET: required when LIVEKIT_URL is set',
      'CHAT_PROVIDER: "openai" needs OPENAI_API_KEY',
    ]);
  });

  it('refuses a short LiveKit secret and admin key, but accepts the dev server secret', () => {
    expect(problemsOf({ LIVEKIT_URL: 'ws://h:7880', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 'short' })[0]).toMatch(/^LIVEKIT_API_SECRET: must be at least 32/);
    expect(problemsOf({ LIVEKIT_URL: 'ws://h:7880', LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' })).toEqual([]);
    expect(problemsOf({ ADMIN_API_KEY: 'abc' })[0]).toMatch(/^ADMIN_API_KEY: must be at least 16/);
  });

  it('refuses out-of-range numbers and non-URL endpoints', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT: must be between 0 and 65535, got 70000']);
    expect(problemsOf({ OPENAI_BASE_URL: 'not a url' })).toEqual(['OPENAI_BASE_URL: not a URL: "not a url"']);
    expect(problemsOf({ LIVEKIT_URL: 'ftp://x', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 'secret' })[0]).toMatch(/^LIVEKIT_URL: expected a ws: or wss:/);
  });

  it('keeps exact origins and wildcard patterns, lower-cased', () => {
    const config = loadConfig({ ALLOWED_ORIGINS: 'https://Shop.Example, https://*.example.com,http://localhost:3000' });
    expect(config.allowedOrigins).toEqual(['https://shop.example', 'https://*.example.com', 'http://localhost:3000']);
  });

  it('never puts a key in its error messages', () => {
    const problems = problemsOf({ ADMIN_API_KEY: 'tiny-secret', LIVEKIT_URL: 'ws://h', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 'leaky-secret' });
    expect(problems.join('\n')).not.toMatch(/tiny-secret|leaky-secret/);
  });
});
