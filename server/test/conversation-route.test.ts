import { describe, expect, it } from 'vitest';
import { ProviderError, type ChatModel } from '../src/providers/types.ts';
import { jsonPost, makeTestApp, readSse, sharedLocalProviders } from './support/test-app.ts';

interface ConversationReply {
  response: string;
  persona: string;
  language: string;
  conversation_id: string;
  transfer: { from: string; to: string; reason: string } | null;
  handoff: boolean;
}

/** The real local chat, except that the turns listed fail as a provider would (after some text). */
async function flakyChat(failTurns: Set<number>): Promise<ChatModel> {
  const real = (await sharedLocalProviders()).chat;
  let turn = 0;
  return {
    name: real.name,
    capabilities: () => real.capabilities(),
    async *reply(request, signal) {
      const thisTurn = turn++;
      for await (const event of real.reply(request, signal)) {
        if (failTurns.has(thisTurn) && event.type === 'delta') {
          yield event;
          throw new ProviderError('provider_error', 'The assistant service failed.');
        }
        yield event;
      }
    },
  };
}

describe('POST /api/conversation', () => {
  it('answers in the seed’s shape and issues a conversation id', async () => {
    const { app } = await makeTestApp();
    const res = await app.request('/api/conversation', jsonPost({ message: 'Hello', persona: 'reception', language: 'en' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as ConversationReply;
    expect(body.persona).toBe('reception');
    expect(body.language).toBe('en');
    expect(body.response.length).toBeGreaterThan(10);
    expect(body.conversation_id).toMatch(/^conv_[A-Za-z0-9_-]{22}$/);
  });

  it('transfers to sales and keeps the new persona for the next turn', async () => {
    const { app } = await makeTestApp();
    const first = (await (await app.request('/api/conversation', jsonPost({ message: 'I would like to talk to sales about a new plan' }))).json()) as ConversationReply;
    expect(first.transfer).toEqual({ from: 'reception', to: 'sales', reason: expect.any(String) });
    expect(first.persona).toBe('sales');
    const second = (await (
      await app.request('/api/conversation', jsonPost({ message: 'How much is the pro plan?', conversation_id: first.conversation_id, persona: 'reception' }))
    ).json()) as ConversationReply;
    // A persona sent with an existing conversation does not undo the transfer.
    expect(second.persona).toBe('sales');
    expect(second.response).toMatch(/\$29/);
  });

  it('answers Arabic text in Arabic when the language is auto', async () => {
    const { app } = await makeTestApp();
    const body = (await (await app.request('/api/conversation', jsonPost({ message: 'مرحبا، أريد معرفة أسعار الخطط', language: 'auto' }))).json()) as ConversationReply;
    expect(body.language).toBe('ar');
    expect(body.response).toMatch(/[\u0600-\u06FF]/);
  });

  it('streams delta, transfer and done events when asked for SSE', async () => {
    const { app } = await makeTestApp();
    const res = await app.request('/api/conversation', jsonPost({ message: 'I have a problem with my order', stream: true }));
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readSse(res);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('start');
    expect(names).toContain('delta');
    expect(names).toContain('transfer');
    expect(names.at(-1)).toBe('done');
    const text = events.filter((e) => e.event === 'delta').map((e) => e.data['text']).join('');
    expect(events.at(-1)!.data['response']).toBe(text.trim());
    expect(events.find((e) => e.event === 'transfer')!.data).toMatchObject({ from: 'reception', to: 'complaints' });
  });

  it('streams audio per sentence, in order, when speak is true', async () => {
    const { app } = await makeTestApp();
    const res = await app.request('/api/conversation', jsonPost({ message: 'hello', stream: true, speak: true }, { Accept: 'text/event-stream' }));
    const audio = (await readSse(res)).filter((e) => e.event === 'audio');
    expect(audio.length).toBeGreaterThan(0);
    expect(audio.map((e) => e.data['index'])).toEqual(audio.map((_, i) => i));
    const first = audio[0]!.data;
    expect(first['format']).toBe('wav');
    expect(Buffer.from(first['audio_base64'] as string, 'base64').subarray(0, 4).toString()).toBe('RIFF');
    expect((await app.request(first['audio_url'] as string)).status).toBe(200);
  });

  it('remembers the order number the customer gave earlier in the conversation', async () => {
    const { app } = await makeTestApp();
    const send = async (message: string, conversation_id?: string): Promise<ConversationReply> =>
      (await (await app.request('/api/conversation', jsonPost({ message, conversation_id }))).json()) as ConversationReply;
    const a = await send('I have a problem with my order');
    await send('my order number is 48213', a.conversation_id);
    const c = await send('I want a refund please', a.conversation_id);
    expect(c.response, c.response).toContain('48213');
  });

  it('answers 404 conversation_not_found for an id it does not hold, and 400 for a malformed one', async () => {
    const { app } = await makeTestApp();
    const unknown = await app.request('/api/conversation', jsonPost({ message: 'hi', conversation_id: `conv_${'A'.repeat(22)}` }));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('conversation_not_found');
    const malformed = await app.request('/api/conversation', jsonPost({ message: 'hi', conversation_id: '../../etc' }));
    expect(malformed.status).toBe(400);
  });

  it('forgets a conversation after its idle TTL', async () => {
    const { app, deps } = await makeTestApp({ env: { CONVERSATION_TTL_SECONDS: '60' } });
    const body = (await (await app.request('/api/conversation', jsonPost({ message: 'hello' }))).json()) as ConversationReply;
    const conversation = deps.conversations.get(body.conversation_id)!;
    conversation.lastActiveAt -= 61_000;
    const res = await app.request('/api/conversation', jsonPost({ message: 'hello again', conversation_id: body.conversation_id }));
    expect(res.status).toBe(404);
  });

  it('keeps the history intact when the provider fails mid-reply, and the retry succeeds', async () => {
    const chat = await flakyChat(new Set([1]));
    const { app, deps } = await makeTestApp({ providers: { chat } });
    const first = (await (await app.request('/api/conversation', jsonPost({ message: 'hello' }))).json()) as ConversationReply;
    const before = structuredClone(deps.conversations.get(first.conversation_id)!.history);
    expect(before).toHaveLength(2);

    const failed = await app.request('/api/conversation', jsonPost({ message: 'I want a new plan', conversation_id: first.conversation_id }));
    expect(failed.status).toBe(502);
    expect(await failed.json()).toEqual({ error: { code: 'provider_error', message: 'The assistant service failed.' } });
    expect(deps.conversations.get(first.conversation_id)!.history).toEqual(before);

    const streamed = await readSse(await app.request('/api/conversation', jsonPost({ message: 'I want a new plan', conversation_id: first.conversation_id, stream: true })));
    expect(streamed.at(-1)!.event).toBe('done');
    expect(deps.conversations.get(first.conversation_id)!.history).toHaveLength(4);
  });

  it('reports a failure inside a stream as an error event with retryable set', async () => {
    const chat = await flakyChat(new Set([0]));
    const { app } = await makeTestApp({ providers: { chat } });
    const events = await readSse(await app.request('/api/conversation', jsonPost({ message: 'hello', stream: true })));
    expect(events.at(-1)).toEqual({ event: 'error', data: { code: 'provider_error', message: 'The assistant service failed.', stage: 'chat', retryable: true } });
  });

  it('answers a typed Arabic question in text, with no error, where Arabic speech is not installed', async () => {
    const { tts } = await sharedLocalProviders();
    const englishOnly = { ...tts, name: tts.name, capabilities: () => ({ ...tts.capabilities(), languages: ['en'] }), synthesize: tts.synthesize.bind(tts) };
    const { app } = await makeTestApp({ providers: { tts: englishOnly } });
    const events = await readSse(await app.request('/api/conversation', jsonPost({ message: 'أريد معرفة أسعار الخطط', stream: true, speak: true })));
    expect(events.map((e) => e.event)).not.toContain('error');
    expect(events.map((e) => e.event)).not.toContain('audio');
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { language: 'ar', committed: true } });
  });

  it('takes the provider\'s wait into the JSON answer of a rate-limited reply (Retry-After and retry_after_seconds)', async () => {
    const chat: ChatModel = {
      name: 'openai',
      capabilities: () => ({ available: true, languages: ['en', 'ar'], kind: 'free' }),
      async *reply() {
        throw new ProviderError('provider_rate_limited', 'The assistant is busy. Please try again in 20 seconds.', { retryAfterSeconds: 20 });
      },
    };
    const { app } = await makeTestApp({ providers: { chat } });
    const res = await app.request('/api/conversation', jsonPost({ message: 'hello' }));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('20');
    expect(await res.json()).toMatchObject({ error: { code: 'provider_rate_limited', retry_after_seconds: 20 } });
  });

  it('keeps a slow turn\'s event stream alive with comment lines, so a proxy\'s idle timeout does not cut it', async () => {
    const chat: ChatModel = {
      name: 'openai',
      capabilities: () => ({ available: true, languages: ['en', 'ar'], kind: 'free' }),
      async *reply(_request, signal) {
        // A provider that thinks for 2.5 s before its first word.
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        if (signal?.aborted) return;
        yield { type: 'delta', text: 'Hello there.' };
        yield { type: 'done' };
      },
    };
    const { app } = await makeTestApp({ providers: { chat }, env: { STREAM_HEARTBEAT_SECONDS: '1' } });
    const res = await app.request('/api/conversation', jsonPost({ message: 'hello', stream: true }));
    const text = await res.text();
    const beats = text.split('\n\n').filter((block) => block === ': keep-alive').length;
    expect(beats).toBeGreaterThanOrEqual(2);
    // Between the start and the reply, where the wait is; the events themselves are untouched.
    expect(text.indexOf(': keep-alive')).toBeGreaterThan(text.indexOf('event: start'));
    expect(text.indexOf(': keep-alive')).toBeLessThan(text.indexOf('event: delta'));
    const events = text.split('\n\n').filter((b) => b.startsWith('event:')).map((b) => b.split('\n')[0]);
    expect(events).toEqual(['event: start', 'event: delta', 'event: done']);
  });

  it('gives a conversation\'s history back, so the page a customer moves to shows it again', async () => {
    const { app } = await makeTestApp();
    const first = (await (await app.request('/api/conversation', jsonPost({ message: 'I would like to talk to sales about a new plan' }))).json()) as ConversationReply;
    await app.request('/api/conversation', jsonPost({ message: 'How much is Pro?', conversation_id: first.conversation_id }));
    const res = await app.request(`/api/conversation/${first.conversation_id}`);
    expect(res.status).toBe(200);
    const history = (await res.json()) as { conversation_id: string; persona: string; messages: { role: string; text: string; persona?: string }[] };
    expect(history).toMatchObject({ conversation_id: first.conversation_id, persona: 'sales' });
    // The transfer shows as it was heard: reception's words, then sales'.
    expect(history.messages.map((m) => `${m.role}${m.persona ? `(${m.persona})` : ''}`)).toEqual(['customer', 'agent(reception)', 'agent(sales)', 'customer', 'agent(sales)']);
    expect(history.messages[0]!.text).toBe('I would like to talk to sales about a new plan');
    expect(history.messages[1]!.text).toBe('Let me transfer you to our sales team.');
    expect(history.messages[4]).toMatchObject({ role: 'agent', persona: 'sales', text: expect.stringContaining('$29') });

    expect((await app.request('/api/conversation/conv_AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    const bad = await app.request('/api/conversation/not-an-id');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_field');
  });

  it('continues, on another server, a conversation it never held, from the messages the customer saw', async () => {
    // The conversation of a call whose AI agent kept it in its own process, and then left the call.
    const elsewhere = (await makeTestApp()).app;
    const first = (await (await elsewhere.request('/api/conversation', jsonPost({ message: 'I have a problem with my order' }))).json()) as ConversationReply;
    await elsewhere.request('/api/conversation', jsonPost({ message: 'my order number is 48213', conversation_id: first.conversation_id }));
    const seen = (await (await elsewhere.request(`/api/conversation/${first.conversation_id}`)).json()) as { messages: { role: string; text: string; persona?: string }[]; persona: string };
    expect(seen.persona).toBe('complaints');

    const { app } = await makeTestApp();
    const res = await app.request('/api/conversation/resume', jsonPost({ messages: seen.messages, language: 'en' }));
    expect(res.status).toBe(201);
    const resumed = (await res.json()) as { conversation_id: string; persona: string; language: string; messages: unknown[] };
    // The persona answering now is the last one that spoke; the history reads as it was heard.
    expect(resumed).toMatchObject({ persona: 'complaints', language: 'en', messages: seen.messages });
    expect(resumed.conversation_id).not.toBe(first.conversation_id);
    // The next turn is answered with that history and memory: the order number given before is remembered.
    const next = (await (await app.request('/api/conversation', jsonPost({ message: 'what was my order number again', conversation_id: resumed.conversation_id }))).json()) as ConversationReply;
    expect(next.persona).toBe('complaints');
    expect(next.response).toContain('48213');
    const history = (await (await app.request(`/api/conversation/${resumed.conversation_id}`)).json()) as { messages: unknown[] };
    expect(history.messages).toHaveLength(seen.messages.length + 2);
  });

  it('refuses a resume it cannot use with the field named, and keeps within the turn cap', async () => {
    const { app } = await makeTestApp({ env: { CONVERSATION_MAX_TURNS: '2' } });
    const refused = async (body: unknown, code: string): Promise<void> => {
      const res = await app.request('/api/conversation/resume', jsonPost(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    };
    await refused({ messages: [] }, 'invalid_field');
    await refused({}, 'missing_field');
    await refused({ messages: [{ role: 'staff', text: 'hi' }] }, 'invalid_field');
    await refused({ messages: [{ role: 'customer', text: 'x'.repeat(2001) }] }, 'text_too_long');
    await refused({ messages: [{ role: 'agent', text: 'hi', persona: 'billing' }] }, 'invalid_field');
    const many = Array.from({ length: 6 }, (_, i) => [
      { role: 'customer', text: `question ${i}` },
      { role: 'agent', text: `answer ${i}`, persona: 'reception' },
    ]).flat();
    const res = await app.request('/api/conversation/resume', jsonPost({ messages: many }));
    expect(res.status).toBe(201);
    const kept = ((await res.json()) as { messages: { text: string }[] }).messages.map((m) => m.text);
    expect(kept).toEqual(['question 4', 'answer 4', 'question 5', 'answer 5']);
  });
});
