/**
 * Opt-in: the openai providers against the real service (or any OpenAI-compatible server). Runs only when
 * OPENAI_LIVE_TEST=1 and OPENAI_API_KEY are set (OPENAI_BASE_URL honoured); CI and `npm test` skip it.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createOpenAIClient } from '../src/providers/openai/client.ts';
import { OpenAIChat } from '../src/providers/openai/openai-chat.ts';
import { OpenAIStt } from '../src/providers/openai/openai-stt.ts';
import { OpenAITts } from '../src/providers/openai/openai-tts.ts';

const live = process.env['OPENAI_LIVE_TEST'] === '1' && Boolean(process.env['OPENAI_API_KEY']);

describe.skipIf(!live)('openai providers against the live service', () => {
  const config = live ? loadConfig(process.env) : undefined;

  it('speaks a sentence, hears it back, and answers as sales in the same language', async () => {
    const client = createOpenAIClient(config!.openai);
    const tts = new OpenAITts(client, config!.openai.ttsModel);
    const audio = await tts.synthesize('I would like to talk to sales about a new plan.', { language: 'en' });
    expect(audio.format).toBe('mp3');
    const heard = await new OpenAIStt(client, config!.openai.sttModel).transcribe(
      { data: audio.data, mimeType: 'audio/mpeg', filename: 'speech.mp3' },
      {},
    );
    expect(heard.text.toLowerCase()).toContain('sales');
    expect(heard.language).toBe('en');
    const events = [];
    for await (const e of new OpenAIChat(client, config!.openai.chatModel).reply({ persona: 'reception', language: 'en', history: [], message: heard.text, memory: {} })) {
      events.push(e);
    }
    expect(events.some((e) => e.type === 'transfer' && e.to === 'sales')).toBe(true);
    expect(events.at(-1)?.type).toBe('done');
  }, 60_000);
});
