// Server memory in local mode (no key: the offline persona engine, as `npm start` runs on a fresh machine):
// RSS idle after start-up and a full GC, then after 100 live conversations of 10 typed turns each
// (POST /api/conversation, no speech), again after a full GC. Measured inside the server process
// (process.memoryUsage over IPC, cross-checked with /proc/<pid>/status). Each repetition is a fresh process.
import { startServer, UNLIMITED } from './spawn.mjs';
import { median, round, sleep } from './stats.mjs';

/** Ten customer turns the local engine understands: greeting, sales, a transfer back, a complaint, goodbye. */
const TURNS = [
  'hello',
  'my name is sarah',
  'i would like to talk to sales about a new plan',
  'what does the pro plan include',
  'how much is the business plan',
  'take me back to reception',
  'i have a problem with my order',
  'my order number is one two three four five',
  'i would like a refund',
  'thank you very much',
];

const MB = 1024 * 1024;

/** One conversation of `TURNS.length` turns, each continuing the conversation the first one opened. */
async function converse(url) {
  let conversationId;
  for (const message of TURNS) {
    const response = await fetch(`${url}/api/conversation`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ message, persona: 'reception', language: 'en', ...(conversationId ? { conversation_id: conversationId } : {}) }),
    });
    if (!response.ok) throw new Error(`conversation: HTTP ${response.status} ${await response.text()}`);
    conversationId = (await response.json()).conversation_id;
  }
}

/** One repetition: a fresh server, idle RSS, `conversations` conversations (`parallel` at a time), RSS after. */
async function once({ conversations, parallel }) {
  const server = await startServer({ ...UNLIMITED, STT_PROVIDER: 'local', TTS_PROVIDER: 'local', CHAT_PROVIDER: 'local' });
  try {
    // Let start-up work (module loading, engine probes) settle before the idle reading.
    await sleep(300);
    const idle = await server.memory();
    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: parallel }, async () => {
      while (next < conversations) {
        next++;
        await converse(server.url);
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    const after = await server.memory();
    return { idle: pick(idle), after: pick(after), live: after.conversations, turnsPerSecond: round((conversations * TURNS.length) / seconds, 1) };
  } finally {
    await server.close();
  }
}

function pick(m) {
  return { rss: m.rss, vmRss: m.vmRss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
}

/** Runs the memory benchmark `repeats` times; figures in MB (medians). */
export async function benchMemory({ repeats = 3, conversations = 100, parallel = 10 } = {}) {
  const samples = [];
  for (let i = 0; i < repeats; i++) samples.push(await once({ conversations, parallel }));
  const mb = (f) => round(median(samples.map(f)) / MB, 1);
  return {
    repeats,
    conversations,
    turnsPerConversation: TURNS.length,
    idleRssMb: mb((s) => s.idle.rss),
    afterRssMb: mb((s) => s.after.rss),
    deltaRssMb: mb((s) => s.after.rss - s.idle.rss),
    idleHeapMb: mb((s) => s.idle.heapUsed),
    idleHeapTotalMb: mb((s) => s.idle.heapTotal),
    afterHeapMb: mb((s) => s.after.heapUsed),
    liveConversations: median(samples.map((s) => s.live)),
    samples,
  };
}
