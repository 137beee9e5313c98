/** Helpers for tests that run the real offline speech engines (espeak-ng, sox, pocketsphinx). */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Throws one clear line naming the apt package when a program the tests need is missing. CI installs them. */
export function requireProgram(program: string, aptPackage: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`${program} is not installed: apt-get install ${aptPackage}`);
}

/** Throws one clear line when a file the tests need is missing. */
export function requireFile(path: string, aptPackage: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install ${aptPackage}`);
}

/**
 * Speaks `text` with espeak-ng into a WAV, as TOOLCHAIN.md describes (`-w` at 22.05 kHz), then converts it with
 * sox when `soxArgs` are given (e.g. `-r 16000 -c 1 -b 16`). Returns the file's bytes.
 */
export function espeakWav(text: string, options: { voice?: string; wordsPerMinute?: number; soxArgs?: readonly string[] } = {}): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'ccw-test-'));
  try {
    const raw = join(dir, 'raw.wav');
    execFileSync('espeak-ng', ['-v', options.voice ?? 'en-us', '-s', String(options.wordsPerMinute ?? 150), '-w', raw, text]);
    if (!options.soxArgs) return new Uint8Array(readFileSync(raw));
    const converted = join(dir, 'converted.wav');
    execFileSync('sox', ['-D', raw, ...options.soxArgs, converted]);
    return new Uint8Array(readFileSync(converted));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
