/**
 * Offline recognition of free English speech with Debian's pocketsphinx (`pocketsphinx_continuous`, started as
 * a separate process, never linked), decoding with a trigram language model of the call center's domain
 * interpolated with the general English model (pocketsphinx-model.ts), and refusing answers the confidence
 * gate does not trust (pocketsphinx-output.ts). English only; WAV only.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { isUsualRate, resampleInSlices } from '../../audio/resample.ts';
import { encodeWav, parseWav, peakWindowRms, sniffAudioFormat } from '../../audio/wav.ts';
import { ProviderError, type AudioInput, type Language, type SpeechToText, type SttCapabilities, type Transcription } from '../types.ts';
import { runProcess } from './child-process.ts';
import { LANGUAGE_MODEL_DEFAULTS, modelPaths, prepareRecognizerFiles, type LanguageModelOptions, type RecognizerFiles, type SpeechCorpus } from './pocketsphinx-model.ts';
import { choose, parseBacktraces, summarizeDecode, transcriptOf, verify, verifyPhrase, type PhraseVerification, type Verification } from './pocketsphinx-output.ts';
import { joinSpokenDigits } from './spoken-digits.ts';
import { TaskQueue, abortReason } from './task-queue.ts';

/** Construction options (paths from `config.local`, the corpus from the local persona engine's domain). */
export interface PocketsphinxSttOptions {
  readonly binaryPath: string;
  /** Folder with the `en-us` acoustic model folder, `cmudict-en-us.dict` and `en-us.lm.bin`. */
  readonly modelDir: string;
  /** Sentences customers say (speech-corpus.ts): the domain language model is estimated from them. */
  readonly corpus: SpeechCorpus;
  /** The assistant's exact phrases (a grammar decoded alongside, so they are heard even from hard voices). */
  readonly phrases: readonly string[];
  /** Requests this recognizer hears well, offered to a customer it did not understand. */
  readonly examples?: (language: Language) => readonly string[];
  /** How the language model is built (defaults: LANGUAGE_MODEL_DEFAULTS). */
  readonly languageModel?: LanguageModelOptions;
  /** Where built models are cached (default: `ccw-pocketsphinx-lm` in the system temp folder). */
  readonly cacheDir?: string;
  /** Per-run limit for one decoder process (default 15 s). */
  readonly timeoutMs?: number;
  /** Recordings decoded at once (default 2: each runs three short decoder processes at once). */
  readonly concurrency?: number;
}

const SAMPLE_RATE = 16_000;
const MIN_SECONDS = 0.2;
const MAX_SECONDS = 60;
/** The highest sample rate taken (studio recorders' 96 kHz); above it a minute of audio is mostly work, no speech. */
const MAX_RATE = 96_000;
/** The loudest 50 ms must reach about -50 dBFS; quieter is a muted or dead microphone. */
const SILENCE_RMS = 0.003;
const NOT_UNDERSTOOD = 'Sorry, I did not catch that. Please say it again in other words, or type your message.';
// With the default beams the phrase search sometimes prunes every path that ends a phrase and answers nothing
// ("Final result does not match the grammar"); wider beams cost little on a small grammar.
const PHRASE_BEAMS = ['-beam', '1e-60', '-pbeam', '1e-60', '-wbeam', '1e-40'];
const INSTALL_HINT = 'apt-get install pocketsphinx pocketsphinx-en-us';

type Probe =
  | { readonly ok: true; readonly dir: string; readonly files: RecognizerFiles }
  | { readonly ok: false; readonly note: string };

/** `SpeechToText` over pocketsphinx with a domain language model, verified against a phone loop. */
export class PocketsphinxStt implements SpeechToText {
  readonly name = 'local' as const;
  private readonly queue: TaskQueue;
  private readonly timeoutMs: number;
  private probing: Promise<Probe> | undefined;
  private probed: Probe | undefined;

  constructor(private readonly options: PocketsphinxSttOptions) {
    this.queue = new TaskQueue(options.concurrency ?? 2);
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** Checks the program and model, and builds (or finds cached) the language model once. Safe to call repeatedly. */
  init(): Promise<void> {
    this.probing ??= this.probe().then((result) => (this.probed = result));
    return this.probing.then(() => undefined);
  }

  /** What the language model was built from and holds (after `init`), or undefined when unavailable. */
  get model(): RecognizerFiles | undefined {
    return this.probed?.ok ? this.probed.files : undefined;
  }

  examples(language: Language): readonly string[] {
    return this.options.examples?.(language) ?? [];
  }

  capabilities(): SttCapabilities {
    const base = { languages: ['en'], formats: ['wav'], vocabulary: 'free' as const };
    if (!this.probed) return { ...base, available: false, note: 'The offline recognizer has not been checked yet.' };
    if (!this.probed.ok) return { ...base, available: false, note: this.probed.note };
    return {
      ...base,
      available: true,
      note: 'Offline recognition of free speech in English only, most accurate on plans, prices, orders and complaints; noise and words it is not sure of are refused with a request to rephrase or type, never guessed.',
    };
  }

  async transcribe(audio: AudioInput, options: { language?: Language; signal?: AbortSignal }): Promise<Transcription> {
    if (options.language === 'ar') {
      throw new ProviderError('unsupported_language', 'Offline speech recognition understands English only. Please type your message in Arabic instead.');
    }
    const speech = await decodeUpload(audio.data);
    await this.init();
    const probed = this.probed!;
    if (!probed.ok) throw new ProviderError('provider_unavailable', `Offline speech recognition is not available: ${probed.note}`);
    return this.queue.run(() => this.recognize(probed.dir, probed.files, speech, options.signal), options.signal);
  }

  /** Removes the temporary files. The instance cannot transcribe afterwards. */
  async close(): Promise<void> {
    const probed = await this.probing;
    this.probed = { ok: false, note: 'The offline recognizer was shut down.' };
    if (probed?.ok) {
      await rm(probed.dir, { recursive: true, force: true });
      TEMP_DIRS.delete(probed.dir);
    }
  }

  private async probe(): Promise<Probe> {
    const { binaryPath, modelDir, corpus, phrases } = this.options;
    try {
      // With no arguments the program lists its options and exits without loading a model: a cheap "is it there".
      await runProcess(binaryPath, [], { label: 'pocketsphinx', aptPackage: 'pocketsphinx', timeoutMs: 5000 });
    } catch (error) {
      const missing = error instanceof ProviderError && error.code === 'provider_unavailable';
      return { ok: false, note: missing ? `${binaryPath} is not installed (${INSTALL_HINT}).` : `${binaryPath} did not run: ${(error as Error).message}` };
    }
    const dir = await mkdtemp(join(tmpdir(), 'ccw-pocketsphinx-'));
    removeAtExit(dir);
    try {
      const cacheDir = this.options.cacheDir ?? join(tmpdir(), 'ccw-pocketsphinx-lm');
      return { ok: true, dir, files: await prepareRecognizerFiles(modelDir, { corpus, phrases }, cacheDir, this.options.languageModel ?? LANGUAGE_MODEL_DEFAULTS) };
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      if (error instanceof RangeError) return { ok: false, note: error.message };
      return { ok: false, note: `${(error as Error).message} (apt-get install pocketsphinx-en-us, or set POCKETSPHINX_MODEL_DIR).` };
    }
  }

  private async recognize(dir: string, files: RecognizerFiles, speech: Speech, signal: AbortSignal | undefined): Promise<Transcription> {
    // One failing run stops the others; the caller's abort stops all three, from here on.
    const both = new AbortController();
    const onAbort = (): void => both.abort(abortReason(signal!));
    if (signal?.aborted) throw abortReason(signal);
    signal?.addEventListener('abort', onAbort, { once: true });
    const wavPath = join(dir, `${randomUUID()}.wav`);
    try {
      await writeFile(wavPath, speech.wav);
      const [words, phrase, phoneLoop] = await Promise.all([
        this.decode(wavPath, ['-lm', files.languageModelPath], files.dictionaryPath, both.signal),
        this.decode(wavPath, ['-jsgf', files.grammarPath, ...PHRASE_BEAMS], files.dictionaryPath, both.signal),
        this.decode(wavPath, ['-jsgf', files.phoneLoopPath], files.dictionaryPath, both.signal),
      ]).catch((error: unknown) => {
        both.abort(error);
        throw error;
      });
      const loop = summarizeDecode(parseBacktraces(phoneLoop.stderr));
      const free = parseBacktraces(words.stderr, true);
      const exact = parseBacktraces(phrase.stderr);
      const freeVerdict = verify(summarizeDecode(free), loop);
      const phraseVerdict = verifyPhrase(summarizeDecode(exact), loop);
      const chosen = choose(freeVerdict, phraseVerdict);
      const text = chosen ? joinSpokenDigits(transcriptOf(chosen === 'free' ? free : exact)) : '';
      if (!chosen || text === '') throw new ProviderError('not_understood', NOT_UNDERSTOOD, { cause: new GateRefusal(freeVerdict, phraseVerdict) });
      const confidence = chosen === 'free' ? freeVerdict.confidence : phraseVerdict.confidence;
      return { text, language: 'en', durationSeconds: speech.durationSeconds, confidence };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await rm(wavPath, { force: true });
    }
  }

  private async decode(wavPath: string, search: readonly string[], dictionaryPath: string, signal: AbortSignal): Promise<{ stdout: string; stderr: string }> {
    const { hmm } = modelPaths(this.options.modelDir);
    // -backtrace prints per-word scores and posteriors to the log (stderr), which pocketsphinx-output.ts
    // reads. -compallsen scores every senone in every frame, so the acoustic scores (relative to each frame's
    // best senone) mean the same in both decodes.
    const args = ['-infile', wavPath, ...search, '-hmm', hmm, '-dict', dictionaryPath, '-samprate', String(SAMPLE_RATE), '-backtrace', 'yes', '-compallsen', 'yes'];
    const result = await runProcess(this.options.binaryPath, args, {
      label: 'speech recognition',
      aptPackage: 'pocketsphinx',
      timeoutMs: this.timeoutMs,
      signal,
      maxOutputBytes: 8 * 1024 * 1024,
    });
    const stdout = result.stdout.toString('utf8');
    const stderr = result.stderr.toString('utf8');
    if (result.code !== 0) {
      const detail = stderr.split('\n').filter((line) => line.startsWith('ERROR')).slice(-3).join(' | ');
      throw new ProviderError('provider_error', 'The offline speech recognizer failed on this recording.', {
        cause: new Error(`pocketsphinx_continuous exited with ${result.code}: ${detail}`),
      });
    }
    return { stdout, stderr };
  }
}

/** Why the gate refused a recording (the `cause` of a `not_understood` error), for logs and tuning. */
export class GateRefusal extends Error {
  constructor(
    readonly free: Verification,
    readonly phrase: PhraseVerification,
  ) {
    super(`confidence gate: free speech margin ${free.acousticMargin.toFixed(1)}, mean posterior ${free.meanPosterior.toFixed(2)}; phrase margin ${phrase.acousticMargin.toFixed(1)}, coverage ${phrase.coverage.toFixed(2)}`);
    this.name = 'GateRefusal';
  }
}

// Recording folders of instances nobody closed (a test file, a server that exits without closing its
// providers) are removed when the process exits, so /tmp does not collect one per start.
const TEMP_DIRS = new Set<string>();
let exitHook = false;
function removeAtExit(dir: string): void {
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const leftover of TEMP_DIRS) rmSync(leftover, { recursive: true, force: true });
    });
  }
  TEMP_DIRS.add(dir);
}

/** A recording ready for the decoder. */
interface Speech {
  readonly wav: Uint8Array;
  readonly durationSeconds: number;
}

/**
 * Checks the upload is WAV with audible speech of sensible length at a usual sample rate, and converts it to
 * 16 kHz 16-bit mono in slices, so other requests are served while a long upload is converted.
 */
async function decodeUpload(data: Uint8Array): Promise<Speech> {
  const format = sniffAudioFormat(data);
  if (format !== 'wav') {
    const found = format ? `this upload is ${format.toUpperCase()}` : 'this upload is not a recognizable audio file';
    throw new ProviderError('unsupported_audio', `The offline recognizer takes WAV audio (16-bit PCM); ${found}. Record as WAV, or ask the site owner to enable the OpenAI recognizer for other formats.`);
  }
  const audio = parseWav(data);
  if (audio.durationSeconds < MIN_SECONDS) {
    throw new ProviderError('no_speech', 'The recording is too short to hold speech. Please hold the button a little longer, or type your message.');
  }
  if (audio.durationSeconds > MAX_SECONDS) {
    throw new ProviderError('unsupported_audio', `The recording is longer than ${MAX_SECONDS} seconds; the offline recognizer takes one short request at a time.`);
  }
  // An odd declared rate would take the resampler's slow path (over 2 s of one core for a 10 MB upload).
  if (!isUsualRate(audio.sampleRate, SAMPLE_RATE) || audio.sampleRate > MAX_RATE) {
    throw new ProviderError('unsupported_audio', `The recording's sample rate (${audio.sampleRate} Hz) is not one the offline recognizer takes; record at 16, 44.1 or 48 kHz.`);
  }
  const samples = await resampleInSlices(audio.samples, audio.sampleRate, SAMPLE_RATE);
  const loudest = peakWindowRms(samples, SAMPLE_RATE);
  if (loudest < SILENCE_RMS) {
    throw new ProviderError('no_speech', 'No speech was heard: the recording is silent. Please check the microphone, or type your message.');
  }
  return { wav: encodeWav(samples, SAMPLE_RATE), durationSeconds: audio.durationSeconds };
}
