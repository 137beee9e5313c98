/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { getAudioContext } from '../../src/audio/audio-context.ts';
import { LevelController } from '../../src/controllers/level-controller.ts';
import { MIC_CONSTRAINTS } from '../../src/controllers/mic-controller.ts';
import { VadController } from '../../src/controllers/vad-controller.ts';
import { sleep, TestHost, WORKLET_URL } from '../audio/support/host.ts';

describe('the audio controllers on a silent microphone', () => {
  it('keep all 20 bars and the level flat', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: MIC_CONSTRAINTS });
    const meter = new LevelController(new TestHost());
    meter.start(stream);
    let highestBar = 0;
    let highestLevel = 0;
    let frames = 0;
    const until = performance.now() + 3_000;
    while (performance.now() < until) {
      await new Promise((r) => requestAnimationFrame(r));
      frames++;
      highestBar = Math.max(highestBar, ...meter.bars);
      highestLevel = Math.max(highestLevel, meter.level);
    }
    meter.stop();
    for (const track of stream.getTracks()) track.stop();
    console.log(`silent mic over 3 s: ${frames} frames, highest bar ${highestBar}, highest level ${highestLevel}`);
    expect(frames).to.be.greaterThan(60);
    expect(meter.bars).to.have.length(20);
    expect(highestBar).to.be.lessThan(0.02);
    expect(highestLevel).to.be.lessThan(0.02);
  });

  it('never detects speech, while the worklet does run', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: MIC_CONSTRAINTS });
    const events: string[] = [];
    let samples = 0;
    let peak = 0;
    const vad = new VadController(
      new TestHost(),
      {
        onSpeechStart: () => events.push('start'),
        onSpeechEnd: () => events.push('end'),
        onAudio: (pcm) => {
          samples += pcm.length;
          for (const v of pcm) peak = Math.max(peak, Math.abs(v));
        },
      },
      { workletUrl: WORKLET_URL },
    );
    await vad.start(stream);
    await sleep(3_000);
    const rate = getAudioContext().sampleRate;
    vad.stop();
    for (const track of stream.getTracks()) track.stop();
    console.log(`silent mic over 3 s: ${(samples / rate).toFixed(2)} s of PCM through the worklet, peak ${peak}, events ${events.length}`);
    expect(samples / rate, 'the worklet processed the stream').to.be.greaterThan(2.5);
    expect(events).to.deep.equal([]);
    expect(vad.speaking).to.equal(false);
  });
});
