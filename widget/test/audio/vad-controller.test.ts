/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { getAudioContext } from '../../src/audio/audio-context.ts';
import { MIC_CONSTRAINTS } from '../../src/controllers/mic-controller.ts';
import { loadVadWorklet, VadController } from '../../src/controllers/vad-controller.ts';
import { sleep, TestHost, WORKLET_URL } from './support/host.ts';
import { rmsDb } from './support/wav.ts';

/** Every URL given to audioWorklet.addModule on this page. */
const addedModules: string[] = [];
const addModule = AudioWorklet.prototype.addModule;
AudioWorklet.prototype.addModule = function (this: AudioWorklet, url: string | URL, options?: WorkletOptions) {
  addedModules.push(String(url));
  return addModule.call(this, url, options);
};

/** Runs the detector on a fresh mic stream, recording its PCM (sample counts mark where each event happened). */
async function listen(options: { hangoverMs?: number; minSpeechMs?: number } = {}) {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: MIC_CONSTRAINTS });
  const host = new TestHost();
  const chunks: Float32Array[] = [];
  const events: { type: 'start' | 'end'; sample: number; at: number }[] = [];
  let samples = 0;
  let rate = 0;
  const vad = new VadController(
    host,
    {
      onSpeechStart: () => events.push({ type: 'start', sample: samples, at: performance.now() }),
      onSpeechEnd: () => events.push({ type: 'end', sample: samples, at: performance.now() }),
      onAudio: (pcm, sampleRate) => {
        chunks.push(pcm);
        samples += pcm.length;
        rate = sampleRate;
      },
    },
    { workletUrl: WORKLET_URL, ...options },
  );
  await vad.start(stream);
  const pcm = () => {
    const all = new Float32Array(samples);
    let offset = 0;
    for (const chunk of chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    return all;
  };
  const close = () => {
    vad.stop();
    for (const track of stream.getTracks()) track.stop();
  };
  return { vad, host, events, pcm, close, rate: () => rate, samples: () => samples };
}

/** 10 ms frame levels (dBFS) of a signal. */
function frameLevels(pcm: Float32Array, rate: number): number[] {
  const frame = Math.round(rate / 100);
  const levels: number[] = [];
  for (let i = 0; i + frame <= pcm.length; i += frame) levels.push(rmsDb(pcm, i, i + frame));
  return levels;
}

/** The first frame above -50 dBFS after 300 ms below -60 dBFS, searching back from `before`; undefined if none. */
function onsetAfterSilence(levels: number[], before: number): number | undefined {
  let quiet = 0;
  for (let k = Math.min(before, levels.length - 1); k >= 0; k--) {
    quiet = levels[k] < -60 ? quiet + 1 : 0;
    if (quiet >= 30) {
      const onset = levels.findIndex((db, i) => i > k && db > -50);
      return onset >= 0 && onset <= before ? onset : undefined;
    }
  }
  return undefined;
}

describe('VadController', () => {
  it('loads the worklet from its file URL, never a blob: URL', async () => {
    const mic = await listen();
    mic.close();
    expect(addedModules).to.have.length(1);
    const url = new URL(addedModules[0]);
    expect(url.protocol).to.equal('http:');
    expect(url.pathname).to.match(/\/widget\/src\/worklet\/vad-processor\.ts$/);
    expect(addedModules.some((u) => u.startsWith('blob:') || u.startsWith('data:'))).to.equal(false);
  });

  it('refuses blob: and data: worklet URLs (strict CSP) and adds a module once per context', async () => {
    const blobUrl = URL.createObjectURL(new Blob(['registerProcessor("x", class {})'], { type: 'text/javascript' }));
    let refused: unknown;
    await loadVadWorklet(getAudioContext(), blobUrl).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(TypeError);
    await loadVadWorklet(getAudioContext(), 'data:text/javascript,').catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(TypeError);
    URL.revokeObjectURL(blobUrl);
    await loadVadWorklet(getAudioContext(), WORKLET_URL);
    expect(addedModules.filter((u) => u.startsWith('blob:') || u.startsWith('data:'))).to.deep.equal([]);
    expect(addedModules).to.have.length(1);
  });

  it('marks speech start and then speech end on the speech fixture, with the PCM to go with them', async function () {
    this.timeout(20_000);
    const mic = await listen();
    const rate = () => mic.rate();
    const frame = () => Math.round(rate() / 100);
    // The fake device loops the fixture and may be mid-phrase when the stream opens: measure the first utterance
    // that began after at least 300 ms of silence.
    let measured: { onset: number; last: number; start: (typeof mic.events)[number]; end: (typeof mic.events)[number] } | undefined;
    const until = performance.now() + 16_000;
    while (!measured && performance.now() < until) {
      await sleep(100);
      const levels = frameLevels(mic.pcm(), rate());
      for (let i = 0; i + 1 < mic.events.length && !measured; i++) {
        const [start, end] = [mic.events[i], mic.events[i + 1]];
        if (start.type !== 'start' || end.type !== 'end') continue;
        const onsetFrame = onsetAfterSilence(levels, Math.floor(start.sample / frame()));
        if (onsetFrame === undefined) continue;
        let last = Math.floor(end.sample / frame()) - 1;
        while (last > 0 && levels[last] <= -50) last--;
        measured = { onset: onsetFrame * frame(), last: (last + 1) * frame(), start, end };
      }
    }
    const types = mic.events.map((e) => e.type);
    mic.close();
    expect(measured, `an utterance with silence before it (events: ${types.join(', ')})`).to.not.equal(undefined);
    const { onset, last, start, end } = measured!;
    expect(types[0]).to.equal('start');
    expect(mic.host.updates).to.be.at.least(2);
    expect(rate()).to.equal(getAudioContext().sampleRate);

    const startLatencyMs = ((start.sample - onset) / rate()) * 1000;
    const endLatencyMs = ((end.sample - last) / rate()) * 1000;
    const spokenSeconds = (last - onset) / rate();
    console.log(
      `VAD on the fixture: speech ${spokenSeconds.toFixed(2)} s; speech start ${startLatencyMs.toFixed(0)} ms after onset, ` +
        `speech end ${endLatencyMs.toFixed(0)} ms after the last speech (hangover 700 ms); the main thread got them ` +
        `${(end.at - start.at).toFixed(0)} ms apart`,
    );
    // minSpeechMs 200 (+ one 10 ms frame) and hangoverMs 700; the phrase is ~3 s of speech.
    expect(startLatencyMs).to.be.within(190, 320);
    expect(endLatencyMs).to.be.within(690, 800);
    expect(spokenSeconds).to.be.within(2.5, 3.5);
  });

  it('stops: no more callbacks, speaking false, nodes released', async function () {
    this.timeout(8_000);
    const mic = await listen({ minSpeechMs: 100 });
    while (!mic.vad.speaking) await sleep(20);
    mic.vad.stop();
    expect(mic.vad.speaking).to.equal(false);
    const samples = mic.samples();
    const events = mic.events.length;
    await sleep(300);
    expect(mic.samples()).to.equal(samples);
    expect(mic.events.length).to.equal(events);
    mic.close();
  });
});
