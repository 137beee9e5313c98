import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatModel, SpeechToText, TextToSpeech } from '../src/providers/types.ts';
import { parseWav } from '../src/audio/wav.ts';
import { audioPost, makeTestApp, readSse, sharedLocalProviders } from './support/test-app.ts';
import { SPEECH_FIXTURE, SPEECH_FIXTURE_TEXT } from './support/fixtures.ts';

const speech = new Uint8Array(readFileSync(SPEECH_FIXTURE));

describe('POST /api/voice-turn', () => {
  it('hears the customer, streams the reply, transfers to sales and speaks every sentence in order', async () => {
    const { app, deps } = await makeTestApp();
    const res = await app.request('/api/voice-turn', audioPost('audio', speech, { persona: 'reception', language: 'auto' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readSse(res);
    const names = events.map((e) => e.event);
    expect(names.slice(0, 2)).toEqual(['start', 'transcript']);
    expect(events[1]!.data).toMatchObject({ text: SPEECH_FIXTURE_TEXT, language: 'en' });
    expect(events.find((e) => e.event === 'transfer')?.data).toMatchObject({ from: 'reception', to: 'sales' });
    expect(names.at(-1)).toBe('done');

    const audio = events.filter((e) => e.event === 'audio');
    expect(audio.length).toBeGreaterThanOrEqual(2);
    expect(audio.map((e) => e.data['index'])).toEqual(audio.map((_, i) => i));
    // Each sentence's audio is real speech of a plausible length for its text.
    for (const a of audio) {
      const wav = parseWav(Buffer.from(a.data['audio_base64'] as string, 'base64'));
      expect(wav.durationSeconds).toBeGreaterThan(0.3);
    }
    // The spoken sentences are the reply, nothing more and nothing less.
    const done = events.at(-1)!.data;
    expect(audio.map((a) => a.data['text']).join(' ').replace(/\s+/g, ' ')).toBe((done['response'] as string).replace(/\s+/g, ' '));
    expect(done['persona']).toBe('sales');
    expect(done['committed']).toBe(true);
    const timings = done['timings_ms'] as Record<string, number>;
    expect(timings['transcript']).toBeLessThanOrEqual(timings['first_delta']!);
    expect(timings['first_delta']).toBeLessThanOrEqual(timings['first_audio']!);

    const conversation = deps.conversations.get(done['conversation_id'] as string)!;
    expect(conversation.history[0]).toEqual({ role: 'user', content: SPEECH_FIXTURE_TEXT });
    expect(conversation.persona).toBe('sales');
  });

  it('accepts the seed’s audio_file field name and continues an existing conversation', async () => {
    const { app } = await makeTestApp();
    const first = await readSse(await app.request('/api/voice-turn', audioPost('audio_file', speech)));
    const id = first.at(-1)!.data['conversation_id'] as string;
    const second = await readSse(await app.request('/api/voice-turn', audioPost('audio_file', speech, { conversation_id: id, speak: 'false' })));
    expect(second.at(-1)!.data['conversation_id']).toBe(id);
    expect(second.some((e) => e.event === 'audio')).toBe(false);
  });

  it('starts synthesizing sentence 1 while the chat model is still writing sentence 2', async () => {
    const log: string[] = [];
    const chat: ChatModel = {
      name: 'local',
      capabilities: () => ({ available: true, languages: ['en'], kind: 'scripted' }),
      async *reply() {
        for (const word of 'Thanks for calling our team. '.split(/(?<= )/)) yield { type: 'delta', text: word };
        log.push('chat: sentence 1 written');
        await new Promise((r) => setTimeout(r, 1500));
        for (const word of 'Which plan would you like to hear about?'.split(/(?<= )/)) yield { type: 'delta', text: word };
        log.push('chat: sentence 2 written');
        yield { type: 'done' };
      },
    };
    const real = (await sharedLocalProviders()).tts;
    const tts: TextToSpeech = {
      name: real.name,
      capabilities: () => real.capabilities(),
      synthesize: async (text, options) => {
        log.push(`tts start: ${text}`);
        const audio = await real.synthesize(text, options);
        log.push(`tts end: ${text}`);
        return audio;
      },
    };
    const { app } = await makeTestApp({ providers: { chat, tts } });
    const events = await readSse(await app.request('/api/voice-turn', audioPost('audio', speech)));
    expect(log.indexOf('tts start: Thanks for calling our team.')).toBeLessThan(log.indexOf('chat: sentence 2 written'));
    // Flite takes ~0.1 s; the chat pauses 1.5 s, so sentence 1's audio was ready before sentence 2 existed.
    expect(log.indexOf('tts end: Thanks for calling our team.')).toBeLessThan(log.indexOf('chat: sentence 2 written'));
    const names = events.map((e) => e.event);
    expect(names.indexOf('audio')).toBeLessThan(names.lastIndexOf('delta'));
  });

  it('keeps the reply text when synthesis fails, and says so in an error event', async () => {
    const tts: TextToSpeech = {
      name: 'local',
      capabilities: () => ({ available: true, languages: ['en', 'ar'], voices: ['slt'], defaultVoice: { en: 'slt' }, format: 'wav' }),
      synthesize: async () => {
        const { ProviderError } = await import('../src/providers/types.ts');
        throw new ProviderError('provider_unavailable', 'The voice engine is not installed.');
      },
    };
    const { app } = await makeTestApp({ providers: { tts } });
    const events = await readSse(await app.request('/api/voice-turn', audioPost('audio', speech)));
    const error = events.find((e) => e.event === 'error');
    expect(error?.data).toMatchObject({ code: 'provider_unavailable', stage: 'synthesis', retryable: true });
    expect(events.at(-1)!.event).toBe('done');
    expect(events.at(-1)!.data['committed']).toBe(true);
  });

  it('does not commit an older turn once a newer one has started (barge-in)', async () => {
    const { deps } = await makeTestApp();
    const conversation = deps.conversations.create('reception', 'en');
    const older = deps.conversations.beginTurn(conversation);
    const newer = deps.conversations.beginTurn(conversation);
    const turn = { userMessage: 'hi', reply: 'hello', persona: 'reception' as const, language: 'en' as const };
    expect(deps.conversations.commitTurn(conversation, older, turn)).toBe(false);
    expect(deps.conversations.commitTurn(conversation, newer, turn)).toBe(true);
    expect(conversation.history).toHaveLength(2);
  });

  it('answers speech it did not understand with a spoken apology and requests it would understand, keeping no turn', async () => {
    const { ProviderError } = await import('../src/providers/types.ts');
    const local = await sharedLocalProviders();
    const stt: SpeechToText = {
      name: 'local',
      capabilities: () => local.stt.capabilities(),
      transcribe: async () => {
        throw new ProviderError('not_understood', 'Sorry, I did not catch that.');
      },
      examples: () => ['What plans do you have?', 'I have a problem with my order.'],
    };
    const { app, deps } = await makeTestApp({ providers: { stt } });
    const res = await app.request('/api/voice-turn', audioPost('audio', speech));
    expect(res.status).toBe(200);
    const events = await readSse(res);
    expect(events.map((e) => e.event)).toEqual(['start', 'not_understood', 'audio', 'done']);
    expect(events[1]!.data).toEqual({ persona: 'reception', text: "Sorry, I didn't catch that. You could say, for example:", examples: ['What plans do you have?', 'I have a problem with my order.'] });
    // The examples are spoken too, as real speech.
    expect(events[2]!.data['text']).toMatch(/You could say, for example: What plans do you have\? Or: I have a problem with my order\./);
    expect(parseWav(Buffer.from(events[2]!.data['audio_base64'] as string, 'base64')).durationSeconds).toBeGreaterThan(2);
    const done = events[3]!.data;
    expect(done).toMatchObject({ committed: false, handoff: false });
    expect(deps.conversations.get(done['conversation_id'] as string)!.history).toEqual([]);
  });
});
