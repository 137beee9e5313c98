import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav, parseWav } from '../src/audio/wav.ts';
import { FliteTts } from '../src/providers/local/flite-tts.ts';
import { buildJsgfGrammar, normalizePhrase } from '../src/providers/local/jsgf.ts';
import { PocketsphinxStt } from '../src/providers/local/pocketsphinx-stt.ts';
import { ProviderError, type AudioInput } from '../src/providers/types.ts';
import { SILENCE_FIXTURE, SPEECH_FIXTURE, SPEECH_FIXTURE_TEXT } from './support/fixtures.ts';
import { espeakWav, median, requireFile, requireProgram } from './support/local-engines.ts';

const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const SALES = 'i would like to talk to sales about a new plan';

/** A customer-phrase list like the persona engine's, written for these tests. */
const PHRASES = [
  'hello', 'hi there', 'good morning', 'thank you', 'goodbye', 'yes please', 'no thank you',
  SALES, 'i want to talk to sales', 'what plans do you have', 'how much is the pro plan',
  'what does the business plan include', 'i want to upgrade my plan',
  'i have a problem with my order', 'my order has not arrived', 'you sent me the wrong item',
  'i was charged twice', 'i want a refund', 'can i get my money back', 'i want to speak to a manager',
  'i need a human', "i'd like to talk to someone", 'xyzzy plugh', 'order 12345',
];

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

beforeAll(() => {
  requireProgram('pocketsphinx_continuous', 'pocketsphinx');
  requireFile(`${MODEL_DIR}/en-us/mdef`, 'pocketsphinx-en-us');
  requireProgram('espeak-ng', 'espeak-ng');
  requireProgram('sox', 'sox');
});

describe('buildJsgfGrammar', () => {
  it('writes a JSGF grammar of the phrases, lower case, deduplicated, unknown words reported', () => {
    const known = new Set(['i', 'want', 'a', 'refund', 'hello', "don't", 'go']);
    const grammar = buildJsgfGrammar(['I want a REFUND!', 'Hello.', 'hello', "Don\u2019t go", 'i want a pony', '...'], (w) => known.has(w));
    expect(grammar.phrases).toEqual(['i want a refund', 'hello', "don't go"]);
    expect(grammar.rejected).toEqual([
      { phrase: 'i want a pony', unknownWords: ['pony'] },
      { phrase: '...', unknownWords: [] },
    ]);
    expect(grammar.text).toMatch(/^#JSGF V1\.0;\n/);
    expect(grammar.text).toContain("public <utterance> = ( i want a refund\n  | hello\n  | don't go );");
  });

  it('spells phrases the way the dictionary does and refuses an empty grammar', () => {
    expect(normalizePhrase('  Caf\u00e9 <sales> | "pro"; plan/2 ')).toBe('cafe sales pro plan 2');
    expect(() => buildJsgfGrammar(['zzz'], () => false)).toThrow(RangeError);
  });
});

describe('PocketsphinxStt', () => {
  const stt = new PocketsphinxStt({ binaryPath: 'pocketsphinx_continuous', modelDir: MODEL_DIR, phrases: PHRASES });
  const flite = new FliteTts();
  beforeAll(() => stt.init());
  afterAll(async () => {
    await stt.close();
    await flite.close();
  });

  describe('when the recognizer and model are installed', () => {
    it('reports English WAV recognition of known phrases only', () => {
      const capabilities = stt.capabilities();
      expect(capabilities).toMatchObject({ available: true, languages: ['en'], formats: ['wav'], vocabulary: 'phrases' });
      expect(capabilities.note).toMatch(/only the 22 phrases the assistant knows/);
    });

    it('leaves out phrases with words the dictionary lacks, and says which', () => {
      expect(stt.rejectedPhrases).toEqual([
        { phrase: 'xyzzy plugh', unknownWords: ['xyzzy', 'plugh'] },
        { phrase: 'order 12345', unknownWords: ['12345'] },
      ]);
      expect(stt.phrases).toContain("i'd like to talk to someone");
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

    it('hears phrases spoken by Flite', async () => {
      for (const phrase of [SALES, 'i want a refund', 'hello']) {
        const result = await stt.transcribe(upload(await flite.synthesize(phrase, 'slt')), {});
        expect(result.text).toBe(phrase);
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

    it('refuses speech that is not one of the phrases rather than forcing it onto the nearest', async () => {
      // Without the phone-loop check the grammar answers "you sent me the wrong item" and "i need a human".
      for (const sentence of ['do you sell bicycles', 'i need a taxi to the airport']) {
        const error = await failure(stt.transcribe(upload(await flite.synthesize(sentence, 'slt')), {}));
        expect(error.code).toBe('not_understood');
        expect(error.message).toMatch(/say it again in other words, or type/);
      }
    });

    it('decodes two recordings at once and queues the rest', async () => {
      const fixture = readFileSync(SPEECH_FIXTURE);
      const results = await Promise.all([1, 2, 3, 4].map(() => stt.transcribe(upload(fixture), {})));
      expect(results.map((r) => r.text)).toEqual([SALES, SALES, SALES, SALES]);
    });

    it('takes a few hundred milliseconds for the fixture (median of 5)', async () => {
      const fixture = readFileSync(SPEECH_FIXTURE);
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await stt.transcribe(upload(fixture), {});
        times.push(performance.now() - started);
      }
      console.log(`pocketsphinx: ${median(times).toFixed(0)} ms per 5.2 s fixture (median of 5: ${times.map((t) => t.toFixed(0)).join(', ')})`);
      expect(median(times)).toBeLessThan(5000);
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
      const hurried = new PocketsphinxStt({ binaryPath: 'pocketsphinx_continuous', modelDir: MODEL_DIR, phrases: PHRASES, timeoutMs: 20 });
      try {
        expect((await failure(hurried.transcribe(upload(readFileSync(SPEECH_FIXTURE)), {}))).code).toBe('provider_timeout');
      } finally {
        await hurried.close();
      }
    });
  });

  describe('when something is missing', () => {
    it('reports the recognizer unavailable, with the apt packages, when the program is missing', async () => {
      const missing = new PocketsphinxStt({ binaryPath: '/nonexistent/pocketsphinx_continuous', modelDir: MODEL_DIR, phrases: PHRASES });
      await missing.init();
      expect(missing.capabilities()).toMatchObject({ available: false, note: expect.stringMatching(/apt-get install pocketsphinx pocketsphinx-en-us/) });
      expect((await failure(missing.transcribe(upload(readFileSync(SPEECH_FIXTURE)), {}))).code).toBe('provider_unavailable');
    });

    it('reports the recognizer unavailable when the model folder is wrong', async () => {
      const noModel = new PocketsphinxStt({ binaryPath: 'pocketsphinx_continuous', modelDir: '/nonexistent/model', phrases: PHRASES });
      await noModel.init();
      expect(noModel.capabilities()).toMatchObject({ available: false, note: expect.stringMatching(/model file missing.*POCKETSPHINX_MODEL_DIR/) });
    });

    it('reports the recognizer unavailable when no phrase can be recognized', async () => {
      const noPhrases = new PocketsphinxStt({ binaryPath: 'pocketsphinx_continuous', modelDir: MODEL_DIR, phrases: ['xyzzy'] });
      await noPhrases.init();
      expect(noPhrases.capabilities()).toMatchObject({ available: false, note: expect.stringMatching(/None of the assistant's phrases/) });
    });

    it('says it has not been checked before init', () => {
      const fresh = new PocketsphinxStt({ binaryPath: 'pocketsphinx_continuous', modelDir: MODEL_DIR, phrases: PHRASES });
      expect(fresh.capabilities()).toMatchObject({ available: false, note: expect.stringMatching(/not been checked/) });
    });
  });
});
