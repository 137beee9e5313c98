/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { getAudioContext, unlockAudio } from '../../src/audio/audio-context.ts';

describe('the shared AudioContext', () => {
  it('is one context for the whole widget', () => {
    expect(getAudioContext()).to.equal(getAudioContext());
  });

  it('unlocks: resumes a suspended context and plays a silent sample', async () => {
    const context = getAudioContext();
    await context.suspend();
    expect(context.state).to.equal('suspended');
    await unlockAudio();
    expect(context.state).to.equal('running');
  });

  it('replaces a context that was closed', async () => {
    const old = getAudioContext();
    await old.close();
    const fresh = getAudioContext();
    expect(fresh).to.not.equal(old);
    expect(fresh.state).to.not.equal('closed');
  });
});
