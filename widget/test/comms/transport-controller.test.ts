import { expect } from '@open-wc/testing';
import { ApiClient } from '../../src/api/client.ts';
import type { ServerConfig } from '@call-center-widget/protocol';
import { TransportController, type FallbackReason } from '../../src/controllers/transport-controller.ts';
import { loadLiveKit, type LiveKitModule } from '../../src/transports/livekit-loader.ts';
import { TestHost, testServers } from './support/host.ts';

/** A loader that counts how often livekit-client was asked for. */
function countingLoader() {
  const loader = { calls: 0, load: (): Promise<LiveKitModule> => (loader.calls++, loadLiveKit()) };
  return loader;
}

describe('TransportController', () => {
  const { serverUrl, livekitServerUrl } = testServers();
  let host: TestHost;
  let mic: MediaStream | undefined;

  beforeEach(() => {
    host = new TestHost();
    host.connect();
  });
  afterEach(() => {
    host.disconnect();
    mic?.getTracks().forEach((t) => t.stop());
    mic = undefined;
  });

  async function setup(url: string, options: { timeoutMs?: number } = {}) {
    const api = new ApiClient(url);
    const config: ServerConfig = await api.config();
    const loader = countingLoader();
    const fallbacks: FallbackReason[] = [];
    const transport = new TransportController(host, { onFallback: (r) => fallbacks.push(r) }, { ...options, loadLiveKit: loader.load });
    return { api, config, loader, fallbacks, transport };
  }

  describe('when the server has LiveKit off', () => {
    it('runs direct at once, says nothing, and never loads livekit-client', async () => {
      const { api, config, loader, fallbacks, transport } = await setup(serverUrl);
      expect(transport.mode).to.equal(undefined);
      const started = performance.now();
      expect(await transport.connect({ api, config, mic: undefined, allowLiveKit: true })).to.equal('direct');
      expect(performance.now() - started).to.be.below(50);
      expect([transport.mode, transport.fallbackReason]).to.deep.equal(['direct', 'disabled']);
      expect(fallbacks).to.deep.equal([]);
      expect(loader.calls).to.equal(0);
      transport.publishChat('no-op in direct mode');
    });
  });

  describe('when the page does not allow LiveKit', () => {
    it('runs direct without asking for a token or loading livekit-client', async () => {
      const { api, config, loader, fallbacks, transport } = await setup(livekitServerUrl);
      expect(await transport.connect({ api, config, mic: undefined, allowLiveKit: false })).to.equal('direct');
      expect([transport.mode, transport.fallbackReason, fallbacks, loader.calls]).to.deep.equal(['direct', 'disabled', [], 0]);
    });
  });

  describe('when LiveKit is on but unreachable', () => {
    it('loads livekit-client only then, and falls back to direct in under 4 s with one notice', async () => {
      const { api, config, loader, fallbacks, transport } = await setup(livekitServerUrl);
      expect(config.livekit.enabled).to.equal(true);
      mic = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
      const started = performance.now();
      const connecting = transport.connect({ api, config, mic, allowLiveKit: true, participantName: 'Customer' });
      expect(transport.connecting).to.equal(true);
      const mode = await connecting;
      const elapsed = performance.now() - started;

      console.log(`LiveKit at ws://127.0.0.1:9: fell back (${fallbacks[0]}) after ${Math.round(elapsed)} ms`);
      expect(mode).to.equal('direct');
      expect(elapsed).to.be.below(4000);
      expect(transport.mode).to.equal('direct');
      expect(transport.connecting).to.equal(false);
      expect(fallbacks).to.have.length(1);
      expect(['unreachable', 'timeout']).to.include(fallbacks[0]);
      expect(loader.calls).to.equal(1);
      // The customer's microphone is left alone: the mic controller owns it.
      expect(mic.getAudioTracks()[0]!.readyState).to.equal('live');
      expect(document.querySelectorAll('[data-ccw-remote-audio]')).to.have.length(0);
    });

    it('falls back with timeout when the time runs out first', async () => {
      const { api, config, fallbacks, transport } = await setup(livekitServerUrl, { timeoutMs: 1 });
      const started = performance.now();
      expect(await transport.connect({ api, config, mic: undefined, allowLiveKit: true })).to.equal('direct');
      expect(performance.now() - started).to.be.below(1000);
      expect(fallbacks).to.deep.equal(['timeout']);
    });

    it('falls back with token when the token cannot be had', async () => {
      const { config, fallbacks, transport, loader } = await setup(livekitServerUrl);
      // The LiveKit-off server refuses tokens (livekit_disabled), as a misconfigured deployment would.
      const mode = await transport.connect({ api: new ApiClient(serverUrl), config, mic: undefined, allowLiveKit: true });
      expect([mode, fallbacks, loader.calls]).to.deep.equal(['direct', ['token'], 0]);
    });

    it('never throws, even when livekit-client cannot be loaded', async () => {
      const api = new ApiClient(livekitServerUrl);
      const config = await api.config();
      const fallbacks: FallbackReason[] = [];
      const transport = new TransportController(host, { onFallback: (r) => fallbacks.push(r) }, {
        loadLiveKit: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
      });
      expect(await transport.connect({ api, config, mic: undefined, allowLiveKit: true })).to.equal('direct');
      expect(fallbacks).to.deep.equal(['unreachable']);
    });
  });

  describe('disconnect()', () => {
    it('stops a connect in flight without a fallback notice, and forgets the mode', async () => {
      const api = new ApiClient(livekitServerUrl);
      const config = await api.config();
      const fallbacks: FallbackReason[] = [];
      let loaderCalled!: () => void;
      const called = new Promise<void>((resolve) => (loaderCalled = resolve));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const transport = new TransportController(host, { onFallback: (r) => fallbacks.push(r) }, {
        // Holds the connect at the point where livekit-client is being fetched.
        loadLiveKit: async () => (loaderCalled(), await gate, loadLiveKit()),
      });
      const connecting = transport.connect({ api, config, mic: undefined, allowLiveKit: true });
      await called;
      expect(transport.connecting).to.equal(true);
      await transport.disconnect();
      release();
      expect(await connecting).to.equal('direct');
      expect(fallbacks).to.deep.equal([]);
      expect(transport.mode).to.equal(undefined);
      expect(transport.connecting).to.equal(false);
    });
  });
});
