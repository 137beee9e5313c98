import { expect } from '@open-wc/testing';
import type { TurnEvent } from '@call-center-widget/protocol';
import { ApiClient } from '../../src/api/client.ts';
import { TurnRunner, type TurnOutcome, type TurnRequest } from '../../src/controllers/turn-runner.ts';
import { TestHost, testServers } from './support/host.ts';

describe('TurnRunner', () => {
  const { serverUrl } = testServers();
  let host: TestHost;

  beforeEach(() => {
    host = new TestHost();
    host.connect();
  });
  afterEach(() => host.disconnect());

  function runner() {
    const events: { run: number; event: TurnEvent }[] = [];
    const ends: { run: number; outcome: TurnOutcome }[] = [];
    const restarts: number[] = [];
    const turns = new TurnRunner(host, {
      onEvent: (event, run) => events.push({ run, event }),
      onRestart: (run) => restarts.push(run),
      onEnd: (run, outcome) => ends.push({ run, outcome }),
    });
    return { turns, events, ends, restarts };
  }

  const request = (text: string, extra: Partial<TurnRequest> = {}): TurnRequest => ({
    api: new ApiClient(serverUrl),
    input: { kind: 'text', text },
    persona: 'reception',
    language: 'auto',
    conversationId: undefined,
    voice: undefined,
    speak: false,
    ...extra,
  });

  it('takes everything a turn needs as arguments and reports its events, then its end', async () => {
    const { turns, events, ends } = runner();
    expect(host.controllers.has(turns)).to.equal(true);
    await turns.run(request('What plans do you have?', { persona: 'sales' }));
    expect(events.map((e) => e.event.type)[0]).to.equal('start');
    expect(events.find((e) => e.event.type === 'start')!.event).to.deep.include({ persona: 'sales' });
    expect(events.at(-1)!.event.type).to.equal('done');
    expect(ends).to.deep.equal([{ run: 1, outcome: { ok: true } }]);
    expect(turns.busy).to.equal(false);
  });

  it('lets only the newest run land: a superseded run ends silently', async () => {
    const { turns, events, ends } = runner();
    const first = turns.run(request('Hello'));
    const second = turns.run(request('What plans do you have?'));
    expect(turns.latest).to.equal(2);
    await Promise.all([first, second]);
    expect(events.every((e) => e.run === 2)).to.equal(true);
    expect(ends).to.deep.equal([{ run: 2, outcome: { ok: true } }]);
  });

  it('stops a run when its signal aborts, and says so once', async () => {
    const { turns, events, ends } = runner();
    const controller = new AbortController();
    const running = turns.run(request('I would like to talk to sales about a new plan'), controller.signal);
    controller.abort();
    await running;
    expect(ends).to.deep.equal([{ run: 1, outcome: { aborted: true } }]);
    expect(events).to.deep.equal([]);
  });

  it('starts a new conversation with the same input when the server forgot the old one', async () => {
    const { turns, events, ends, restarts } = runner();
    await turns.run(request('Hello', { conversationId: 'conv_AAAAAAAAAAAAAAAAAAAAAA' }));
    expect(restarts).to.deep.equal([1]);
    const start = events.find((e) => e.event.type === 'start')!.event as Extract<TurnEvent, { type: 'start' }>;
    expect(start.conversation_id).to.match(/^conv_/).and.not.equal('conv_AAAAAAAAAAAAAAAAAAAAAA');
    expect(ends[0]!.outcome).to.deep.equal({ ok: true });
  });

  it('classifies a failure: the server\'s code, whether to retry, and how long to wait', async () => {
    const { turns, ends } = runner();
    await turns.run(request('x'.repeat(100_000)));
    expect(ends[0]!.outcome).to.deep.include({ ok: false });
    const failed = ends[0]!.outcome as Extract<TurnOutcome, { ok: false }>;
    expect([failed.error.code, failed.error.retryable]).to.deep.equal(['payload_too_large', false]);
    await turns.run(request('Hello', { api: new ApiClient('http://127.0.0.1:2') }));
    const network = ends[1]!.outcome as Extract<TurnOutcome, { ok: false }>;
    expect([network.error.code, network.error.retryable]).to.deep.equal(['network', true]);
  });
});
