/**
 * Speech synthesis with Debian's espeak-ng, run as a separate program (it is GPL, so it is never linked):
 * the voice for Arabic, and for English when Flite cannot load. Text goes in on stdin, never on a command
 * line, so nothing in it is interpreted by a shell or taken for an option.
 */
import { encodeWav, parseWav } from '../../audio/wav.ts';
import { ProviderError } from '../types.ts';
import { runProcess } from './child-process.ts';
import { TaskQueue } from './task-queue.ts';

/** Options for `EspeakTts`. */
export interface EspeakTtsOptions {
  /** Program to run (`config.local.espeakPath`). */
  readonly binaryPath: string;
  /** Limit for one synthesis (default 20 s). */
  readonly timeoutMs?: number;
  /** Syntheses at once (default 2). */
  readonly concurrency?: number;
}

/** What the probe found. */
export interface EspeakProbe {
  readonly available: boolean;
  /** e.g. "1.51". */
  readonly version?: string;
  /** Which of the voices we use are installed: espeak-ng voice name -> present. */
  readonly voices: Readonly<Record<string, boolean>>;
  /** Why it is unavailable, when it is. */
  readonly note?: string;
}

/** The espeak-ng voices we use, by espeak-ng's name. */
export const ESPEAK_VOICES = ['ar', 'en-us'] as const;

/** Longest text synthesized in one call, cut at a word boundary beyond (routes limit it well below). */
export const ESPEAK_MAX_CHARS = 5000;

const APT_PACKAGE = 'espeak-ng';

/** espeak-ng as a child process, at most `concurrency` at a time. */
export class EspeakTts {
  private readonly queue: TaskQueue;
  private readonly timeoutMs: number;
  private probing: Promise<EspeakProbe> | undefined;

  constructor(private readonly options: EspeakTtsOptions) {
    this.queue = new TaskQueue(options.concurrency ?? 2);
    this.timeoutMs = options.timeoutMs ?? 20_000;
  }

  /** Checks once that the program runs and which of ESPEAK_VOICES it has. Never rejects. */
  probe(): Promise<EspeakProbe> {
    this.probing ??= this.detect();
    return this.probing;
  }

  /**
   * Synthesizes `text` with an espeak-ng voice (`ar`, `en-us`) at `wordsPerMinute` (default 160); resolves
   * to a 16-bit mono WAV file with correct sizes in its header.
   */
  async synthesize(text: string, voice: string, options: { wordsPerMinute?: number; signal?: AbortSignal } = {}): Promise<Uint8Array> {
    const clean = textForEspeak(text);
    if (!/[\p{L}\p{N}]/u.test(clean)) throw new ProviderError('unsupported_language', 'There is nothing in this text the voice can read.');
    const speed = Math.round(Math.min(300, Math.max(80, options.wordsPerMinute ?? 160)));
    // -b 1: the text is UTF-8 whatever the server's locale says. No -m: markup-looking text is read, not obeyed.
    const args = ['-v', voice, '-s', String(speed), '-b', '1', '--stdout'];
    const result = await this.queue.run(
      () => runProcess(this.options.binaryPath, args, { label: 'espeak-ng', aptPackage: APT_PACKAGE, input: clean, timeoutMs: this.timeoutMs, signal: options.signal }),
      options.signal,
    );
    if (result.code !== 0) {
      throw new ProviderError('provider_error', 'The offline voice could not read this text.', {
        cause: new Error(`espeak-ng -v ${voice} exited with ${result.code}: ${result.stderr.toString('utf8').trim()}`),
      });
    }
    // espeak-ng streams to stdout and cannot go back to fill in the sizes, so its header claims ~2 GB; a
    // browser or player given that header may wait for the rest. Write a header with the real sizes.
    const audio = parseWav(new Uint8Array(result.stdout.buffer, result.stdout.byteOffset, result.stdout.byteLength));
    if (audio.samples.length === 0) throw new ProviderError('provider_error', 'The offline voice produced no audio for this text.');
    return encodeWav(audio.samples, audio.sampleRate);
  }

  private async detect(): Promise<EspeakProbe> {
    const { binaryPath } = this.options;
    const run = (args: string[]) => runProcess(binaryPath, args, { label: 'espeak-ng', aptPackage: APT_PACKAGE, timeoutMs: 5000 });
    try {
      const version = await run(['--version']);
      const match = /text-to-speech:\s*(\S+)/.exec(version.stdout.toString('utf8'));
      if (version.code !== 0 || !match) return { available: false, voices: {}, note: `${binaryPath} --version did not answer as espeak-ng does (apt-get install ${APT_PACKAGE}).` };
      const voices: Record<string, boolean> = {};
      for (const voice of ESPEAK_VOICES) {
        // `--voices=ar` lists the voices for a language; a header line alone means none is installed.
        const listing = await run([`--voices=${voice}`]);
        voices[voice] = listing.stdout.toString('utf8').trim().split('\n').length > 1;
      }
      return { available: true, version: match[1], voices };
    } catch (error) {
      if (error instanceof ProviderError && error.code === 'provider_unavailable') {
        return { available: false, voices: {}, note: `espeak-ng is not installed (${binaryPath} not found; apt-get install ${APT_PACKAGE}).` };
      }
      return { available: false, voices: {}, note: `espeak-ng did not run: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}

/** Control characters and invisible format marks out, whitespace collapsed, length capped at a word boundary. */
export function textForEspeak(text: string): string {
  let clean = text
    .normalize('NFC')
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\p{Cf}+/gu, '') // invisible format marks (bidi, joiners): nothing to say
    .replace(/\s+/g, ' ')
    .trim();
  if (clean.length > ESPEAK_MAX_CHARS) {
    const cut = clean.lastIndexOf(' ', ESPEAK_MAX_CHARS);
    clean = clean.slice(0, cut > ESPEAK_MAX_CHARS / 2 ? cut : ESPEAK_MAX_CHARS);
  }
  return clean;
}
