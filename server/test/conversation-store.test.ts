import { describe, expect, it } from 'vitest';
import { ConversationStore } from '../src/stores/conversation-store.ts';

// The conversation store's byte budget: text is what grows without end when customers (or an attacker) write long
// messages in many conversations, so the store counts it, per conversation and in all, and lets the oldest go.
const turn = (text: string) => ({ userMessage: text, reply: text, persona: 'reception' as const, language: 'en' as const });

describe('ConversationStore', () => {
  it('keeps one conversation under its byte cap by dropping its oldest turns, never the newest', () => {
    const store = new ConversationStore({ idleTtlSeconds: 600, maxTurns: 1000, maxConversations: 100, maxConversationBytes: 64 * 1024 });
    const c = store.create('reception', 'en');
    for (let i = 0; i < 40; i++) store.commitTurn(c, store.beginTurn(c), turn(`${i} ${'x'.repeat(1_995)}`));
    // Each turn is two 2,000-character messages, ~8 KB as counted: eight fit in 64 KB.
    expect(c.history.length).toBe(16);
    expect(c.history.at(-1)!.content.startsWith('39 ')).toBe(true);
    expect(store.bytes).toBeLessThanOrEqual(64 * 1024);
    // A single turn larger than the cap is still kept whole: the customer's last words are never lost.
    store.commitTurn(c, store.beginTurn(c), turn('y'.repeat(40_000)));
    expect(c.history.map((m) => m.content.length)).toEqual([40_000, 40_000]);
  });

  it('keeps all conversations under the budget by forgetting the least recently active ones', () => {
    const store = new ConversationStore({ idleTtlSeconds: 600, maxTurns: 50, maxConversations: 10_000, maxBytes: 1024 * 1024, maxConversationBytes: 256 * 1024 });
    const ids: string[] = [];
    // 400 conversations × 5 turns × 2 × 2,000 characters: about 16 MB of text offered, 1 MB kept.
    for (let n = 0; n < 400; n++) {
      const c = store.create('reception', 'en');
      ids.push(c.id);
      for (let i = 0; i < 5; i++) store.commitTurn(c, store.beginTurn(c), turn('z'.repeat(2_000)));
      expect(store.bytes).toBeLessThanOrEqual(1024 * 1024);
    }
    expect(store.get(ids.at(-1)!)?.history).toHaveLength(10);
    expect(store.get(ids[0]!)).toBeUndefined();
    expect(store.size).toBeLessThan(400);
    expect(store.size).toBeGreaterThan(10);
  });

  it('counts what expiry and eviction free', () => {
    let now = 0;
    const store = new ConversationStore({ idleTtlSeconds: 60, maxTurns: 50, maxConversations: 2, now: () => now });
    const a = store.create('reception', 'en');
    store.commitTurn(a, store.beginTurn(a), turn('hello'));
    const held = store.bytes;
    expect(held).toBeGreaterThan(0);
    store.create('sales', 'en');
    store.create('sales', 'en');
    // `a` was evicted by count: its bytes went with it.
    expect(store.bytes).toBeLessThan(held + 1_000);
    now += 61_000;
    store.sweep();
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
  });
});
