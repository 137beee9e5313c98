import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWav, peakWindowRms, rms } from '../src/audio/wav.ts';
import { EspeakTts } from '../src/providers/local/espeak-tts.ts';
import { FliteTts, textForFlite } from '../src/providers/local/flite-tts.ts';
import { LocalTts } from '../src/providers/local/local-tts.ts';
import { ProviderError } from '../src/providers/types.ts';
import { median, requireProgram } from './support/local-engines.ts';

const SENTENCE = 'Hello, thank you for calling. How can I help you today?';
const ARABIC = 'مرحبا، كيف يمكنني مساعدتك اليوم؟';

/** Checks a synthesis is a real WAV of audible speech about as long as the text needs. */
function expectSpeech(data: Uint8Array, expected: { minSeconds: number; maxSeconds: number; sampleRate?: number }): void {
  const wav = parseWav(data);
  if (expected.sampleRate) expect(wav.sampleRate).toBe(expected.sampleRate);
  expect(wav.channels).toBe(1);
  expect(wav.durationSeconds).toBeGreaterThan(expected.minSeconds);
  expect(wav.durationSeconds).toBeLessThan(expected.maxSeconds);
  expect(rms(wav.samples)).toBeGreaterThan(0.02);
  // The header's data size is the real one (not a streaming placeholder): the file ends where the audio does.
  expect(new DataView(data.buffer, data.byteOffset).getUint32(4, true)).toBe(data.length - 8);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

beforeAll(() => requireProgram('espeak-ng', 'espeak-ng'));

describe('FliteTts (WASI, in a helper Node process)', () => {
  const flite = new FliteTts();
  afterAll(() => flite.close());

  it('lists the built-in voices it offers', async () => {
    expect(await flite.load()).toEqual(['slt', 'kal', 'awb', 'rms']);
  });

  it('speaks a sentence as a 16 kHz WAV of audible speech', async () => {
    expectSpeech(await flite.synthesize(SENTENCE, 'slt'), { minSeconds: 2, maxSeconds: 6, sampleRate: 16_000 });
  });

  it('gives each voice its own sound', async () => {
    const levels = new Set<string>();
    for (const voice of ['slt', 'kal', 'awb', 'rms']) {
      const wav = parseWav(await flite.synthesize('Your order is on its way.', voice));
      levels.add(`${wav.samples.length}:${rms(wav.samples).toFixed(4)}`);
    }
    expect(levels.size).toBe(4);
  });

  it('reads long text in constant memory (text that crashed Flite when passed with -t)', async () => {
    const long = 'Thank you for waiting, your request is important to us. '.repeat(50); // 2,850 characters
    expectSpeech(await flite.synthesize(long, 'slt'), { minSeconds: 120, maxSeconds: 260 });
  }, 60_000);

  it('cleans text: control characters, typographic quotes and accents are made readable', async () => {
    expect(textForFlite('Caf\u00e9 \u201cna\u00efve\u201d\u2014it\u2019s\u0000 \u0007fine\u2026\n')).toBe(`Cafe "naive" - it's fine...`);
    expectSpeech(await flite.synthesize('\u0000\u001b[31m It\u2019s -voice kal; rm -rf / \u201cfine\u201d', 'slt'), { minSeconds: 1, maxSeconds: 5 });
  });

  it('refuses text with nothing English to read, and voices it does not have', async () => {
    const arabic = await rejection(flite.synthesize(ARABIC, 'slt'));
    expect(arabic).toMatchObject({ code: 'unsupported_language' });
    expect(await rejection(flite.synthesize('hello', 'nobody'))).toBeInstanceOf(ProviderError);
  });

  it('runs one synthesis at a time and drops a queued one whose caller gave up', async () => {
    const controller = new AbortController();
    const first = flite.synthesize('The first sentence is spoken now.', 'slt');
    const second = flite.synthesize('The second sentence was abandoned.', 'slt', controller.signal);
    const third = flite.synthesize('The third sentence is spoken after the first.', 'kal');
    controller.abort();
    expect(await rejection(second)).toMatchObject({ name: 'AbortError' });
    expectSpeech(await first, { minSeconds: 1, maxSeconds: 5 });
    expectSpeech(await third, { minSeconds: 1, maxSeconds: 5 });
  });

  it('stops a running synthesis on abort and keeps working afterwards', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = flite.synthesize('This is a very long text. '.repeat(150), 'slt', controller.signal);
    setTimeout(() => controller.abort(), 100);
    expect(await rejection(running)).toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(2000);
    expectSpeech(await flite.synthesize('Still here.', 'slt'), { minSeconds: 0.5, maxSeconds: 3 });
  });

  it('gives up with provider_timeout when a synthesis runs too long', async () => {
    const slow = new FliteTts({ timeoutMs: 50 });
    try {
      expect(await rejection(slow.synthesize('This is a very long text. '.repeat(150), 'slt'))).toMatchObject({ code: 'provider_timeout' });
    } finally {
      await slow.close();
    }
  });

  it('reports that it cannot load when the wasm file is missing', async () => {
    const broken = new FliteTts({ wasmPath: '/nonexistent/flite.wasm' });
    await expect(broken.load()).rejects.toThrow(/ENOENT/);
  });

  it('takes a short sentence in about 100-200 ms (median of 5)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await flite.synthesize(SENTENCE, 'slt');
      times.push(performance.now() - started);
    }
    console.log(`flite: ${median(times).toFixed(0)} ms per sentence (median of 5: ${times.map((t) => t.toFixed(0)).join(', ')})`);
    expect(median(times)).toBeLessThan(2000);
  });
});

describe('EspeakTts (separate process)', () => {
  const espeak = new EspeakTts({ binaryPath: 'espeak-ng' });

  it('finds espeak-ng with its Arabic and American English voices', async () => {
    const probe = await espeak.probe();
    expect(probe).toMatchObject({ available: true, voices: { ar: true, 'en-us': true } });
    expect(probe.version).toMatch(/^\d+\.\d+/);
  });

  it('speaks Arabic as a WAV whose header carries the real sizes, not the streaming placeholder', async () => {
    expectSpeech(await espeak.synthesize(ARABIC, 'ar'), { minSeconds: 1, maxSeconds: 6, sampleRate: 22_050 });
  });

  it('reads text from stdin, so option-like or shell-like text is spoken, not obeyed', async () => {
    const data = await espeak.synthesize('-v xx --version $(touch /tmp/ccw-pwned) `id`; echo hi', 'en-us');
    expectSpeech(data, { minSeconds: 2, maxSeconds: 12 });
    const { existsSync } = await import('node:fs');
    expect(existsSync('/tmp/ccw-pwned')).toBe(false);
  });

  it('honours speed: faster speech is shorter', async () => {
    const slow = parseWav(await espeak.synthesize(SENTENCE, 'en-us', { wordsPerMinute: 120 }));
    const fast = parseWav(await espeak.synthesize(SENTENCE, 'en-us', { wordsPerMinute: 240 }));
    expect(fast.durationSeconds).toBeLessThan(slow.durationSeconds * 0.7);
  });

  it('rejects with the abort reason when the caller gives up, and with provider_timeout when too slow', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await rejection(espeak.synthesize(SENTENCE, 'ar', { signal: controller.signal }))).toMatchObject({ name: 'AbortError' });
    const hurried = new EspeakTts({ binaryPath: 'espeak-ng', timeoutMs: 5 });
    expect(await rejection(hurried.synthesize('A long text to read. '.repeat(200), 'en-us'))).toMatchObject({ code: 'provider_timeout' });
  });

  it('says which package to install when espeak-ng is missing', async () => {
    const missing = new EspeakTts({ binaryPath: '/nonexistent/espeak-ng' });
    const probe = await missing.probe();
    expect(probe.available).toBe(false);
    expect(probe.note).toMatch(/apt-get install espeak-ng/);
    expect(await rejection(missing.synthesize('hello', 'en-us'))).toMatchObject({ code: 'provider_unavailable' });
  });

  it('takes a few tens of milliseconds per sentence (median of 5)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await espeak.synthesize(ARABIC, 'ar');
      times.push(performance.now() - started);
    }
    console.log(`espeak-ng: ${median(times).toFixed(0)} ms per sentence (median of 5: ${times.map((t) => t.toFixed(0)).join(', ')})`);
    expect(median(times)).toBeLessThan(2000);
  });
});

describe('LocalTts', () => {
  describe('with Flite and espeak-ng both working', () => {
    const tts = new LocalTts({ espeakPath: 'espeak-ng' });
    afterAll(() => tts.close());

    it('reports nothing available until it has been initialised', () => {
      expect(new LocalTts({ espeakPath: 'espeak-ng' }).capabilities()).toMatchObject({ available: false, voices: [] });
    });

    it('offers English from Flite and Arabic from espeak-ng, with a default voice for each', async () => {
      await tts.init();
      expect(tts.capabilities()).toEqual({
        available: true,
        languages: ['en', 'ar'],
        voices: ['slt', 'kal', 'awb', 'rms', 'ar'],
        defaultVoice: { en: 'slt', ar: 'ar' },
        format: 'wav',
        aliases: { nova: 'slt', shimmer: 'slt', alloy: 'slt', echo: 'rms', onyx: 'kal', fable: 'awb' },
      });
    });

    it('takes OpenAI\'s voice names, as the seed\'s examples send them, and says which voice spoke', async () => {
      const nova = await tts.synthesize(SENTENCE, { language: 'en', voice: 'nova' });
      expect(nova.voice).toBe('slt');
      expectSpeech(nova.data, { minSeconds: 2, maxSeconds: 6 });
      expect((await tts.synthesize(SENTENCE, { language: 'en', voice: 'onyx' })).voice).toBe('kal');
      // An English voice name asked of Arabic text: the Arabic voice speaks it.
      expect((await tts.synthesize(ARABIC, { language: 'ar', voice: 'alloy' })).voice).toBe('ar');
    });

    it('speaks each language with its default voice, or the voice asked for', async () => {
      const en = await tts.synthesize(SENTENCE, { language: 'en' });
      expect(en).toMatchObject({ format: 'wav', voice: 'slt' });
      expectSpeech(en.data, { minSeconds: 2, maxSeconds: 6 });
      const ar = await tts.synthesize(ARABIC, { language: 'ar' });
      expect(ar.voice).toBe('ar');
      expectSpeech(ar.data, { minSeconds: 1, maxSeconds: 6 });
      expect((await tts.synthesize(SENTENCE, { language: 'en', voice: 'awb' })).voice).toBe('awb');
    });

    it('uses the language default when the voice asked for cannot speak the language', async () => {
      expect((await tts.synthesize(ARABIC, { language: 'ar', voice: 'slt' })).voice).toBe('ar');
      expect((await tts.synthesize(SENTENCE, { language: 'en', voice: 'no-such-voice' })).voice).toBe('slt');
    });
  });

  describe('without espeak-ng', () => {
    const tts = new LocalTts({ espeakPath: '/nonexistent/espeak-ng' });
    afterAll(() => tts.close());

    it('offers English only and says how to get Arabic', async () => {
      await tts.init();
      const capabilities = tts.capabilities();
      expect(capabilities).toMatchObject({ available: true, languages: ['en'], voices: ['slt', 'kal', 'awb', 'rms'], defaultVoice: { en: 'slt' } });
      expect(capabilities.note).toMatch(/Arabic speech is off.*apt-get install espeak-ng/);
      expect(await rejection(tts.synthesize(ARABIC, { language: 'ar' }))).toMatchObject({ code: 'provider_unavailable', message: expect.stringMatching(/Arabic.*apt-get install espeak-ng/) });
    });
  });

  describe('when Flite cannot load', () => {
    const tts = new LocalTts({ espeakPath: 'espeak-ng', flite: { wasmPath: '/nonexistent/flite.wasm' } });

    it('falls back to espeak-ng for English and says why', async () => {
      await tts.init();
      const capabilities = tts.capabilities();
      expect(capabilities).toMatchObject({ available: true, languages: ['ar', 'en'], voices: ['ar', 'en-us'], defaultVoice: { en: 'en-us', ar: 'ar' } });
      // Without Flite's voices, OpenAI's names all speak with the English that is there.
      expect(capabilities.aliases).toMatchObject({ nova: 'en-us', onyx: 'en-us' });
      expect(capabilities.note).toMatch(/Flite\) could not load/);
      const en = await tts.synthesize(SENTENCE, { language: 'en' });
      expect(en.voice).toBe('en-us');
      expect(peakWindowRms(parseWav(en.data).samples, 22_050)).toBeGreaterThan(0.05);
    });
  });
});
