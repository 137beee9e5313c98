/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { classifyMicFailure, MicController, MicError } from '../../src/controllers/mic-controller.ts';
import { TestHost } from './support/host.ts';

/** A real Lit host, to check the controller follows the element's lifecycle. */
class MicHost extends LitElement {
  readonly mic = new MicController(this);
}
customElements.define('ccw-test-mic-host', MicHost);

/** Replaces getUserMedia for one test (to reach the failure paths the fake device never takes). */
function withGetUserMedia(replacement: MediaDevices['getUserMedia']): () => void {
  const original = navigator.mediaDevices.getUserMedia;
  navigator.mediaDevices.getUserMedia = replacement;
  return () => {
    navigator.mediaDevices.getUserMedia = original;
  };
}

describe('MicController', () => {
  it('opens the fake microphone with echo cancellation, noise suppression and auto gain on', async () => {
    const host = new TestHost();
    const mic = new MicController(host);
    expect(mic.state).to.equal('idle');
    const stream = await mic.start();
    expect(mic.stream).to.equal(stream);
    expect(mic.state).to.equal('live');
    const [track] = stream.getAudioTracks();
    expect(track.readyState).to.equal('live');
    const settings = track.getSettings();
    expect(settings.echoCancellation).to.equal(true);
    expect(settings.noiseSuppression).to.equal(true);
    expect(settings.autoGainControl).to.equal(true);
    expect(settings.channelCount).to.equal(1);
    expect(await mic.start(), 'a second start reuses the stream').to.equal(stream);
    mic.stop();
    expect(track.readyState).to.equal('ended');
    expect(mic.stream).to.equal(undefined);
    expect(host.updates).to.be.at.least(2);
  });

  it('calls getUserMedia synchronously, so the permission prompt keeps the click’s user activation', () => {
    let calls = 0;
    const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    const restore = withGetUserMedia((constraints) => {
      calls++;
      return real(constraints);
    });
    const mic = new MicController(new TestHost());
    let promise: Promise<MediaStream>;
    try {
      promise = mic.start();
      expect(calls).to.equal(1);
    } finally {
      restore();
    }
    return promise.then(() => mic.stop());
  });

  it('mutes by disabling the track and unmutes without asking again', async () => {
    const mic = new MicController(new TestHost());
    mic.setMuted(true);
    const stream = await mic.start();
    expect(mic.muted).to.equal(true);
    expect(stream.getAudioTracks()[0].enabled, 'muted before start stays muted').to.equal(false);
    mic.setMuted(false);
    expect(stream.getAudioTracks()[0].enabled).to.equal(true);
    mic.stop();
  });

  it('releases the microphone when the host element is removed', async () => {
    const el = await fixture<MicHost>(html`<ccw-test-mic-host></ccw-test-mic-host>`);
    const stream = await el.mic.start();
    el.remove();
    expect(stream.getAudioTracks()[0].readyState).to.equal('ended');
    expect(el.mic.stream).to.equal(undefined);
  });

  it('marks the mic ended when the device goes away', async () => {
    const host = new TestHost();
    const mic = new MicController(host);
    const stream = await mic.start();
    const updates = host.updates;
    // What the browser fires when the device is unplugged or the permission revoked.
    stream.getAudioTracks()[0].dispatchEvent(new Event('ended'));
    expect(mic.state).to.equal('ended');
    expect(mic.stream).to.equal(undefined);
    expect(stream.getAudioTracks()[0].readyState).to.equal('ended');
    expect(host.updates).to.be.greaterThan(updates);
  });

  it('releases a stream that arrives after stop()', async () => {
    let resolve!: (stream: MediaStream) => void;
    const real = await navigator.mediaDevices.getUserMedia({ audio: true });
    const restore = withGetUserMedia(() => new Promise((r) => (resolve = r)));
    const mic = new MicController(new TestHost());
    const pending = mic.start().catch((error: unknown) => error);
    restore();
    mic.stop();
    resolve(real);
    expect(await pending).to.be.instanceOf(MicError);
    expect(real.getAudioTracks()[0].readyState).to.equal('ended');
    expect(mic.stream).to.equal(undefined);
  });

  for (const [name, reason] of [
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'not_found'],
    ['OverconstrainedError', 'not_found'],
    ['NotReadableError', 'in_use'],
    ['AbortError', 'in_use'],
    ['TypeError', 'other'],
  ] as const) {
    it(`classifies ${name} as ${reason}`, async () => {
      expect(classifyMicFailure(new DOMException('x', name))).to.equal(reason);
      const restore = withGetUserMedia(() => Promise.reject(new DOMException('Permission dismissed', name)));
      const host = new TestHost();
      const mic = new MicController(host);
      try {
        const error = await mic.start().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(MicError);
        expect((error as MicError).reason).to.equal(reason);
        expect((error as MicError).cause).to.be.instanceOf(DOMException);
        expect(mic.state).to.equal('failed');
        expect(mic.failure).to.equal(reason);
      } finally {
        restore();
      }
    });
  }

  it('reports insecure when the page has no mediaDevices (http: pages)', async () => {
    Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true });
    try {
      const error = await new MicController(new TestHost()).start().catch((e: unknown) => e);
      expect((error as MicError).reason).to.equal('insecure');
    } finally {
      delete (navigator as { mediaDevices?: MediaDevices }).mediaDevices;
    }
    expect(navigator.mediaDevices).to.not.equal(undefined);
  });
});
