/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { bandLevels, logBands, rmsLevel } from '../../src/audio/band-levels.ts';
import { LevelController } from '../../src/controllers/level-controller.ts';
import { MIC_CONSTRAINTS } from '../../src/controllers/mic-controller.ts';
import { sleep, TestHost } from './support/host.ts';
import { sine } from './support/wav.ts';

describe('LevelController', () => {
  it('moves the 20 bars and the level with the speech fixture', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: MIC_CONSTRAINTS });
    const host = new TestHost();
    const meter = new LevelController(host);
    expect(meter.bars).to.have.length(20);
    meter.start(stream);
    let mostBarsUp = 0;
    let loudest = 0;
    const barPeaks = new Array<number>(20).fill(0);
    const snapshots = new Set<readonly number[]>();
    const until = performance.now() + 3_000;
    while (performance.now() < until) {
      await new Promise((r) => requestAnimationFrame(r));
      snapshots.add(meter.bars);
      mostBarsUp = Math.max(mostBarsUp, meter.bars.filter((v) => v > 0.1).length);
      loudest = Math.max(loudest, meter.level);
      meter.bars.forEach((v, i) => (barPeaks[i] = Math.max(barPeaks[i], v)));
      for (const v of meter.bars) expect(v).to.be.within(0, 1);
    }
    console.log(`equalizer over 3 s of speech: up to ${mostBarsUp} bars > 0.1 at once, level peak ${loudest.toFixed(2)}, ` +
      `${snapshots.size} distinct frames, ${host.updates} host updates; per-bar peaks ${barPeaks.map((v) => v.toFixed(2)).join(' ')}`);
    expect(mostBarsUp).to.be.at.least(5);
    expect(loudest).to.be.greaterThan(0.4);
    expect(snapshots.size, 'bars changed frame after frame').to.be.greaterThan(30);
    expect(host.updates).to.be.greaterThan(30);

    meter.stop();
    expect(meter.bars.every((v) => v === 0)).to.equal(true);
    expect(meter.level).to.equal(0);
    const updates = host.updates;
    await sleep(200);
    expect(host.updates, 'the frame loop stopped').to.equal(updates);
    for (const track of stream.getTracks()) track.stop();
  });

  it('honours the bars option and releases on disconnect', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: MIC_CONSTRAINTS });
    const host = new TestHost();
    const meter = new LevelController(host, { bars: 8 });
    meter.start(stream);
    expect(meter.running).to.equal(true);
    expect(meter.bars).to.have.length(8);
    host.disconnect();
    expect(meter.running).to.equal(false);
    for (const track of stream.getTracks()) track.stop();
  });
});

describe('band levels', () => {
  it('spaces 20 bands logarithmically from 80 Hz to 8 kHz', () => {
    const bands = logBands(20, 48_000, 512);
    const binHz = 48_000 / 512;
    expect(bands[0].from * binHz).to.be.closeTo(80, 0.01);
    expect(bands[19].to * binHz).to.be.closeTo(8000, 0.01);
    for (let i = 1; i < 20; i++) {
      expect(bands[i].from).to.be.closeTo(bands[i - 1].to, 1e-9);
      // Equal ratios: each band is the same number of octaves wide.
      expect(bands[i].to / bands[i].from).to.be.closeTo(bands[0].to / bands[0].from, 1e-9);
    }
  });

  it('maps decibels to 0..1 and keeps digital silence at 0', () => {
    const bands = logBands(20, 48_000, 512);
    const spectrum = new Float32Array(256).fill(-Infinity);
    const out: number[] = [];
    bandLevels(spectrum, bands, -90, -30, out);
    expect(out.every((v) => v === 0)).to.equal(true);
    spectrum.fill(-60);
    bandLevels(spectrum, bands, -90, -30, out);
    for (const v of out) expect(v).to.be.closeTo(0.5, 1e-6);
    spectrum.fill(-10);
    bandLevels(spectrum, bands, -90, -30, out);
    expect(out.every((v) => v === 1)).to.equal(true);
    // A 1 kHz peak lights the band that holds 1 kHz, not its neighbours far away.
    spectrum.fill(-120);
    const bin = Math.round(1000 / (48_000 / 512));
    spectrum[bin] = -40;
    bandLevels(spectrum, bands, -90, -30, out);
    const lit = out.map((v, i) => (v > 0 ? i : -1)).filter((i) => i >= 0);
    expect(lit).to.have.length(1);
    expect(bands[lit[0]].from).to.be.at.most(bin);
    expect(bands[lit[0]].to).to.be.greaterThan(bin);
  });

  it('reads the RMS level on a dB scale', () => {
    expect(rmsLevel(new Float32Array(512))).to.equal(0);
    // A full-scale sine is -3 dBFS RMS.
    expect(rmsLevel(sine(440, 0.1, 48_000, 1))).to.be.closeTo(57 / 60, 0.01);
    expect(rmsLevel(sine(440, 0.1, 48_000, 0.001))).to.equal(0);
  });
});
