import { CallSummary } from '@call-center-widget/protocol';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIClient } from '../src/providers/openai/client.ts';
import { OpenAIChat } from '../src/providers/openai/openai-chat.ts';
import { summarizeCall } from '../src/services/summary.ts';
import { CallNotes } from '../src/stores/call-notes.ts';
import { openDatabase } from '../src/stores/database.ts';
import { TicketStore } from '../src/stores/ticket-store.ts';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai.ts';
import { jsonPost, makeTestApp } from './support/test-app.ts';

// The summary a member of staff reads when joining a call: from the AI agent's call note (the offline engine's
// memory and the call's tickets), or written by OpenAI's model (the fake OpenAI server here), falling back to
// the note when the model fails.
const ROOM = 'call-SSSSSSSSSSSSSSSSSSSSSS';
const transcript = [
  { role: 'user' as const, content: 'my name is Lina and my order 48213 arrived damaged' },
  { role: 'assistant' as const, content: 'I am sorry the product arrived damaged.', persona: 'complaints' },
  { role: 'user' as const, content: 'I want a refund' },
];

function stores() {
  const db = openDatabase(mkdtempSync(join(tmpdir(), 'ccw-summary-')));
  const notes = new CallNotes(db);
  const tickets = new TicketStore(db);
  notes.save({ roomName: ROOM, conversationId: 'conv_s', persona: 'complaints', language: 'en', memory: { name: 'Lina', order_number: '48213', issue: 'damaged', awaiting: 'anything_else' }, transcript });
  tickets.create({ kind: 'refund', conversationId: 'conv_s', persona: 'complaints', language: 'en', orderNumber: '48213', summary: 'Refund requested for order 48213.', transcript, roomName: ROOM });
  return { notes, tickets };
}

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

const openai = () => new OpenAIChat(createOpenAIClient({ apiKey: 'sk-test-0123456789', baseUrl: `${fake.url}/v1`, sttModel: 'w', ttsModel: 't', chatModel: 'gpt-4o-mini', timeoutMs: 2000, maxRetries: 0 }), 'gpt-4o-mini');

describe('summarizeCall', () => {
  it('says who, what, the order and what the caller was told, from the agent\'s note, in English and Arabic', async () => {
    const { notes, tickets } = stores();
    const note = notes.get(ROOM);
    const en = await summarizeCall(note, tickets.forCall(ROOM, note?.conversationId), 'en');
    expect(en).toMatchObject({ source: 'notes', persona: 'complaints', facts: { name: 'Lina', order_number: '48213', issue: 'damaged' }, tickets: [{ id: 1001, kind: 'refund', status: 'open' }] });
    expect(en.summary).toBe('The caller is Lina. Now with Complaints. Order 48213. Problem: damaged. Told the caller: ticket 1001 (refund) is recorded. Last said: "I want a refund"');
    // Bookkeeping of the engine (what it is waiting for) is not a fact for staff.
    expect(en.facts).not.toHaveProperty('awaiting');
    const ar = await summarizeCall(note, tickets.forCall(ROOM), 'ar');
    expect(ar.summary).toMatch(/^المتصل: Lina\. يتحدث الآن مع الشكاوى\. الطلب رقم 48213\./);
    CallSummary.parse(en);
  });

  it('says when the agent has not answered anything in the call yet', async () => {
    expect(await summarizeCall(undefined, [], 'en')).toMatchObject({ source: 'none', summary: 'The caller has not talked with the AI agent in this call yet.' });
  });

  it('has the model write it when it is OpenAI\'s, and falls back to the note when the model fails', async () => {
    const { notes, tickets } = stores();
    const note = notes.get(ROOM);
    fake.script.chat({ content: ['Lina wants a refund for damaged order 48213; ticket 1001 is recorded.'] });
    const written = await summarizeCall(note, tickets.forCall(ROOM), 'en', openai());
    expect(written).toMatchObject({ source: 'model', summary: 'Lina wants a refund for damaged order 48213; ticket 1001 is recorded.' });
    const sent = fake.requests[0]!.json;
    expect(sent.messages[0].content).toMatch(/^Summarise this call-center conversation for a human agent/);
    expect(sent.messages[1].content).toBe('Caller: my name is Lina and my order 48213 arrived damaged\nAgent: I am sorry the product arrived damaged.\nCaller: I want a refund');
    fake.script.fault({ kind: 'status', status: 500 });
    const fallback = await summarizeCall(note, tickets.forCall(ROOM), 'en', openai());
    expect(fallback.source).toBe('notes');
  });
});

describe('GET /api/console/calls/{room}/summary', () => {
  it('answers a signed-in member with the call\'s summary, and nobody else', async () => {
    const { app, deps } = await makeTestApp();
    await deps.staff!.add('Sam', 'correct horse battery');
    deps.callNotes!.save({ roomName: ROOM, conversationId: 'conv_s', persona: 'sales', language: 'en', memory: { plan: 'pro' }, transcript });
    const signedIn = await app.request('/api/console/session', jsonPost({ name: 'Sam', password: 'correct horse battery' }, { Origin: 'http://localhost' }));
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const res = await app.request(`/api/console/calls/${ROOM}/summary?lang=en`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    expect(CallSummary.parse(await res.json())).toMatchObject({ source: 'notes', summary: expect.stringContaining('Interested in the pro plan.') });
    expect((await app.request(`/api/console/calls/${ROOM}/summary`)).status).toBe(401);
    expect((await app.request('/api/console/calls/support-1/summary', { headers: { Cookie: cookie } })).status).toBe(403);
    expect((await app.request(`/api/console/calls/${ROOM}/summary?lang=fr`, { headers: { Cookie: cookie } })).status).toBe(400);
  });
});
