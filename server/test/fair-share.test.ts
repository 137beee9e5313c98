import { describe, expect, it } from 'vitest';
import { asClient } from '../src/providers/local/fair-share.ts';
import { TaskQueue } from '../src/providers/local/task-queue.ts';
import { jsonPost, makeTestApp } from './support/test-app.ts';

// The offline engines' queues take turns between clients: one client asking for many long syntheses used to push
// everyone else's "Hello" behind all of them (0.05 s → 6.6 s p50 with four from one address).
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('TaskQueue', () => {
  it('takes turns between clients, each client\'s jobs in their own order', async () => {
    const queue = new TaskQueue(1);
    const started: string[] = [];
    const job = (name: string) => async () => {
      started.push(name);
      await tick();
    };
    const all = [
      queue.run(job('a1'), undefined, 'A'),
      queue.run(job('a2'), undefined, 'A'),
      queue.run(job('a3'), undefined, 'A'),
      queue.run(job('a4'), undefined, 'A'),
      queue.run(job('b1'), undefined, 'B'),
      queue.run(job('c1'), undefined, 'C'),
      queue.run(job('b2'), undefined, 'B'),
    ];
    expect(queue.queued).toBe(6);
    await Promise.all(all);
    expect(started).toEqual(['a1', 'a2', 'b1', 'c1', 'a3', 'b2', 'a4']);
    expect(queue.queued).toBe(0);
  });

  it('reads the client from the request it runs in, and drops an aborted job from its client\'s turn', async () => {
    const queue = new TaskQueue(1);
    const started: string[] = [];
    const job = (name: string) => async () => {
      started.push(name);
      await tick();
    };
    const abort = new AbortController();
    const runs = [
      asClient('A', () => queue.run(job('a1'))),
      asClient('A', () => queue.run(job('a2'))),
      asClient('A', () => queue.run(job('a3'))),
      asClient('B', () => queue.run(job('b1'), abort.signal)),
      asClient('C', () => queue.run(job('c1'))),
    ];
    abort.abort();
    await Promise.allSettled(runs);
    expect(started).toEqual(['a1', 'a2', 'c1', 'a3']);
    await expect(runs[3]).rejects.toThrow();
  });
});

describe('the offline voice, shared between clients', () => {
  it('answers another client\'s short synthesis before one client\'s pile of long ones', async () => {
    const { app } = await makeTestApp({ env: { TRUST_PROXY: '1', RATE_LIMIT_AI: '100/60', MAX_CONCURRENT_PER_IP: '10' } });
    const long = 'This is a long sentence that the offline voice will take a while to read aloud for the customer. '.repeat(6);
    const finished: string[] = [];
    const synthesize = (who: string, text: string, ip: string) =>
      Promise.resolve(app.request('/api/synthesize', jsonPost({ text, language: 'en' }, { 'X-Forwarded-For': ip }))).then(async (res) => {
        expect(res.status, who).toBe(200);
        finished.push(who);
      });
    const pile = [1, 2, 3, 4].map((i) => synthesize(`a${i}`, long, '203.0.113.1'));
    // The other customer asks a moment later, when the pile is already queued.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await synthesize('b', 'Hello.', '203.0.113.2');
    // Served at the first free turn: at most one of the pile before it (the one running), not all four.
    expect(finished.filter((w) => w.startsWith('a')).length).toBeLessThanOrEqual(2);
    await Promise.all(pile);
    expect(finished).toHaveLength(5);
  }, 60_000);
});
