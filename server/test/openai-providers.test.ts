import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWav } from '../src/audio/wav.ts';
import type { Config } from '../src/config.ts';
import { toErrorResponse } from '../src/http/error-response.ts';
import { createOpenAIClient } from '../src/providers/openai/client.ts';
import { OpenAIChat } from '../src/providers/openai/openai-chat.ts';
import { OpenAIStt } from '../src/providers/openai/openai-stt.ts';
import { OpenAITts } from '../src/providers/openai/openai-tts.ts';
import { handoffAnnouncement, systemPrompt } from '../src/providers/openai/prompts.ts';
import { ProviderError, type AudioInput, type ChatEvent, type ChatRequest } from '../src/providers/types.ts';
import { silentMp3, startFakeOpenAI, type FakeOpenAI } from './support/fake-openai.ts';

const KEY = 'sk-test-0123456789abcdefSECRET';

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

function settings(overrides: Partial<Config['openai']> = {}): Config['openai'] {
  return {
    apiKey: KEY, baseUrl: `${fake.url}/v1`, sttModel: 'whisper-1', ttsModel: 'tts-1', chatModel: 'gpt-4o-mini',
    timeoutMs: 2000, maxRetries: 0, ...overrides,
  };
}

/** Each provider on its own client, built from configuration exactly as the app builds it. */
function stt(overrides: Partial<Config['openai']> = {}): OpenAIStt {
  const config = settings(overrides);
  return new OpenAIStt(createOpenAIClient(config), config.sttModel);
}
function tts(overrides: Partial<Config['openai']> = {}): OpenAITts {
  const config = settings(overrides);
  return new OpenAITts(createOpenAIClient(config), config.ttsModel);
}
function chat(overrides: Partial<Config['openai']> = {}): OpenAIChat {
  const config = settings(overrides);
  return new OpenAIChat(createOpenAIClient(config), config.chatModel);
}

/** A real 16 kHz mono 16-bit PCM WAV of `seconds` of silence. */
function wav(seconds: number): Uint8Array {
  const dataBytes = Math.round(seconds * 16000) * 2;
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write('RIFF', 0, 'ascii'); buf.writeUInt32LE(36 + dataBytes, 4); buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii'); buf.writeUInt32LE(16, 16); buf.writeUInt16LE(1, 20); buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(16000, 24); buf.writeUInt32LE(32000, 28); buf.writeUInt16LE(2, 32); buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii'); buf.writeUInt32LE(dataBytes, 40);
  return new Uint8Array(buf);
}

const utterance: AudioInput = { data: wav(0.5), mimeType: 'audio/wav', filename: 'utterance.wav' };

function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return { persona: 'reception', language: 'en', history: [], message: 'Hello there', memory: {}, ...overrides };
}

/** Runs a turn to its end; returns the events seen and the error that ended it, if any. */
async function run(iterable: AsyncIterable<ChatEvent>): Promise<{ events: ChatEvent[]; error?: unknown }> {
  const events: ChatEvent[] = [];
  try {
    for await (const event of iterable) events.push(event);
    return { events };
  } catch (error) {
    return { events, error };
  }
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('createOpenAIClient', () => {
  it('takes key, base URL, timeout and retries from configuration only', () => {
    const client = createOpenAIClient(settings({ baseUrl: undefined, timeoutMs: 1234, maxRetries: 3 }));
    expect(client).toMatchObject({ apiKey: KEY, baseURL: 'https://api.openai.com/v1', timeout: 1234, maxRetries: 3 });
    expect(createOpenAIClient(settings()).baseURL).toBe(`${fake.url}/v1`);
  });

  it('refuses to build a client without a key', () => {
    expect(() => createOpenAIClient(settings({ apiKey: undefined }))).toThrow(/OPENAI_API_KEY/);
  });
});

describe('OpenAIStt', () => {
  it('transcribes with the ISO language, the duration and a confidence weighted by segment length', async () => {
    fake.script.transcription({
      text: ' I need help with my order.', language: 'english', duration: 2.5,
      segments: [{ text: ' I need help', start: 0, end: 2, avg_logprob: -0.1 }, { text: ' with my order.', start: 2, end: 2.5, avg_logprob: -0.5 }],
    });
    const result = await stt().transcribe(utterance, {});
    expect(result).toEqual({ text: 'I need help with my order.', language: 'en', durationSeconds: 2.5, confidence: expect.any(Number) });
    expect(result.confidence).toBeCloseTo(Math.exp((-0.1 * 2 + -0.5 * 0.5) / 2.5), 6);

    const [request] = fake.requests;
    expect(request!.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(request!.fields).toMatchObject({ model: 'whisper-1', response_format: 'verbose_json' });
    expect(request!.fields!['language']).toBeUndefined();
    expect(request!.files).toEqual([{ field: 'file', name: 'utterance.wav', type: 'audio/wav', size: utterance.data.length }]);
  });

  it('maps "arabic" to ar and forwards a language the caller forces', async () => {
    fake.script.transcription({ text: 'أريد الاستفسار عن طلبي', language: 'arabic' });
    const result = await stt().transcribe(utterance, { language: 'ar' });
    expect(result.language).toBe('ar');
    expect(fake.requests[0]!.fields!['language']).toBe('ar');
  });

  it('names the upload after the container its bytes show, whatever the browser called it', async () => {
    fake.script.transcription({ text: 'hello' });
    const webm = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, ...new Array(60).fill(0)]);
    await stt().transcribe({ data: webm, mimeType: '', filename: 'blob' }, {});
    expect(fake.requests[0]!.files![0]!.name).toBe('blob.webm');
  });

  it('refuses audio it cannot identify without paying for a request', async () => {
    const err = await failure(stt().transcribe({ data: new Uint8Array([1, 2, 3, 4, 5]), mimeType: 'text/plain', filename: 'notes.txt' }, {}));
    expect(err.code).toBe('unsupported_audio');
    expect(fake.requests).toHaveLength(0);
  });

  it('treats OpenAI refusing the file format as unsupported audio', async () => {
    fake.script.fault({ kind: 'status', status: 400, message: "Invalid file format. Supported formats: ['flac', 'wav']" });
    expect((await failure(stt().transcribe(utterance, {}))).code).toBe('unsupported_audio');
  });

  it('reports no speech when whisper only hallucinated over silence', async () => {
    fake.script.transcription({ text: ' Thank you.', segments: [{ text: ' Thank you.', start: 0, end: 0.5, avg_logprob: -1.4, no_speech_prob: 0.93 }] });
    expect((await failure(stt().transcribe(utterance, {}))).code).toBe('no_speech');
  });

  it('reports no speech for an empty transcript', async () => {
    fake.script.transcription({ text: '   ', segments: [] });
    expect((await failure(stt().transcribe(utterance, {}))).code).toBe('no_speech');
  });

  it('asks gpt-4o transcribe models for json with logprobs and derives language, duration and confidence', async () => {
    fake.script.transcription({ text: 'مرحبا، أريد ترقية باقتي', duration: 1.7, logprobs: [-0.1, -0.3] });
    const result = await stt({ sttModel: 'gpt-4o-transcribe' }).transcribe(utterance, {});
    expect(result).toMatchObject({ text: 'مرحبا، أريد ترقية باقتي', language: 'ar', durationSeconds: 1.7 });
    expect(result.confidence).toBeCloseTo(Math.exp(-0.2), 6);
    expect(fake.requests[0]!.fields).toMatchObject({ model: 'gpt-4o-transcribe', response_format: 'json', 'include[]': 'logprobs' });
  });
});

describe('OpenAITts', () => {
  it('returns the MP3 bytes in the voice asked for', async () => {
    fake.script.speech();
    const audio = await tts().synthesize('Thanks for calling.', { voice: 'onyx', language: 'en' });
    expect(audio).toEqual({ data: silentMp3(), format: 'mp3', voice: 'onyx' });
    expect(fake.requests[0]!.json).toEqual({ model: 'tts-1', voice: 'onyx', input: 'Thanks for calling.', response_format: 'mp3' });
  });

  it('hands a caller that prefers WAV (the AI agent) OpenAI\'s raw PCM in a WAV header, nothing to decode', async () => {
    const pcm = new Uint8Array(960);
    new DataView(pcm.buffer).setInt16(0, -1234, true);
    new DataView(pcm.buffer).setInt16(958, 4321, true);
    fake.script.speech({ bytes: pcm });
    fake.script.speech({ bytes: new Uint8Array(3) });
    const voice = tts();
    const audio = await voice.synthesize('Hello.', { language: 'en', prefer: 'wav' });
    expect(fake.requests[0]!.json).toMatchObject({ response_format: 'pcm' });
    expect(audio.format).toBe('wav');
    const wav = parseWav(audio.data);
    expect(wav.sampleRate).toBe(24_000);
    expect(wav.samples.length).toBe(480);
    expect(Math.round(wav.samples[0]! * 32768)).toBe(-1234);
    expect(Math.round(wav.samples[479]! * 32768)).toBe(4321);
    // An odd number of bytes is not 16-bit PCM.
    expect((await failure(voice.synthesize('Hello.', { language: 'en', prefer: 'wav' }))).code).toBe('provider_error');
  });

  it("speaks in the language's default voice when none or an unknown one is asked for", async () => {
    fake.script.speech();
    fake.script.speech();
    const voice = tts();
    expect((await voice.synthesize('شكرا لاتصالك', { language: 'ar' })).voice).toBe('alloy');
    expect((await voice.synthesize('Thanks.', { voice: 'robot', language: 'en' })).voice).toBe('nova');
    expect(fake.requests.map((r) => r.json.voice)).toEqual(['alloy', 'nova']);
  });

  it('never hands back an empty or non-audio body', async () => {
    fake.script.speech({ bytes: new Uint8Array() });
    fake.script.speech({ bytes: new TextEncoder().encode('{"ok":true}') });
    const voice = tts();
    expect((await failure(voice.synthesize('Hello.', { language: 'en' }))).code).toBe('provider_error');
    expect((await failure(voice.synthesize('Hello.', { language: 'en' }))).code).toBe('provider_error');
  });

  it('times out an audio body that stalls after the headers', async () => {
    fake.script.speech();
    fake.script.fault({ kind: 'stall', afterChunks: 0 });
    const started = Date.now();
    expect((await failure(tts({ timeoutMs: 500 }).synthesize('Hello.', { language: 'en' }))).code).toBe('provider_timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('OpenAIChat', () => {
  it('streams the deltas in order, then done, with the persona prompt, memory, history and tools it sent', async () => {
    fake.script.chat({ content: ['Hello', ', how', ' can I help?'] });
    const history = [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Welcome!', persona: 'reception' }] as const;
    const { events, error } = await run(chat().reply(chatRequest({ history, memory: { order_number: 'A-1234' } })));
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { type: 'delta', text: 'Hello' }, { type: 'delta', text: ', how' }, { type: 'delta', text: ' can I help?' }, { type: 'done' },
    ]);

    const body = fake.requests[0]!.json;
    expect(body).toMatchObject({ model: 'gpt-4o-mini', stream: true });
    expect(body.messages).toEqual([
      { role: 'system', content: systemPrompt('reception', 'en') },
      { role: 'system', content: expect.stringContaining('order_number: A-1234') },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Welcome!' },
      { role: 'user', content: 'Hello there' },
    ]);
    expect(body.messages[0].content).toMatch(/one to three short spoken sentences/);
    const tools = Object.fromEntries(body.tools.map((t: any) => [t.function.name, t.function.parameters]));
    expect(Object.keys(tools)).toEqual(['transfer_to_persona', 'record_ticket', 'request_human_agent']);
    expect(tools['record_ticket'].properties.kind.enum).toEqual(['refund', 'escalation', 'callback']);
    expect(tools['transfer_to_persona'].properties.persona.enum).toEqual(['sales', 'complaints']);
  });

  it('instructs the Arabic persona to reply in Modern Standard Arabic', async () => {
    fake.script.chat({ content: ['أهلا بك.'] });
    await run(chat().reply(chatRequest({ language: 'ar', persona: 'sales' })));
    const system: string = fake.requests[0]!.json.messages[0].content;
    expect(system).toContain('العربية الفصحى');
    expect(fake.requests[0]!.json.tools[0].function.parameters.properties.persona.enum).toEqual(['reception', 'complaints']);
  });

  it('announces a transfer made by tool call, then continues the turn as the new persona', async () => {
    fake.script.chat({
      content: ['Let me put you through to sales.'],
      toolCalls: [{ name: 'transfer_to_persona', arguments: { persona: 'sales', reason: 'wants to upgrade' } }],
      fragmentSize: 4,
    });
    fake.script.chat({ content: ['Hi, this is sales.', ' Which plan are you on?'] });
    const { events, error } = await run(chat().reply(chatRequest({ message: 'I want to upgrade' })));
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { type: 'delta', text: 'Let me put you through to sales.' },
      { type: 'transfer', to: 'sales', reason: 'wants to upgrade' },
      { type: 'delta', text: 'Hi, this is sales.' },
      { type: 'delta', text: ' Which plan are you on?' },
      { type: 'done' },
    ]);
    const second = fake.requests[1]!.json;
    expect(second.messages[0].content).toBe(systemPrompt('sales', 'en'));
    expect(second.messages).toContainEqual({ role: 'user', content: 'I want to upgrade' });
    expect(second.messages.at(-1)).toEqual({ role: 'system', content: expect.stringContaining('transferred to you from reception') });
    expect(second.tools).toBeUndefined();
  });

  it('asks for a ticket by tool call, then says what happens next without stating a number', async () => {
    fake.script.chat({
      content: ['I am sorry about that.'],
      toolCalls: [{ id: 'call_t1', name: 'record_ticket', arguments: { kind: 'refund', summary: 'Refund for a damaged blender.', order_number: '48213', contact: '' } }],
    });
    fake.script.chat({ content: ['Our team will review it within two working days.'] });
    const { events, error } = await run(chat().reply(chatRequest({ persona: 'complaints', message: 'I want a refund for order 48213' })));
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { type: 'delta', text: 'I am sorry about that.' },
      { type: 'ticket', kind: 'refund', summary: 'Refund for a damaged blender.', orderNumber: '48213' },
      { type: 'delta', text: 'Our team will review it within two working days.' },
      { type: 'done' },
    ]);
    const second = fake.requests[1]!.json;
    expect(second.tools).toBeUndefined();
    expect(second.messages.at(-2)).toMatchObject({ role: 'assistant', content: 'I am sorry about that.', tool_calls: [{ id: 'call_t1', function: { name: 'record_ticket' } }] });
    expect(second.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_t1', content: expect.stringContaining('Do not repeat or invent a ticket number') });
  });

  it('ignores a ticket of a kind it does not know, or without a summary', async () => {
    fake.script.chat({ content: ['Sure.'], toolCalls: [{ name: 'record_ticket', arguments: { kind: 'free_money', summary: 'x', order_number: '', contact: '' } }] });
    fake.script.chat({ content: ['Sure.'], toolCalls: [{ name: 'record_ticket', arguments: { kind: 'refund', summary: '  ', order_number: '1', contact: '' } }] });
    for (let i = 0; i < 2; i++) {
      const { events } = await run(chat().reply(chatRequest()));
      expect(events).toEqual([{ type: 'delta', text: 'Sure.' }, { type: 'done' }]);
    }
  });

  it('hands off to a human with the localized announcement when the model says nothing itself', async () => {
    fake.script.chat({ toolCalls: [{ name: 'request_human_agent', arguments: { reason: 'asked for a person' } }] });
    const { events } = await run(chat().reply(chatRequest({ language: 'ar' })));
    expect(events).toEqual([
      { type: 'handoff', reason: 'asked for a person' }, { type: 'delta', text: handoffAnnouncement('ar') }, { type: 'done' },
    ]);
  });

  it("keeps the model's own words as the handoff announcement", async () => {
    fake.script.chat({ content: ['Of course, connecting you now.'], toolCalls: [{ name: 'request_human_agent', arguments: { reason: 'manager' } }] });
    const { events } = await run(chat().reply(chatRequest()));
    expect(events).toEqual([{ type: 'delta', text: 'Of course, connecting you now.' }, { type: 'handoff', reason: 'manager' }, { type: 'done' }]);
  });

  it('ignores a tool call with broken arguments and keeps the text', async () => {
    fake.script.chat({ content: ['Sure.'], toolCalls: [{ name: 'transfer_to_persona', arguments: '{"persona": "sal' }] });
    const { events } = await run(chat().reply(chatRequest()));
    expect(events).toEqual([{ type: 'delta', text: 'Sure.' }, { type: 'done' }]);
    expect(fake.requests).toHaveLength(1);
  });

  it('asks again without tools when the only output was an unusable tool call', async () => {
    fake.script.chat({ toolCalls: [{ name: 'transfer_to_persona', arguments: { persona: 'reception', reason: 'loop' } }] });
    fake.script.chat({ content: ['How can I help?'] });
    const { events } = await run(chat().reply(chatRequest()));
    expect(events).toEqual([{ type: 'delta', text: 'How can I help?' }, { type: 'done' }]);
    expect(fake.requests[1]!.json.tools).toBeUndefined();
  });

  it('throws provider_error from the iterator when the stream is cut, after the deltas that arrived', async () => {
    fake.script.chat({ content: ['One', ' two', ' three', ' four'] });
    fake.script.fault({ kind: 'cut', afterChunks: 3 });
    const { events, error } = await run(chat().reply(chatRequest()));
    expect(events).toEqual([{ type: 'delta', text: 'One' }, { type: 'delta', text: ' two' }]);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('provider_error');
  });

  it('times out a stream that goes silent mid-reply', async () => {
    fake.script.chat({ content: ['One', ' two'] });
    fake.script.fault({ kind: 'stall', afterChunks: 2 });
    const started = Date.now();
    const { events, error } = await run(chat({ timeoutMs: 500 }).reply(chatRequest()));
    expect(events).toEqual([{ type: 'delta', text: 'One' }]);
    expect((error as ProviderError).code).toBe('provider_timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('does not count a slow consumer against the idle timeout', async () => {
    fake.script.chat({ content: ['First sentence.', ' Second sentence.'] });
    const events: ChatEvent[] = [];
    for await (const event of chat({ timeoutMs: 300 }).reply(chatRequest())) {
      events.push(event);
      // As if synthesizing speech for the sentence before asking for more.
      if (events.length === 1) await new Promise((resolve) => setTimeout(resolve, 600));
    }
    expect(events.map((e) => e.type)).toEqual(['delta', 'delta', 'done']);
  });

  it('stops the stream upstream when the signal aborts', async () => {
    fake.script.chat({ content: Array.from({ length: 40 }, (_, i) => ` word${i}`), chunkDelayMs: 50 });
    const controller = new AbortController();
    const events: ChatEvent[] = [];
    const started = Date.now();
    const error = await (async () => {
      for await (const event of chat().reply(chatRequest(), controller.signal)) {
        events.push(event);
        if (events.length === 2) controller.abort();
      }
    })().then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(events).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1000);
    await expect.poll(() => fake.requests[0]!.closedEarly).toBe(true);
  });
});

describe('when OpenAI fails', () => {
  it('retries a 429 and succeeds', async () => {
    fake.script.fault({ kind: 'status', status: 429, retryAfterMs: 10 });
    fake.script.chat({ content: ['Hi.'] });
    const { events, error } = await run(chat({ maxRetries: 1 }).reply(chatRequest()));
    expect(error).toBeUndefined();
    expect(events).toEqual([{ type: 'delta', text: 'Hi.' }, { type: 'done' }]);
    expect(fake.requests.map((r) => r.fault)).toEqual(['status', undefined]);
    expect(fake.requests[1]!.headers['x-stainless-retry-count']).toBe('1');
  });

  it('reports a persistent 429 as provider_rate_limited with the Retry-After seconds', async () => {
    fake.script.fault({ kind: 'status', status: 429, retryAfter: '7', retryAfterMs: 10 }, { times: 2 });
    const err = await failure(stt({ maxRetries: 1 }).transcribe(utterance, {}));
    expect(err).toMatchObject({ code: 'provider_rate_limited', retryAfterSeconds: 7 });
    expect(err.message).toContain('7 seconds');
    expect(fake.requests).toHaveLength(2);
    expect(toErrorResponse(err)).toMatchObject({ status: 503, headers: { 'Retry-After': '7' } });
  });

  it('retries a 500, then reports provider_error', async () => {
    fake.script.fault({ kind: 'status', status: 500, retryAfterMs: 10 }, { times: 2 });
    const err = await failure(tts({ maxRetries: 1 }).synthesize('Hello.', { language: 'en' }));
    expect(err.code).toBe('provider_error');
    expect(fake.requests).toHaveLength(2);
  });

  it('reports provider_timeout within the configured timeout when OpenAI is slow', async () => {
    fake.script.fault({ kind: 'slow', delayMs: 5000 });
    fake.script.chat({ content: ['too late'] });
    const started = Date.now();
    const { error } = await run(chat({ timeoutMs: 500 }).reply(chatRequest()));
    const elapsed = Date.now() - started;
    expect((error as ProviderError).code).toBe('provider_timeout');
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(1500);
  });

  it('reports an unreachable server as provider_error', async () => {
    const url = fake.url;
    await fake.close();
    fake = await startFakeOpenAI();
    const err = await failure(tts({ baseUrl: `${url}/v1` }).synthesize('Hello.', { language: 'en' }));
    expect(err.code).toBe('provider_error');
  });

  it('says the server key was refused without ever showing the key', async () => {
    await fake.close();
    fake = await startFakeOpenAI({ apiKey: 'sk-the-right-key' });
    const err = await failure(stt().transcribe(utterance, {}));
    expect(err.code).toBe('provider_error');
    expect(err.message).toMatch(/refused this server's API key/);
    // The upstream body did carry the key (as OpenAI's does): it must stop at the cause.
    expect(String((err.cause as Error).message)).toContain(KEY);
    expect(JSON.stringify(toErrorResponse(err))).not.toContain(KEY);
  });

  it('keeps the key out of every error message, whatever the failure', async () => {
    const cases = [
      [{ kind: 'status', status: 401 }, 'provider_error'],
      [{ kind: 'status', status: 403 }, 'provider_error'],
      [{ kind: 'status', status: 404 }, 'provider_error'],
      [{ kind: 'status', status: 429 }, 'provider_rate_limited'],
      [{ kind: 'status', status: 500 }, 'provider_error'],
      [{ kind: 'status', status: 400, message: `bad key ${KEY}` }, 'provider_error'],
      [{ kind: 'slow', delayMs: 2000 }, 'provider_timeout'],
      [{ kind: 'cut', afterChunks: 2 }, 'provider_error'],
    ] as const;
    const seen: { code: string; message: string }[] = [];
    for (const [fault, code] of cases) {
      fake.script.fault(fault);
      fake.script.chat({ content: ['a', 'b', 'c'] });
      const { error } = await run(chat({ timeoutMs: 300 }).reply(chatRequest()));
      expect(error).toBeInstanceOf(ProviderError);
      fake.script.fault(fault);
      fake.script.speech();
      const ttsError = await failure(tts({ timeoutMs: 300 }).synthesize('Hello.', { language: 'en' }));
      for (const err of [error as ProviderError, ttsError]) {
        expect(err.code, `${fault.kind} ${'status' in fault ? fault.status : ''}`).toBe(code);
        seen.push({ code: err.code, message: err.message });
      }
    }
    expect(seen).toHaveLength(cases.length * 2);
    for (const { message } of seen) {
      expect(message).not.toContain(KEY);
      expect(message).not.toContain('SECRET');
    }
  });
});
