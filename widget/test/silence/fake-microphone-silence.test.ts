import { expect } from '@open-wc/testing';
import { micPeak } from '../support/mic.ts';

describe('the test runner’s silent fake microphone', () => {
  it('reads a peak of zero', async () => {
    // Chromium's processing leaves a trace of dither (~7e-5) on digital silence.
    expect(await micPeak(1500)).to.be.lessThan(1e-3);
  });
});
