import { expect } from '@open-wc/testing';
import { micPeak } from './support/mic.ts';

describe('the test runner’s fake microphone', () => {
  it('plays the committed speech WAV', async () => {
    expect(await micPeak(2500)).to.be.greaterThan(0.05);
  });

  it('exposes the loopback servers', () => {
    const globals = (window as unknown as { CCW_TEST: { serverUrl: string; livekitServerUrl: string } }).CCW_TEST;
    expect(globals.serverUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(globals.livekitServerUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
