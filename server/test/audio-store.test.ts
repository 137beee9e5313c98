import { mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AudioStore } from '../src/stores/audio-store.ts';
import { makeTestApp } from './support/test-app.ts';

function store(options: { ttlSeconds?: number; maxTotalBytes?: number; now?: () => number } = {}): { store: AudioStore; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ccw-store-'));
  return { dir, store: new AudioStore({ dir, ttlSeconds: options.ttlSeconds ?? 60, maxTotalBytes: options.maxTotalBytes ?? 1_000_000, now: options.now }) };
}

describe('AudioStore', () => {
  it('names files itself with 128 random bits and reads them back', async () => {
    const { store: s } = store();
    await s.init();
    const name = await s.save(new Uint8Array([1, 2, 3]), 'wav');
    expect(name).toMatch(/^[0-9a-f]{32}\.wav$/);
    expect(await s.read(name)).toEqual({ data: expect.any(Uint8Array), contentType: 'audio/wav' });
    expect([...((await s.read(name))?.data ?? [])]).toEqual([1, 2, 3]);
  });

  it('forgets files after the TTL and deletes them from disk in the sweep', async () => {
    let now = 1_000_000;
    const { store: s, dir } = store({ ttlSeconds: 60, now: () => now });
    await s.init();
    const name = await s.save(new Uint8Array(10), 'mp3');
    now += 61_000;
    expect(await s.sweep()).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
    expect(await s.read(name)).toBeUndefined();
  });

  it('deletes the oldest files once the total passes the cap', async () => {
    let now = 0;
    const { store: s } = store({ maxTotalBytes: 250, now: () => now });
    await s.init();
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      now += 1000;
      names.push(await s.save(new Uint8Array(100), 'wav'));
    }
    expect(s.size).toBeLessThanOrEqual(250);
    expect(await s.read(names[0]!)).toBeUndefined();
    expect(await s.read(names[3]!)).toBeDefined();
  });

  it('serves only what this process wrote: a well-formed file planted or left in its folder is never served', async () => {
    const { store: s, dir } = store();
    writeFileSync(join(dir, 'notes.txt'), 'private');
    writeFileSync(join(dir, `${'a'.repeat(32)}.wav`), 'left by an earlier run, or planted');
    symlinkSync('/etc/passwd', join(dir, `${'c'.repeat(32)}.wav`));
    await s.init();
    expect(await s.read('notes.txt')).toBeUndefined();
    expect(await s.read(`${'b'.repeat(32)}.wav`)).toBeUndefined();
    expect(await s.read(`${'a'.repeat(32)}.wav`)).toBeUndefined();
    expect(await s.read(`${'c'.repeat(32)}.wav`)).toBeUndefined();
    // An earlier run's audio is deleted at start; other files, and links, are left alone.
    expect(readdirSync(dir).sort()).toEqual([`${'c'.repeat(32)}.wav`, 'notes.txt']);
    // Planted after start under a name this process will write later: nothing is served from it either.
    writeFileSync(join(dir, `${'d'.repeat(32)}.wav`), 'planted later');
    expect(await s.read(`${'d'.repeat(32)}.wav`)).toBeUndefined();
  });

  it('never follows a link swapped in for a file it wrote, nor serves a file changed since', async () => {
    const { store: s, dir } = store();
    await s.init();
    const swapped = await s.save(new Uint8Array([1, 2, 3]), 'wav');
    rmSync(join(dir, swapped));
    symlinkSync('/etc/passwd', join(dir, swapped));
    expect(await s.read(swapped)).toBeUndefined();
    const changed = await s.save(new Uint8Array([1, 2, 3]), 'wav');
    writeFileSync(join(dir, changed), 'something else entirely');
    expect(await s.read(changed)).toBeUndefined();
  });

  it('makes its folder private to the server\'s user, and its files too', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ccw-store-')), 'audio');
    const s = new AudioStore({ dir, ttlSeconds: 60, maxTotalBytes: 1_000_000 });
    await s.init();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const name = await s.save(new Uint8Array([1]), 'wav');
    expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
  });
});

describe('GET /audio/:filename', () => {
  it('serves a synthesis with its Content-Type, and byte ranges for Safari', async () => {
    const { app, deps } = await makeTestApp();
    const name = await deps.audio.save(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), 'mp3');
    const res = await app.request(`/audio/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(new Uint8Array(await res.arrayBuffer())).toHaveLength(10);
    const part = await app.request(`/audio/${name}`, { headers: { Range: 'bytes=2-4' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-4/10');
    expect([...new Uint8Array(await part.arrayBuffer())]).toEqual([2, 3, 4]);
    expect((await app.request(`/audio/${name}`, { headers: { Range: 'bytes=50-' } })).status).toBe(416);
  });

  it('answers 404 for a well-formed name it never generated', async () => {
    const { app } = await makeTestApp();
    const res = await app.request(`/audio/${'c'.repeat(32)}.mp3`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'audio_not_found', message: expect.any(String) } });
  });

  const hostile = [
    '..%2F..%2Fetc%2Fpasswd',
    '..%252F..%252Fetc%252Fpasswd',
    '%2Fetc%2Fpasswd',
    '..%5C..%5Cwindows%5Cwin.ini',
    `${'a'.repeat(32)}.wav%00.txt`,
    `${'a'.repeat(32)}.wav%00`,
    '....%2F%2F....%2F%2Fetc%2Fpasswd',
    `${'A'.repeat(32)}.wav`,
    `${'a'.repeat(32)}.exe`,
    'x'.repeat(300),
  ];
  it.each(hostile)('refuses the hostile name %s with 400 invalid_filename', async (name) => {
    const { app } = await makeTestApp();
    const res = await app.request(`/audio/${name}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'invalid_filename', message: expect.any(String) } });
  });

  it('never reaches outside the store through dot segments (the URL collapses them: 404)', async () => {
    const { app } = await makeTestApp();
    for (const path of ['/audio/../package.json', '/audio/./../../etc/passwd']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });
});
