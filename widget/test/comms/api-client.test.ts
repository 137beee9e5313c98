import { expect } from '@open-wc/testing';
import { ApiClient, ApiError, parseRetryAfter } from '../../src/api/client.ts';
import type { TurnEvent } from '@call-center-widget/protocol';
import { testServers } from './support/host.ts';

// Port 2 on loopback: nothing listens there, and it is not on Chromium's list of blocked ports.
const NOWHERE = 'http://127.0.0.1:2';

async function failure(work: () => Promise<unknown>): Promise<ApiError> {
  try {
    await work();
  } catch (err) {
    expect(err).to.be.instanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error('expected an ApiError');
}

async function drain(events: AsyncIterable<TurnEvent>): Promise<TurnEvent[]> {
  const out: TurnEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('ApiClient', () => {
  const { serverUrl, livekitServerUrl } = testServers();

  describe('base URL', () => {
    it('joins paths safely, with or without a trailing slash, and keeps a path prefix', () => {
      expect(new ApiClient(serverUrl).baseUrl).to.equal(`${serverUrl}/`);
      expect(new ApiClient(`${serverUrl}/`).baseUrl).to.equal(`${serverUrl}/`);
      expect(new ApiClient('https://example.com/support?x=1#y').baseUrl).to.equal('https://example.com/support/');
      expect(new ApiClient('/').baseUrl).to.equal(`${location.origin}/`);
    });

    it('refuses a URL that is not http(s) with a clear code instead of fetching it', async () => {
      const client = new ApiClient('javascript:alert(1)');
      expect(client.baseUrl).to.equal(undefined);
      const err = await failure(() => client.config());
      expect(err.code).to.equal('invalid_server_url');
    });
  });

  describe('config()', () => {
    it('reads what the server offers, LiveKit off', async () => {
      const config = await new ApiClient(serverUrl).config();
      expect(config.livekit).to.deep.equal({ enabled: false, url: null });
      expect(config.personas.map((p) => p.id)).to.deep.equal(['reception', 'sales', 'complaints']);
      expect(config.personas[1]!.name.en).to.equal('Sales');
      expect(config.languages).to.include.members(['en', 'ar']);
      expect(config.limits.max_text_chars).to.be.a('number');
      expect(config.tts).to.have.property('default_voice');
      expect(config.stt).to.have.property('available');
      expect(config.chat.available).to.equal(true);
    });

    it('reads LiveKit on from the second server', async () => {
      const config = await new ApiClient(livekitServerUrl).config();
      // With LiveKit, the AI agent is dispatched to each call unless LIVEKIT_AGENT=off.
      expect(config.livekit).to.deep.equal({ enabled: true, url: 'ws://127.0.0.1:9', agent: true });
    });
  });

  describe('token()', () => {
    it('gets a LiveKit token and a call handle when LiveKit is on', async () => {
      const token = await new ApiClient(livekitServerUrl).token({ participant_name: 'Customer' });
      expect(token.server_url).to.equal('ws://127.0.0.1:9');
      expect(token.participant_token).to.equal(token.token).and.to.have.length.greaterThan(20);
      expect(token.call_handle).to.be.a('string').and.not.equal('');
      const again = await new ApiClient(livekitServerUrl).token({ call_handle: token.call_handle });
      expect(again.room_name).to.equal(token.room_name);
    });

    it('says livekit_disabled when LiveKit is off', async () => {
      const err = await failure(() => new ApiClient(serverUrl).token({}));
      expect([err.code, err.status]).to.deep.equal(['livekit_disabled', 503]);
    });
  });

  describe('conversation()', () => {
    it('streams start, deltas and done for a typed turn', async () => {
      const events = await drain(new ApiClient(serverUrl).conversation({ message: 'Hello' }));
      expect(events[0]!.type).to.equal('start');
      expect(events.filter((e) => e.type === 'delta').length).to.be.greaterThan(0);
      const done = events.at(-1)!;
      expect(done.type).to.equal('done');
      if (done.type !== 'done' || events[0]!.type !== 'start') return;
      expect(done.conversation_id).to.equal(events[0]!.conversation_id);
      const text = events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');
      expect(text.trim()).to.equal(done.response);
      expect(done.timings_ms.total).to.be.a('number');
    });

    it('turns a 400 into an ApiError with the server’s code and message', async () => {
      const err = await failure(() => drain(new ApiClient(serverUrl).conversation({ message: '   ' })));
      expect([err.code, err.status]).to.deep.equal(['empty_field', 400]);
      expect(err.message).to.equal('The field "message" must not be empty.');
    });

    it('turns an unknown conversation into conversation_not_found (404)', async () => {
      const err = await failure(() =>
        drain(new ApiClient(serverUrl).conversation({ message: 'Hello', conversation_id: 'conv_AAAAAAAAAAAAAAAAAAAAAA' })),
      );
      expect([err.code, err.status]).to.deep.equal(['conversation_not_found', 404]);
    });

    it('says aborted when its signal is aborted mid-stream', async () => {
      const controller = new AbortController();
      const err = await failure(async () => {
        for await (const e of new ApiClient(serverUrl).conversation({ message: 'Hello' }, controller.signal)) {
          if (e.type === 'start') controller.abort();
        }
      });
      expect(err.code).to.equal('aborted');
    });
  });

  describe('when the server cannot be reached', () => {
    it('says network, with a message for the customer', async () => {
      const err = await failure(() => new ApiClient(NOWHERE).config());
      expect([err.code, err.status, err.message]).to.deep.equal(['network', 0, 'The support server could not be reached.']);
    });
  });

  describe('error bodies the test servers cannot produce', () => {
    // The loopback servers allow every origin and have generous rate limits, so these two answers are made here
    // as real Response objects; everything else in this file talks to the real server.
    const realFetch = window.fetch;
    afterEach(() => {
      window.fetch = realFetch;
    });

    it('passes a refused origin through with its code (the server lets the refused page read it)', async () => {
      window.fetch = async () =>
        Response.json(
          { error: { code: 'origin_not_allowed', message: 'This assistant is not enabled for https://shop.example.' } },
          { status: 403 },
        );
      const err = await failure(() => drain(new ApiClient(serverUrl).conversation({ message: 'Hi' })));
      expect([err.code, err.status]).to.deep.equal(['origin_not_allowed', 403]);
      expect(err.message).to.contain('not enabled');
    });

    it('takes the wait from retry_after_seconds, else from Retry-After, and copes with a body that is not JSON', async () => {
      window.fetch = async () =>
        Response.json({ error: { code: 'rate_limited', message: 'Too many requests.', retry_after_seconds: 7 } }, { status: 429, headers: { 'Retry-After': '12' } });
      const counted = await failure(() => new ApiClient(serverUrl).config());
      expect([counted.code, counted.status, counted.retryAfterSeconds]).to.deep.equal(['rate_limited', 429, 7]);
      window.fetch = async () =>
        Response.json({ error: { code: 'rate_limited', message: 'Too many requests.' } }, { status: 429, headers: { 'Retry-After': '12' } });
      const limited = await failure(() => new ApiClient(serverUrl).config());
      expect([limited.code, limited.status, limited.retryAfterSeconds]).to.deep.equal(['rate_limited', 429, 12]);
      // A proxy's error page in front of a server that is down.
      window.fetch = async () => new Response('<html>Bad gateway</html>', { status: 502 });
      const proxy = await failure(() => new ApiClient(serverUrl).config());
      expect([proxy.code, proxy.status, proxy.retryAfterSeconds]).to.deep.equal(['network', 502, undefined]);
    });

    it('parses Retry-After as seconds or as an HTTP date', () => {
      expect(parseRetryAfter('30')).to.equal(30);
      expect(parseRetryAfter(null)).to.equal(undefined);
      expect(parseRetryAfter('soon')).to.equal(undefined);
      const inAMinute = new Date(Date.now() + 60_000).toUTCString();
      expect(parseRetryAfter(inAMinute)).to.be.within(58, 61);
    });
  });
});
