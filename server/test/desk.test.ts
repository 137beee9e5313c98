import { ConsoleCalls, ConversationResponse, DeskChatDetail, StaffFeed } from '@call-center-widget/protocol';
import { describe, expect, it } from 'vitest';
import { Desk } from '../src/stores/desk.ts';
import { jsonPost, makeTestApp, readSse, type TestApp } from './support/test-app.ts';

// The text desk: a conversation held over HTTP whose customer asks for a person waits in the console; a member
// takes it, types, and the widget's long poll gets each line at once; the customer's messages go to the member and
// the AI keeps quiet; when the member leaves, the AI answers again. Through the real routes, database and engine.
const OWN = 'http://localhost';
const PASSWORD = 'correct horse battery';

async function member(app: TestApp['app'], deps: TestApp['deps'], name: string): Promise<Record<string, string>> {
  await deps.staff!.add(name, PASSWORD);
  const res = await app.request('/api/console/session', jsonPost({ name, password: PASSWORD }, { Origin: OWN }));
  expect(res.status).toBe(200);
  return { Cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, Origin: OWN };
}

async function say(app: TestApp['app'], message: string, conversationId?: string): Promise<ConversationResponse> {
  const res = await app.request('/api/conversation', jsonPost({ message, ...(conversationId ? { conversation_id: conversationId } : {}) }));
  expect(res.status).toBe(200);
  return ConversationResponse.parse(await res.json());
}

async function feed(app: TestApp['app'], id: string, query = ''): Promise<StaffFeed> {
  const res = await app.request(`/api/conversation/${id}/staff${query}`);
  expect(res.status).toBe(200);
  return StaffFeed.parse(await res.json());
}

describe('the text desk', () => {
  it('hands a conversation over HTTP to a member who types, while the AI steps back, and gives it back when they leave', async () => {
    const { app, deps } = await makeTestApp();
    const sam = await member(app, deps, 'Sam');
    // The console asking keeps Sam online.
    expect((await app.request('/api/console/calls', { headers: sam })).status).toBe(200);

    const first = await say(app, 'my order 48213 is late');
    const id = first.conversation_id;
    expect(await feed(app, id)).toEqual({ conversation_id: id, state: 'none', staff_name: null, lines: [] });
    // Nothing to wait on: a long poll is answered at once (a page checking after a reload holds nothing open).
    const idle = Date.now();
    expect((await feed(app, id, '?after=0&wait=20')).state).toBe('none');
    expect(Date.now() - idle).toBeLessThan(2_000);
    const asked = await say(app, 'I want to talk to a human', id);
    expect(asked.handoff).toBe(true);
    expect(asked.response).toContain('I have recorded ticket 1001 for your request to speak with a person on order 48213. A member of our team who is working now has been alerted and can reply to you here in the chat.');
    expect((await feed(app, id)).state).toBe('waiting');

    const calls = ConsoleCalls.parse(await (await app.request('/api/console/calls', { headers: sam })).json());
    expect(calls.chats).toEqual([expect.objectContaining({ conversation_id: id, state: 'waiting', persona: 'complaints', language: 'en', staff_name: null, ticket_id: 1001 })]);

    // A long poll waiting when Sam takes the chat is answered with the notice at once, not after its 20 s.
    const waited = Date.now();
    const polling = feed(app, id, '?after=0&wait=20');
    const taken = await app.request(`/api/console/chats/${id}/join`, { method: 'POST', body: '{}', headers: { ...sam, 'Content-Type': 'application/json' } });
    expect(taken.status).toBe(200);
    const chat = DeskChatDetail.parse(await taken.json());
    expect(chat.state).toBe('with_staff');
    expect(chat.before.filter((m) => m.role === 'customer').map((m) => m.text)).toEqual(['my order 48213 is late', 'I want to talk to a human']);
    expect(chat.before.at(-1)).toMatchObject({ role: 'agent', text: expect.stringContaining('ticket 1001') });
    const joined = await polling;
    expect(Date.now() - waited).toBeLessThan(5_000);
    expect(joined).toMatchObject({ state: 'with_staff', staff_name: 'Sam', lines: [{ seq: 1, from: 'joined', name: 'Sam', text: 'Sam from our team joined the chat.' }] });
    // The request is answered: it leaves the console's waiting list, closed in Sam's name.
    expect(deps.tickets!.get(1001)).toMatchObject({ status: 'closed', closedBy: 'Sam' });

    const wrote = await app.request(`/api/console/chats/${id}/messages`, jsonPost({ text: 'Hi, I am Sam. Let me look at order 48213.' }, sam));
    expect(wrote.status).toBe(200);
    expect((await feed(app, id, '?after=1')).lines).toEqual([expect.objectContaining({ seq: 2, from: 'staff', name: 'Sam', text: 'Hi, I am Sam. Let me look at order 48213.' })]);

    // The customer's message goes to Sam; the AI says nothing (streamed or not), and the history stays as it was.
    const held = await say(app, 'thank you, it was due on Monday', id);
    expect(held.response).toBe('');
    const streamed = await readSse(await app.request('/api/conversation', jsonPost({ message: 'are you still there?', conversation_id: id, stream: true })));
    expect(streamed.map((e) => e.event)).toEqual(['start', 'done']);
    expect(streamed[1]!.data).toMatchObject({ response: '', staff_name: 'Sam', committed: false });
    const lines = (await feed(app, id, '?after=2')).lines;
    expect(lines.map((l) => [l.from, l.text])).toEqual([['customer', 'thank you, it was due on Monday'], ['customer', 'are you still there?']]);
    expect(deps.conversations.get(id)!.history).toHaveLength(4);

    const left = await app.request(`/api/console/chats/${id}/leave`, jsonPost({}, sam));
    expect(left.status).toBe(200);
    const after = await feed(app, id, '?after=4');
    expect(after).toMatchObject({ state: 'none', staff_name: null, lines: [{ from: 'left', text: 'Sam left the chat. The AI assistant is answering again.' }] });
    expect(ConsoleCalls.parse(await (await app.request('/api/console/calls', { headers: sam })).json()).chats).toEqual([]);
    const back = await say(app, 'what is my order number?', id);
    expect(back.response).toBe('Your order number is 48213.');
  });

  it('lets one member hold a chat: another is refused, and nobody writes to a chat they do not hold', async () => {
    const { app, deps } = await makeTestApp();
    const sam = await member(app, deps, 'Sam');
    const lee = await member(app, deps, 'Lee');
    const id = (await say(app, 'can I speak to a person')).conversation_id;
    expect((await feed(app, id)).state).toBe('waiting');
    const post = (path: string, who: Record<string, string>, body: unknown = {}) => app.request(`/api/console/chats/${id}${path}`, jsonPost(body, who));
    // Writing before taking the chat, or to a conversation that never asked, is refused with the contract's codes.
    expect(await (await post('/messages', sam, { text: 'hello' })).json()).toMatchObject({ error: { code: 'chat_taken' } });
    const other = (await say(app, 'hello')).conversation_id;
    const missing = await app.request(`/api/console/chats/${other}/join`, jsonPost({}, sam));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'chat_not_found' } });

    expect((await post('/join', sam)).status).toBe(200);
    expect((await post('/join', sam)).status).toBe(200);
    const taken = await post('/join', lee);
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ error: { code: 'chat_taken', message: 'Another member of staff holds this chat.' } });
    expect((await post('/messages', lee, { text: 'hi' })).status).toBe(409);
    expect((await post('/leave', lee)).status).toBe(409);
    // Bad input: empty, too long, unknown fields, a malformed id.
    for (const body of [{ text: '   ' }, { text: 'x'.repeat(2001) }, { text: 'hi', extra: 1 }, {}]) expect((await post('/messages', sam, body)).status).toBe(400);
    expect((await app.request('/api/console/chats/not-an-id', { headers: sam })).status).toBe(400);
    expect((await app.request(`/api/conversation/not-an-id/staff`)).status).toBe(400);
    expect((await app.request(`/api/conversation/${id}/staff?wait=99`)).status).toBe(400);
    // Without a session the desk is closed.
    expect((await app.request(`/api/console/chats/${id}`, { headers: { Origin: OWN } })).status).toBe(401);
    expect((await post('/leave', sam)).status).toBe(200);
    expect((await post('/leave', sam)).status).toBe(404);
  });

  it('tells the customer when nobody can reply, and offers a callback', async () => {
    const { app } = await makeTestApp();
    const reply = await say(app, 'I want to talk to a human');
    expect(reply.response).toContain('Nobody from our team can join this chat right now. If you would like a call back, tell me a phone number or an email address.');
  });
});

describe('Desk', () => {
  it('drops chats nobody said anything in for the idle time, and keeps at most its bound', async () => {
    let now = 0;
    const desk = new Desk({ idleMs: 1_000, maxChats: 2, now: () => now });
    desk.request('a', { persona: 'reception', language: 'en' });
    desk.request('b', { persona: 'sales', language: 'ar', ticketId: 7 });
    expect(desk.list().map((c) => c.conversation_id)).toEqual(['a', 'b']);
    expect(desk.join('b', { id: 1, name: 'سام' })).toBeUndefined();
    expect(desk.feed('b').lines[0]!.text).toBe('انضمّ سام من فريقنا إلى المحادثة.');
    now = 500;
    desk.request('c', { persona: 'reception', language: 'en' });
    expect(desk.list().map((c) => c.conversation_id)).toEqual(['c', 'b']);
    now = 1_400;
    expect(desk.list().map((c) => c.conversation_id)).toEqual(['c']);
    // A poll that waits is released by its timeout when nothing is said.
    const started = Date.now();
    await desk.waitFor('c', 0, 50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
  });
});

describe("the console's live calls", () => {
  it('say where each call stands, from who is in it, its open request for a person and the AI agent\'s notes, waiting ones first', async () => {
    const { app, deps } = await makeTestApp();
    const sam = await member(app, deps, 'Sam');
    const at = Math.floor(Date.now() / 1000);
    const A = 'call-AAAAAAAAAAAAAAAAAAAAAA';
    const B = 'call-BBBBBBBBBBBBBBBBBBBBBB';
    const C = 'call-CCCCCCCCCCCCCCCCCCCCCC';
    for (const room of [A, B, C]) {
      deps.calls.apply({ event: 'room_started', room, at });
      deps.calls.apply({ event: 'participant_joined', room, participant: { identity: `customer-${room}`, name: 'Customer' }, at });
    }
    deps.calls.apply({ event: 'participant_joined', room: A, participant: { identity: 'agent-AJ_1', name: '', kind: 'agent' }, at });
    deps.calls.apply({ event: 'participant_joined', room: B, participant: { identity: 'agent-AJ_2', name: '', kind: 'agent' }, at });
    deps.calls.apply({ event: 'participant_joined', room: C, participant: { identity: 'agent-1-xyz', name: 'Lee' }, at });
    const transcript = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? { role: 'user' as const, content: `line ${i}` } : { role: 'assistant' as const, content: `line ${i}`, persona: 'sales' }));
    deps.callNotes!.save({ roomName: A, conversationId: 'conv_a', persona: 'sales', language: 'en', memory: {}, transcript });
    deps.tickets!.create({ kind: 'human_request', conversationId: 'conv_b', persona: 'reception', language: 'ar', summary: 'Asked to speak with a person.', transcript: [], roomName: B });

    const calls = ConsoleCalls.parse(await (await app.request('/api/console/calls', { headers: sam })).json()).calls;
    expect(calls.map((c) => [c.room_name, c.state])).toEqual([[B, 'waiting'], [A, 'with_ai'], [C, 'with_staff']]);
    const a = calls.find((c) => c.room_name === A)!;
    expect(a).toMatchObject({ persona: 'sales', language: 'en', updated_at: expect.any(String) });
    expect(a.transcript).toHaveLength(6);
    expect(a.transcript[0]).toEqual({ role: 'customer', text: 'line 2' });
    expect(a.transcript[1]).toEqual({ role: 'agent', text: 'line 3', persona: 'sales' });
    expect(calls.find((c) => c.room_name === C)).toMatchObject({ persona: null, language: null, transcript: [], updated_at: null });
    deps.calls.apply({ event: 'participant_left', room: A, participant: { identity: 'agent-AJ_1', name: '' }, at });
    expect(ConsoleCalls.parse(await (await app.request('/api/console/calls', { headers: sam })).json()).calls.find((c) => c.room_name === A)?.state).toBe('no_agent');
  });
});
