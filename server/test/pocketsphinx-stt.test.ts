import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav, parseWav } from '../src/audio/wav.ts';
import { FliteTts } from '../src/providers/local/flite-tts.ts';
import { classify, customerPhrases, speechCorpus } from '../src/providers/local/persona-engine.ts';
import { PocketsphinxStt } from '../src/providers/local/pocketsphinx-stt.ts';
import { ProviderError, type AudioInput } from '../src/providers/types.ts';
import { SILENCE_FIXTURE, SPEECH_FIXTURE, SPEECH_FIXTURE_TEXT } from './support/fixtures.ts';
import { espeakWav, median } from './support/local-engines.ts';
import { RECOGNIZER, skipWithoutEngines } from './support/require-engines.ts';

const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const SALES = 'i would like to talk to sales about a new plan';
// Festival's us-slt-hts voice (text2wave, then sox to 16 kHz mono 16-bit), regenerated only when the words change.
/** "My order number is four five seven eight one two." */
const ORDER_FIXTURE = fileURLToPath(new URL('./fixtures/order-number.wav', import.meta.url));
/** "The order number is nine three one oh four four eight two seven six." */
const LONG_ORDER_FIXTURE = fileURLToPath(new URL('./fixtures/order-number-10.wav', import.meta.url));
// One model cache for the file: the first start builds it (a few seconds), the others reuse it.
const CACHE_DIR = mkdtempSync(join(tmpdir(), 'ccw-lm-test-'));
const OPTIONS = { binaryPath: 'pocketsphinx_continuous', modelDir: MODEL_DIR, corpus: speechCorpus(), phrases: customerPhrases(), cacheDir: CACHE_DIR };

const skip = skipWithoutEngines('pocketsphinx recognizer tests', [
  ...RECOGNIZER,
  { program: 'espeak-ng', apt: 'espeak-ng' },
  { program: 'sox', apt: 'sox' },
]);

function upload(data: Uint8Array, mimeType = 'audio/wav'): AudioInput {
  return { data, mimeType, filename: 'turn.wav' };
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

/** Deterministic white noise at about -14 dBFS, 2 s. */
function noise(): Uint8Array {
  let seed = 7;
  const samples = Float32Array.from({ length: 32_000 }, () => {
    seed = (seed * 1_103_515_245 + 12_345) >>> 0;
    return (seed / 2 ** 32 - 0.5) * 0.4;
  });
  return encodeWav(samples, 16_000);
}

describe.skipIf(skip)('PocketsphinxStt', () => {
  const stt = new PocketsphinxStt(OPTIONS);
  const flite = new FliteTts();
  beforeAll(() => stt.init(), 60_000);
  afterAll(async () => {
    await stt.close();
    await flite.close();
  });

  describe('when the recognizer and model are installed', () => {
    it('reports free English WAV recognition, best on the call center\'s topics, refusing what it is unsure of', () => {
      const capabilities = stt.capabilities();
      expect(capabilities).toMatchObject({ available: true, languages: ['en'], formats: ['wav'], vocabulary: 'free' });
      expect(capabilities.note).toMatch(/free speech in English only.*plans, prices, orders and complaints.*refused/);
    });

    it('built a trigram model of the domain and general English, and a grammar of the exact phrases', () => {
      const model = stt.model!;
      expect(model.vocabularySize).toBeGreaterThan(15_000);
      expect(model.ngramCounts).toHaveLength(3);
      expect(model.ngramCounts[1]).toBeGreaterThan(50_000);
      expect(model.unknownWords).toEqual([]);
      expect(model.phrases).toContain(SALES);
    });

    it('reuses the cached model on the next start instead of building it again', async () => {
      const again = new PocketsphinxStt(OPTIONS);
      const started = performance.now();
      await again.init();
      expect(performance.now() - started).toBeLessThan(1000);
      expect(again.model?.languageModelPath).toBe(stt.model?.languageModelPath);
      await again.close();
    });
  });

  describe('recognizing speech', () => {
    it('hears the committed speech fixture (espeak-ng + sox, 16 kHz) exactly', async () => {
      const started = performance.now();
      const result = await stt.transcribe(upload(readFileSync(SPEECH_FIXTURE)), {});
      console.log(`pocketsphinx: ${(performance.now() - started).toFixed(0)} ms for the ${result.durationSeconds.toFixed(2)} s fixture`);
      expect(result).toMatchObject({ text: SPEECH_FIXTURE_TEXT, language: 'en' });
      expect(result.durationSeconds).toBeCloseTo(5.16, 1);
      expect(result.confidence).toBeGreaterThan(0);
      expect(result.confidence).toBeLessThanOrEqual(1);
    });

    it('hears the sales phrase freshly spoken by espeak-ng and converted by sox', async () => {
      const wav = espeakWav(SALES, { soxArgs: ['-r', '16000', '-c', '1', '-b', '16'] });
      expect((await stt.transcribe(upload(wav), { language: 'en' })).text).toBe(SALES);
    });

    it('hears order numbers of any length, digit by digit with "oh" for zero, from the committed fixtures', async () => {
      const six = await stt.transcribe(upload(readFileSync(ORDER_FIXTURE)), {});
      expect(six.text).toBe('my order number is 457812');
      expect(six.confidence).toBeGreaterThan(0.5);
      expect(classify(six.text)).toMatchObject({ intent: 'order', orderNumber: '457812' });
      const ten = await stt.transcribe(upload(readFileSync(LONG_ORDER_FIXTURE)), {});
      expect(ten.text).toBe('the order number is 9310448276');
      expect(classify(ten.text)).toMatchObject({ intent: 'order', orderNumber: '9310448276' });
    });

    it('hears free sentences that are not among the assistant\'s phrases, spoken by Flite', async () => {
      for (const sentence of ['i would like to return my order and get my money back', 'can i speak to a human please']) {
        const result = await stt.transcribe(upload(await flite.synthesize(sentence, 'slt')), {});
        expect(result.text).toBe(sentence);
        expect(result.confidence).toBeGreaterThan(0.3);
      }
    });

    it('takes WAV at other rates and layouts: espeak-ng\'s 22.05 kHz, 48 kHz stereo float', async () => {
      const native = espeakWav('i want a refund');
      expect(parseWav(native).sampleRate).toBe(22_050);
      expect((await stt.transcribe(upload(native), {})).text).toBe('i want a refund');
      const stereoFloat = espeakWav('i want a refund', { soxArgs: ['-r', '48000', '-c', '2', '-e', 'floating-point', '-b', '32'] });
      expect(parseWav(stereoFloat)).toMatchObject({ sampleRate: 48_000, channels: 2 });
      expect((await stt.transcribe(upload(stereoFloat), {})).text).toBe('i want a refund');
    });

    it('refuses noise and reversed speech rather than transcribing them as words', async () => {
      const speech = parseWav(readFileSync(SPEECH_FIXTURE));
      const reversed = encodeWav(speech.samples.slice().reverse(), speech.sampleRate);
      for (const recording of [noise(), reversed]) {
        const error = await failure(stt.transcribe(upload(recording), {}));
        expect(error.code).toBe('not_understood');
        expect(error.message).toMatch(/say it again in other words, or type/);
      }
    });

    it('refuses off-domain speech it is unsure of, or transcribes it without a call-center request', async () => {
      // The grammar-only recognizer forced sentences like these onto its nearest phrase.
      for (const sentence of ['please pass the salt and pepper', 'the weather is lovely in london today']) {
        const outcome = await stt.transcribe(upload(await flite.synthesize(sentence, 'slt')), {}).then(
          (result) => classify(result.text).intent,
          (error: unknown) => (error as ProviderError).code,
        );
        expect(['not_understood', 'unknown']).toContain(outcome);
      }
    });

    it('decodes two recordings at once and queues the rest', async () => {
      const fixture = readFileSync(SPEECH_FIXTURE);
      const results = await Promise.all([1, 2, 3, 4].map(() => stt.transcribe(upload(fixture), {})));
      expect(results.map((r) => r.text)).toEqual([SALES, SALES, SALES, SALES]);
    });

    it('takes about a second for the fixture (median of 5; three decodes on two cores)', async () => {
      const fixture = readFileSync(SPEECH_FIXTURE);
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await stt.transcribe(upload(fixture), {});
        times.push(performance.now() - started);
      }
      console.log(`pocketsphinx: ${median(times).toFixed(0)} ms per 5.2 s fixture (median of 5: ${times.map((t) => t.toFixed(0)).join(', ')})`);
      expect(median(times)).toBeLessThan(6000);
    });
  });

  describe('refusing what it cannot use', () => {
    it('answers no_speech for silence and for a recording too short to hold a word', async () => {
      const silent = await failure(stt.transcribe(upload(readFileSync(SILENCE_FIXTURE)), {}));
      expect(silent).toMatchObject({ code: 'no_speech', message: expect.stringMatching(/silent.*microphone/) });
      expect((await failure(stt.transcribe(upload(encodeWav(new Float32Array(16_000), 16_000)), {}))).code).toBe('no_speech');
      const blip = encodeWav(Float32Array.from({ length: 1600 }, (_, i) => 0.5 * Math.sin(i / 3)), 16_000); // 0.1 s
      expect(await failure(stt.transcribe(upload(blip), {}))).toMatchObject({ code: 'no_speech', message: expect.stringMatching(/too short/) });
    });

    it('answers unsupported_audio for garbage, a truncated WAV and other containers', async () => {
      const garbage = await failure(stt.transcribe(upload(new TextEncoder().encode('this is not audio at all, just some text')), {}));
      expect(garbage).toMatchObject({ code: 'unsupported_audio', message: expect.stringMatching(/takes WAV audio \(16-bit PCM\); this upload is not a recognizable audio file/) });

      const truncated = readFileSync(SPEECH_FIXTURE).subarray(0, 20_000);
      expect(await failure(stt.transcribe(upload(truncated), {}))).toMatchObject({ code: 'unsupported_audio', message: expect.stringMatching(/truncated/) });

      const mp3 = new Uint8Array(512);
      mp3.set([0x49, 0x44, 0x33, 0x04]); // "ID3"
      expect(await failure(stt.transcribe(upload(mp3, 'audio/wav'), {}))).toMatchObject({ code: 'unsupported_audio', message: expect.stringMatching(/this upload is MP3/) });
      const webm = Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]);
      expect(await failure(stt.transcribe(upload(webm, 'audio/webm'), {}))).toMatchObject({ code: 'unsupported_audio', message: expect.stringMatching(/this upload is WEBM/) });
    });

    it('refuses an odd declared sample rate before converting anything (its conversion held the server for seconds)', async () => {
      // (How long a usual conversion holds the event loop is the resampler's slices: see resampleInSlices.)
      // 10 MB of 8-bit audio declared at 383,999 Hz: 26 s long, within the length limit, on the resampler's slow path.
      const samples = new Float32Array(10_000_000).map((_, i) => 0.3 * Math.sin(i / 7));
      const wav = encodeWav(samples.subarray(0, 2_000_000), 383_999);
      const odd = await failure(stt.transcribe(upload(wav), {}));
      expect(odd).toMatchObject({ code: 'unsupported_audio', message: expect.stringMatching(/sample rate \(383999 Hz\) is not one the offline recognizer takes/) });
      expect(await failure(stt.transcribe(upload(encodeWav(samples.subarray(0, 200_000), 192_000)), {}))).toMatchObject({ code: 'unsupported_audio', message: expect.stringMatching(/192000 Hz/) });
    });

    it('answers unsupported_language for Arabic, before looking at the audio', async () => {
      const error = await failure(stt.transcribe(upload(new Uint8Array(4)), { language: 'ar' }));
      expect(error).toMatchObject({ code: 'unsupported_language', message: expect.stringMatching(/English only.*type/) });
    });
  });

  describe('when the caller gives up', () => {
    it('rejects with the abort reason before starting, while running, and while queued', async () => {
      const fixture = readFileSync(SPEECH_FIXTURE);
      const early = new AbortController();
      early.abort();
      await expect(stt.transcribe(upload(fixture), { signal: early.signal })).rejects.toMatchObject({ name: 'AbortError' });

      const running = new AbortController();
      const started = performance.now();
      const first = stt.transcribe(upload(fixture), { signal: running.signal });
      const second = stt.transcribe(upload(fixture), {});
      const queuedController = new AbortController();
      const queued = stt.transcribe(upload(fixture), { signal: queuedController.signal });
      setTimeout(() => {
        running.abort();
        queuedController.abort();
      }, 30);
      const [firstOutcome, queuedOutcome] = await Promise.allSettled([first, queued]);
      expect(firstOutcome).toMatchObject({ status: 'rejected', reason: { name: 'AbortError' } });
      expect(queuedOutcome).toMatchObject({ status: 'rejected', reason: { name: 'AbortError' } });
      expect(performance.now() - started).toBeLessThan(1500);
      expect((await second).text).toBe(SALES); // the others are unaffected
    });

    it('stops the decoder with provider_timeout when it runs too long', async () => {
      const hurried = new PocketsphinxStt({ ...OPTIONS, timeoutMs: 20 });
      try {
        expect((await failure(hurried.transcribe(upload(readFileSync(SPEECH_FIXTURE)), {}))).code).toBe('provider_timeout');
      } finally {
        await hurried.close();
      }
    });
  });

  describe('when something is missing', () => {
    it('reports the recognizer unavailable, with the apt packages, when the program is missing', async () => {
      const missing = new PocketsphinxStt({ ...OPTIONS, binaryPath: '/nonexistent/pocketsphinx_continuous' });
      await missing.init();
      expect(missing.capabilities()).toMatchObject({ available: false, note: expect.stringMatching(/apt-get install pocketsphinx pocketsphinx-en-us/) });
      expect((await failure(missing.transcribe(upload(readFileSync(SPEECH_FIXTURE)), {}))).code).toBe('provider_unavailable');
    });

    it('reports the recognizer unavailable when the model folder is wrong', async () => {
      const noModel = new PocketsphinxStt({ ...OPTIONS, modelDir: '/nonexistent/model' });
      await noModel.init();
      expect(noModel.capabilities()).toMatchObject({ available: false, note: expect.stringMatching(/model file missing.*POCKETSPHINX_MODEL_DIR/) });
    });

    it('reports the recognizer unavailable when no corpus sentence can be recognized', async () => {
      const noCorpus = new PocketsphinxStt({ ...OPTIONS, corpus: { key: 'unknown-words', sentences: () => ['xyzzy plugh'] } });
      await noCorpus.init();
      expect(noCorpus.capabilities()).toMatchObject({ available: false, note: expect.stringMatching(/None of the corpus sentences/) });
    });

    it('says it has not been checked before init', () => {
      const fresh = new PocketsphinxStt(OPTIONS);
      expect(fresh.capabilities()).toMatchObject({ available: false, note: expect.stringMatching(/not been checked/) });
    });
  });
});
