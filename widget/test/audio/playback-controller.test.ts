/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import { PlaybackController } from '../../src/controllers/playback-controller.ts';
import { sleep, TestHost } from './support/host.ts';
import { toneBase64 } from './support/wav.ts';

/** A playback queue with its callbacks recorded, and the order in which sentences were heard. */
function queue() {
  const host = new TestHost();
  const log: string[] = [];
  const playback = new PlaybackController(host, {
    onStart: () => log.push('start'),
    onIdle: () => log.push('idle'),
  });
  const heard: number[] = [];
  let watching = true;
  const watch = () => {
    const index = playback.currentIndex;
    if (index !== undefined && heard[heard.length - 1] !== index) heard.push(index);
    if (watching) requestAnimationFrame(watch);
  };
  watch();
  return { host, log, playback, heard, done: () => (watching = false) };
}

const A = toneBase64(440, 0.2);
const B = toneBase64(660, 0.2);

describe('PlaybackController', () => {
  it('plays two sentences in order, back to back, to the end', async () => {
    const q = queue();
    const started = performance.now();
    q.playback.enqueue(1, 0, A);
    q.playback.enqueue(1, 1, B);
    await waitUntil(() => q.playback.playedCount === 2, 'both sentences played', { timeout: 3_000 });
    const elapsed = performance.now() - started;
    q.done();
    console.log(`two 200 ms sentences played in ${elapsed.toFixed(0)} ms`);
    expect(elapsed, 'real playback lasts as long as the audio').to.be.within(390, 2_000);
    expect(q.heard).to.deep.equal([0, 1]);
    await waitUntil(() => !q.playback.playing);
    expect(q.log).to.deep.equal(['start', 'idle']);
    expect(q.host.updates).to.be.at.least(3);
  });

  it('waits for sentence 0 when sentence 1 arrives first', async () => {
    const q = queue();
    q.playback.enqueue(1, 1, B);
    await sleep(150);
    expect(q.playback.playing, 'nothing plays out of order').to.equal(false);
    expect(q.log).to.deep.equal([]);
    q.playback.enqueue(1, 0, A);
    await waitUntil(() => q.playback.playedCount === 2, 'both played', { timeout: 3_000 });
    q.done();
    expect(q.heard).to.deep.equal([0, 1]);
  });

  it('stops at once on stop(): not playing, idle, nothing more counted or played', async () => {
    const q = queue();
    q.playback.enqueue(1, 0, toneBase64(440, 1));
    q.playback.enqueue(1, 1, toneBase64(660, 1));
    await waitUntil(() => q.playback.playing, 'playing', { timeout: 2_000 });
    await sleep(200);
    q.playback.stop();
    expect(q.playback.playing).to.equal(false);
    expect(q.log).to.deep.equal(['start', 'idle']);
    // A late sentence of the stopped turn is dropped too (barge-in aborted that turn).
    q.playback.enqueue(1, 2, A);
    await sleep(1_200);
    q.done();
    expect(q.playback.playedCount).to.equal(0);
    expect(q.playback.playing).to.equal(false);
    expect(q.heard).to.deep.equal([0]);
    // The next turn plays normally.
    q.playback.enqueue(2, 0, A);
    await waitUntil(() => q.playback.playedCount === 1, 'next turn played', { timeout: 2_000 });
  });

  it('ignores turns older than the newest, and a newer turn replaces the old one', async () => {
    const q = queue();
    q.playback.enqueue(5, 0, toneBase64(440, 1));
    await waitUntil(() => q.playback.playing, 'playing', { timeout: 2_000 });
    q.playback.enqueue(4, 1, A);
    q.playback.enqueue(6, 0, A);
    await waitUntil(() => q.playback.playedCount === 1, 'turn 6 played', { timeout: 2_000 });
    await sleep(100);
    q.done();
    expect(q.playback.playing).to.equal(false);
    expect(q.log).to.deep.equal(['start', 'idle', 'start', 'idle']);
  });

  it('skips a sentence that cannot be decoded and keeps the order', async () => {
    const q = queue();
    q.playback.enqueue(1, 2, B);
    q.playback.enqueue(1, 1, btoa('this is not audio at all'));
    q.playback.enqueue(1, 0, A);
    q.playback.enqueue(1, 3, 'not base64 ***');
    await waitUntil(() => q.playback.playedCount === 2, 'the two good sentences played', { timeout: 3_000 });
    q.done();
    expect(q.heard).to.deep.equal([0, 2]);
  });

  it('stops when the host is disconnected', async () => {
    const q = queue();
    q.playback.enqueue(1, 0, toneBase64(440, 1));
    await waitUntil(() => q.playback.playing, 'playing', { timeout: 2_000 });
    q.host.disconnect();
    q.done();
    expect(q.playback.playing).to.equal(false);
    expect(q.log).to.deep.equal(['start', 'idle']);
  });
});
