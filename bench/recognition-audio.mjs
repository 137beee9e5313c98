// Speaks the recognition benchmark's held-out sentences with every installed synthetic voice (Flite, Festival's
// us-slt-hts, espeak-ng variants) into 16 kHz mono 16-bit WAV with sox. Audio is made at bench time and kept
// in a cache folder under the system temp directory (keyed by voice and text), never committed.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const has = (program) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;

/** Every voice the benchmark knows: a name, the program it needs, and how it writes a WAV. */
export const VOICES = [
  ...['slt', 'rms', 'awb', 'kal16'].map((v) => ({
    name: `flite ${v}`,
    needs: 'flite',
    speak: (text, out) => execFileSync('flite', ['-voice', v, '-t', text, '-o', out]),
  })),
  {
    name: 'festival us-slt-hts',
    needs: 'text2wave',
    available: () => existsSync('/usr/share/festival/voices/us/cmu_us_slt_arctic_hts'),
    speak: (text, out) => execFileSync('text2wave', ['-eval', '(voice_cmu_us_slt_arctic_hts)', '-o', out], { input: text }),
  },
  ...['en-us+m3', 'en-gb+f3'].map((v) => ({
    name: `espeak-ng ${v}`,
    needs: 'espeak-ng',
    speak: (text, out) => execFileSync('espeak-ng', ['-v', v, '-s', '150', '-w', out, text]),
  })),
];

/** The Debian packages that bring the voices and sox. */
export const VOICE_PACKAGES = 'flite festival festvox-us-slt-hts espeak-ng sox';

/** Voices installed here (sox is needed for all of them). */
export function installedVoices() {
  if (!has('sox')) return [];
  return VOICES.filter((voice) => has(voice.needs) && (voice.available?.() ?? true));
}

const cacheDir = join(tmpdir(), 'ccw-bench-voices');

/** The path of `text` spoken by `voice` as 16 kHz mono 16-bit WAV, synthesizing it on first use. */
export function spokenWav(voice, text) {
  const key = createHash('sha256').update(`${voice.name}\n${text}`).digest('hex').slice(0, 24);
  const path = join(cacheDir, `${key}.wav`);
  if (existsSync(path)) return path;
  mkdirSync(cacheDir, { recursive: true });
  const raw = join(cacheDir, `${key}.raw.wav`);
  const partial = join(cacheDir, `${key}.${process.pid}.wav`);
  try {
    voice.speak(text, raw);
    // Plain 16-bit PCM at the recognizer's rate; -D: no dither, so the same text gives the same file.
    execFileSync('sox', ['-V1', '-D', raw, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', partial]);
    renameSync(partial, path);
  } finally {
    rmSync(raw, { force: true });
    rmSync(partial, { force: true });
  }
  return path;
}

