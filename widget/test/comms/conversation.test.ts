import { expect, waitUntil } from '@open-wc/testing';
import type { Persona } from '@call-center-widget/protocol';
import { ApiClient } from '../../src/api/client.ts';
import type { CcwLatencyDetail } from '../../src/events/latency-event.ts';
import { Conversation, type ConversationCallbacks, type TurnSettings } from '../../src/session/conversation.ts';
import type { ChatEntry, TurnError } from '../../src/types.ts';
import { TestHost, fixture, testServers } from './support/host.ts';

const NOWHERE = 'http://127.0.0.1:2';
const SALES_REQUEST = 'I would like to talk to sales about a new plan';

/** Callbacks that record every call, in order. */
function recorder() {
  const calls = {
    heard: [] as { text: string; language: string }[],
    messages: [] as ChatEntry[],
    transfers: [] as { from: Persona; to: Persona; reason: string }[],
    handoffs: [] as string[],
    latencies: [] as CcwLatencyDetail[],
    errors: [] as TurnError[],
    speechFailures: [] as string[],
    audio: [] as { run: number; index: number; bytes: number }[],
    turnEnds: 0,
  };
  const callbacks: ConversationCallbacks = {
    changed: () => undefined,
    onConversation: () => undefined,
    onHeard: (text, language) => calls.heard.push({ text, language }),
    onMessage: (entry) => calls.messages.push(entry),
    onTransfer: (from, to, reason) => calls.transfers.push({ from, to, reason }),
    onHandoff: (reason) => calls.handoffs.push(reason),
    onLatency: (t) => calls.latencies.push(t),
    onSpeechFailed: (code) => calls.speechFailures.push(code),
    onAudio: (run, index, audioBase64) => calls.audio.push({ run, index, bytes: atob(audioBase64).length }),
    onTurnEnd: (error) => {
      calls.turnEnds++;
      if (error) calls.errors.push(error);
    },
  };
  return { calls, callbacks };
}

function shape(entries: readonly ChatEntry[]): string[] {
  return entries.map((e) => `${e.role}${e.persona ? `(${e.persona})` : ''}${e.pending ? ' pending' : ''}${e.failed ? ' failed' : ''}`);
}

describe('Conversation', () => {
  const { serverUrl } = testServers();
  let host: TestHost;

  beforeEach(() => {
    host = new TestHost();
    host.connect();
  });
  afterEach(() => host.disconnect());

  function conversationWith(transfer = (from: Persona, to: Persona) => `${from} → ${to}`) {
    const { calls, callbacks } = recorder();
    const conversation = new Conversation(host, { ...callbacks, changed: () => host.requestUpdate() }, { transfer });
    return { conversation, calls };
  }

  function settings(speak = false, url = serverUrl): TurnSettings {
    return { api: new ApiClient(url), persona: 'reception', language: 'auto', voice: undefined, speak };
  }
  const text = (t: string) => ({ kind: 'text', text: t }) as const;
  const audio = async (name: 'speech.wav' | 'silence.wav') => ({ kind: 'audio', wav: await fixture(name), speechEndAt: performance.now() }) as const;

  describe('a typed turn', () => {
    it('streams the reply, and a transfer to sales gives customer, agent, notice, agent', async () => {
      const { conversation, calls } = conversationWith();
      const sending = conversation.send(text(SALES_REQUEST), settings());
      // The customer's text shows at once, and the turn is in flight.
      expect(shape(conversation.entries)).to.deep.equal(['customer']);
      expect(conversation.busy).to.equal(true);
      const streaming = new Set<string>();
      host.onUpdate = () => {
        for (const e of conversation.entries) if (e.pending && e.text !== '') streaming.add(e.persona!);
      };
      await sending;
      // Both agents' messages were seen streaming in (pending, with partial text) before they were final.
      expect([...streaming].sort()).to.deep.equal(['reception', 'sales']);

      expect(conversation.busy).to.equal(false);
      expect(shape(conversation.entries)).to.deep.equal(['customer', 'agent(reception)', 'notice(sales)', 'agent(sales)']);
      const [customer, reception, notice, sales] = conversation.entries;
      expect(customer!.text).to.equal(SALES_REQUEST);
      expect(reception!.text.length).to.be.greaterThan(0);
      expect(sales!.text.length).to.be.greaterThan(0);
      expect(notice!.transfer).to.deep.include({ from: 'reception', to: 'sales' });
      expect(notice!.text).to.equal('reception → sales');
      expect(calls.transfers).to.have.length(1);
      // Finished messages are reported once each: the customer's at once, each agent's when it completes.
      expect(calls.messages.map((m) => `${m.role}:${m.text}`)).to.deep.equal([
        `customer:${customer!.text}`,
        `agent:${reception!.text}`,
        `agent:${sales!.text}`,
      ]);
      expect(conversation.conversationId).to.match(/^conv_/);
      expect(conversation.persona).to.equal('sales');
      expect(calls.latencies).to.have.length(1);
      expect(calls.latencies[0]!.server['total']).to.be.a('number');
      expect(calls.errors).to.deep.equal([]);
      expect(calls.turnEnds).to.equal(1);
      expect(host.updates).to.be.greaterThan(4);
    });

    it('keeps the conversation: the next turn goes to the same conversation and the persona it moved to', async () => {
      const { conversation } = conversationWith();
      await conversation.send(text(SALES_REQUEST), settings());
      const id = conversation.conversationId;
      await conversation.send(text('How much does it cost?'), settings());
      expect(conversation.conversationId).to.equal(id);
      const last = conversation.entries.at(-1)!;
      expect([last.role, last.persona, last.pending]).to.deep.equal(['agent', 'sales', false]);
    });

    it('writes the transfer notice in the words the element gives', async () => {
      const { conversation } = conversationWith((_from, to) => `تم تحويلك إلى ${to}`);
      await conversation.send(text(SALES_REQUEST), settings());
      expect(conversation.entries.find((e) => e.role === 'notice')!.text).to.equal('تم تحويلك إلى sales');
    });
  });

  describe('a spoken turn', () => {
    it('shows the transcript, streams the reply, and hands over sentence audio in order', async () => {
      const { conversation, calls } = conversationWith();
      await conversation.send(await audio('speech.wav'), settings(true));

      expect(calls.errors).to.deep.equal([]);
      expect(calls.heard.map((t) => t.text)).to.deep.equal(['i would like to talk to sales about a new plan']);
      expect(conversation.entries[0]).to.deep.include({ role: 'customer', text: 'i would like to talk to sales about a new plan' });
      const agents = conversation.entries.filter((e) => e.role === 'agent');
      expect(agents.length).to.be.greaterThan(0);
      expect(agents.every((a) => a.text.length > 0 && !a.pending)).to.equal(true);
      expect(calls.audio.length).to.be.greaterThan(0);
      expect(calls.audio.map((a) => a.index)).to.deep.equal(calls.audio.map((_, i) => i));
      expect(new Set(calls.audio.map((a) => a.run)).size).to.equal(1);
      expect(calls.audio.every((a) => a.bytes > 100)).to.equal(true);
      const [latency] = calls.latencies;
      expect(latency!.speech_end_to_transcript_ms).to.be.a('number');
      expect(latency!.speech_end_to_first_text_ms).to.be.at.least(latency!.speech_end_to_transcript_ms!);
      expect(latency!.speech_end_to_first_audio_ms).to.be.a('number');
      expect(latency!.server['transcript']).to.be.a('number');
    });
  });

  describe('when a newer turn starts', () => {
    it('supersedes the older one, whose events never land', async () => {
      const { conversation, calls } = conversationWith();
      const first = conversation.send(await audio('speech.wav'), settings(true));
      // Let the first turn get going: its transcript and first sentence audio arrive.
      await waitUntil(() => calls.audio.length > 0, 'first turn never produced audio', { timeout: 15000 });
      const firstRun = calls.audio[0]!.run;
      const before = conversation.entries.map((e) => ({ ...e }));
      const firstAudio = calls.audio.length;
      const second = conversation.send(text('Hello'), settings(true));
      await Promise.all([first, second]);

      // Nothing of turn 1 changed after turn 2 began: its entries are as they were, only no longer pending.
      for (const old of before) {
        const now = conversation.entries.find((e) => e.id === old.id);
        if (old.pending && old.text.trim() === '') continue;
        expect(now, `entry ${old.id}`).to.not.equal(undefined);
        expect(now!.text).to.equal(old.text.trim());
        expect(now!.pending).to.not.equal(true);
      }
      expect(calls.audio.slice(0, firstAudio).every((a) => a.run === firstRun)).to.equal(true);
      const later = calls.audio.slice(firstAudio);
      expect(later.length, 'turn 2 audio').to.be.greaterThan(0);
      expect(later.every((a) => a.run > firstRun), 'turn 1 audio after turn 2 began').to.equal(true);
      expect(later.map((a) => a.index)).to.deep.equal(later.map((_, i) => i));
      // Exactly one turn ended (the newest); the superseded one ended silently, with no error.
      expect(calls.turnEnds).to.equal(1);
      expect(calls.errors).to.deep.equal([]);
      expect(calls.latencies).to.have.length(1);
      const last = conversation.entries.at(-1)!;
      expect([last.role, last.pending]).to.deep.equal(['agent', false]);
      expect(conversation.entries.filter((e) => e.role === 'customer').map((e) => e.text).at(-1)).to.equal('Hello');
    });

    it('abort() stops the turn in flight and nothing of it lands afterwards', async () => {
      const { conversation, calls } = conversationWith();
      const sending = conversation.send(text(SALES_REQUEST), settings(true));
      await waitUntil(() => conversation.entries.some((e) => e.role === 'agent' && e.text.length > 0), 'no reply', { timeout: 10000 });
      conversation.abort();
      const after = JSON.stringify(conversation.entries);
      const audioCount = calls.audio.length;
      expect(conversation.busy).to.equal(false);
      await sending;
      await new Promise((r) => setTimeout(r, 300));
      expect(JSON.stringify(conversation.entries)).to.equal(after);
      expect(calls.audio.length).to.equal(audioCount);
      expect(conversation.entries.some((e) => e.pending)).to.equal(false);
      expect(calls.turnEnds).to.equal(1);
      expect(calls.errors).to.deep.equal([]);
    });
  });

  describe('when a turn fails', () => {
    it('reports network, keeps the typed message marked failed, and retry() sends it again', async () => {
      const { conversation, calls } = conversationWith();
      await conversation.send(text('Hello there'), settings(false, NOWHERE));
      expect(calls.errors).to.deep.equal([{ code: 'network', message: 'The support server could not be reached.', retryable: true }]);
      expect(shape(conversation.entries)).to.deep.equal(['customer failed']);
      expect(conversation.canRetry).to.equal(true);
      expect(conversation.retryId).to.equal(conversation.entries[0]!.id);
      expect(conversation.busy).to.equal(false);

      await conversation.retry(settings());
      expect(calls.errors).to.have.length(1);
      expect(shape(conversation.entries)).to.deep.equal(['customer', 'agent(reception)']);
      expect(conversation.entries[0]!.text).to.equal('Hello there');
      expect(conversation.canRetry).to.equal(false);
      expect(conversation.conversationId).to.match(/^conv_/);
    });

    it('keeps the recording of a failed spoken turn, and retry() sends the same audio', async () => {
      const { conversation, calls } = conversationWith();
      await conversation.send(await audio('speech.wav'), settings(false, NOWHERE));
      expect(calls.errors.map((e) => e.code)).to.deep.equal(['network']);
      expect(conversation.canRetry).to.equal(true);

      await conversation.retry(settings());
      expect(calls.heard.map((t) => t.text)).to.deep.equal(['i would like to talk to sales about a new plan']);
      expect(conversation.entries.filter((e) => e.role === 'customer')).to.have.length(1);
      expect(conversation.entries.at(-1)).to.deep.include({ role: 'agent', persona: 'sales', pending: false });
    });

    it('passes the server’s code for a 400 and a 422, and keeps the input', async () => {
      const { conversation, calls } = conversationWith();
      const max = (await new ApiClient(serverUrl).config()).limits.max_text_chars;
      await conversation.send(text('x'.repeat(max + 1)), settings());
      expect(calls.errors.map((e) => [e.code, e.retryable])).to.deep.equal([['text_too_long', false]]);
      expect(shape(conversation.entries)).to.deep.equal(['customer failed']);

      await conversation.send(await audio('silence.wav'), settings());
      expect(calls.errors.map((e) => e.code)).to.deep.equal(['text_too_long', 'no_speech']);
      expect(conversation.canRetry).to.equal(true);
      // Nothing typed is lost: the failed message is still there.
      expect(shape(conversation.entries)).to.deep.equal(['customer failed']);
    });
  });

  describe('when the conversation expired on the server', () => {
    it('starts a new one and resends the same message, without bothering the customer', async () => {
      const { conversation, calls } = conversationWith();
      conversation.resume('conv_AAAAAAAAAAAAAAAAAAAAAA');
      await conversation.send(text('Hello'), settings());
      expect(calls.errors).to.deep.equal([]);
      expect(conversation.conversationId).to.match(/^conv_/).and.not.equal('conv_AAAAAAAAAAAAAAAAAAAAAA');
      expect(shape(conversation.entries)).to.deep.equal(['customer', 'agent(reception)']);
    });
  });

  describe('notices and the host going away', () => {
    it('adds notices to the log; disconnecting the host aborts the turn', async () => {
      const { conversation, calls } = conversationWith();
      await conversation.send(text('Hello'), settings());
      conversation.addNotice('Calls run without LiveKit here.');
      expect(conversation.entries.at(-1)).to.deep.include({ role: 'notice', text: 'Calls run without LiveKit here.' });

      const sending = conversation.send(text('Hello again'), settings());
      host.disconnect();
      expect(conversation.busy).to.equal(false);
      await sending;
      expect(calls.errors).to.deep.equal([]);
      expect(conversation.entries.some((e) => e.pending)).to.equal(false);
    });
  });

  describe('with the AI agent in the LiveKit room', () => {
    it('writes the room\'s transcript lines into the log, growing until final, and reports the customer\'s words', () => {
      const { conversation, calls } = conversationWith();
      conversation.roomEvent({ type: 'conversation', conversation_id: 'conv_agent', persona: 'reception', language: 'en' });
      conversation.roomTranscript({ segment: 'c1', role: 'customer', text: 'i would like', final: false });
      conversation.roomTranscript({ segment: 'c1', role: 'customer', text: 'i would like to talk to sales', final: true });
      conversation.roomTranscript({ segment: 'a1', role: 'agent', text: 'Let me', final: false });
      expect(shape(conversation.entries)).to.deep.equal(['customer', 'agent(reception) pending']);
      conversation.roomEvent({ type: 'transfer', from: 'reception', to: 'sales', reason: 'plans' });
      conversation.roomTranscript({ segment: 'a1', role: 'agent', text: 'Let me transfer you.', final: true });
      conversation.roomTranscript({ segment: 'a2', role: 'agent', text: 'We offer three plans.', final: true });
      expect(shape(conversation.entries)).to.deep.equal(['customer', 'agent(reception)', 'notice', 'agent(sales)']);
      expect(calls.heard).to.deep.equal([{ text: 'i would like to talk to sales', language: '' }]);
      expect(calls.transfers).to.deep.equal([{ from: 'reception', to: 'sales', reason: 'plans' }]);
      expect(conversation.conversationId).to.equal('conv_agent');
    });

    it('finishes a line cut short when the same side starts the next one, or when the agent goes', () => {
      const { conversation } = conversationWith();
      conversation.roomTranscript({ segment: 'a1', role: 'agent', text: 'We offer three plans: Basic at', final: false });
      conversation.roomTranscript({ segment: 'c1', role: 'customer', text: 'hold on', final: false });
      // The customer spoke over it: the agent's next line closes the cut one, the customer's stays open.
      conversation.roomTranscript({ segment: 'a2', role: 'agent', text: 'Sure.', final: false });
      expect(shape(conversation.entries)).to.deep.equal(['agent(reception)', 'customer pending', 'agent(reception) pending']);
      conversation.finishOpenLines();
      expect(shape(conversation.entries)).to.deep.equal(['agent(reception)', 'customer', 'agent(reception)']);
      expect(conversation.entries.map((e) => e.text)).to.deep.equal(['We offer three plans: Basic at', 'hold on', 'Sure.']);
    });

    it('gives the server what the customer saw, newest last, within a budget, without notices or unsent lines', () => {
      const { conversation } = conversationWith();
      expect(conversation.transcript()).to.equal(undefined);
      conversation.roomMessage('my order number is 48213');
      conversation.roomTranscript({ segment: 'a1', role: 'agent', text: 'Thank you, I have noted order 48213.', final: true });
      conversation.roomEvent({ type: 'transfer', from: 'reception', to: 'complaints', reason: 'order' });
      conversation.roomTranscript({ segment: 'a2', role: 'agent', text: 'Still speaking', final: false });
      expect(conversation.transcript()).to.deep.equal({
        messages: [
          { role: 'customer', text: 'my order number is 48213' },
          { role: 'agent', text: 'Thank you, I have noted order 48213.', persona: 'reception' },
        ],
        persona: 'complaints',
      });
      // Only the newest lines that fit: each counts its text and 64 characters of overhead.
      expect(conversation.transcript(100)?.messages.map((m) => m.role)).to.deep.equal(['agent']);
    });
  });
});

