/** `npm start`'s server process: it starts with no variables at all, and refuses bad ones line by line. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../scripts/build-server.mjs';
import { requireLiveKit, startLiveKit } from '../../scripts/livekit-dev.mjs';

const entry = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the built server; stops it once `until` matches stdout (or it exits by itself). */
function run(env: Record<string, string>, until?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', entry], {
      env: { PATH: process.env['PATH'] ?? '', AUDIO_DIR: mkdtempSync(join(tmpdir(), 'ccw-start-')), DATA_DIR: mkdtempSync(join(tmpdir(), 'ccw-start-data-')), ...env },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in time:\n${stdout}\n${stderr}`));
    }, 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  await buildServer();
}, 60_000);

describe('the server process', () => {
  it('starts with no variables set and prints one line with the URL, providers and LiveKit state', async () => {
    const result = await run({ PORT: '0' }, /listening/);
    const line = result.stdout.trim().split('\n')[0];
    expect(line).toMatch(/^call-center-widget listening on http:\/\/127\.0\.0\.1:\d+ \| stt: local \(en only\), tts: local, chat: local \| LiveKit off \(direct mode\)$/);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('says which capabilities are off and why, as /api/config does', async () => {
    const result = await run({ PORT: '0', POCKETSPHINX_PATH: '/nonexistent/pocketsphinx_continuous', ESPEAK_NG_PATH: '/nonexistent/espeak-ng' }, /listening[^\n]*\n.*is off/);
    const [line, why] = result.stdout.trim().split('\n');
    expect(line).toMatch(/\| stt: off, tts: local \(en only\), chat: local \|/);
    expect(why).toMatch(/^ {2}stt is off: .*not installed \(apt-get install pocketsphinx/);
  });

  it('exits non-zero with one line per bad variable', async () => {
    const result = await run({ PORT: 'abc', ALLOWED_ORIGINS: 'shop.example', LIVEKIT_URL: 'ws://127.0.0.1:7880' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'config error: LIVEKIT_API_KEY: required when LIVEKIT_URL is set',
      'config error: LIVEKIT_API_SECRET: required when LIVEKIT_URL is set',
      'config error: PORT: expected a whole number, got "abc"',
      'config error: ALLOWED_ORIGINS: "shop.example" is not an origin like https://shop.example or https://*.example.com (no path, no trailing slash)',
    ]);
  });
});

const livekitBinary = requireLiveKit('start-up LiveKit check');
describe.skipIf(!livekitBinary)('the start-up line says whether LiveKit answered', () => {
  it('answering, refusing our key, or not there at all', async () => {
    const livekit = await startLiveKit({ binary: livekitBinary });
    try {
      const env = { PORT: '0', LIVEKIT_URL: livekit.wsUrl, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret };
      const answering = await run(env, /listening/);
      // The AI agent is dispatched to each call by default; a worker (`call-center-server agent`) answers it.
      expect(answering.stdout.split('\n')[0]).toMatch(new RegExp(`\\| LiveKit on \\(${livekit.wsUrl}, answering\\) \\| AI agent call-center-agent dispatched to each call$`));

      const refused = await run({ ...env, LIVEKIT_API_SECRET: 'not-the-secret-0123456789-abcdefghij' }, /not usable/);
      const [line, why] = refused.stdout.trim().split('\n');
      expect(line).toMatch(/\| LiveKit on \(.*\) but it refuses our API key: calls run directly until it does \| AI agent call-center-agent dispatched to each call$/);
      expect(why).toMatch(/^ {2}LiveKit is not usable: .*LIVEKIT_API_KEY and LIVEKIT_API_SECRET/);

      await livekit.kill();
      const gone = await run(env, /not usable/);
      expect(gone.stdout.split('\n')[0]).toMatch(/\| LiveKit on \(.*\) but not answering: calls run directly until it does \| AI agent call-center-agent dispatched to each call$/);
    } finally {
      await livekit.stop();
    }
  });
});
