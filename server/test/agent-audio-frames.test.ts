/** The agent's audio between LiveKit frames and our providers' files: utterances to WAV, replies to frames. */
import { describe, expect, it } from 'vitest';
import { AudioFrame } from '@livekit/rtc-node';
import { encodeWav, parseWav } from '../src/audio/wav.ts';
import { framesToWav, synthesizedFrames, withoutLeadIn } from '../src/agent/audio-frames.ts';

/** `ms` of a 440 Hz tone at `level` (0..1) after `quietMs` of silence, at `rate`. */
function toneAfterQuiet(quietMs: number, ms: number, rate: number, level = 0.5): Int16Array {
  const quiet = Math.round((rate * quietMs) / 1000);
  const pcm = new Int16Array(quiet + Math.round((rate * ms) / 1000));
  for (let i = quiet; i < pcm.length; i++) pcm[i] = Math.round(level * 32767 * Math.sin((2 * Math.PI * 440 * (i - quiet)) / rate));
  return pcm;
}

describe('the agent’s audio frames', () => {
  it('cuts a voice’s quiet lead-in to 40 ms, so the customer does not wait through it', async () => {
    // Flite pads each sentence with about 230 ms of silence before its first sound.
    const wav = encodeWav(toneAfterQuiet(230, 300, 16_000), 16_000);
    const frames = await synthesizedFrames({ data: wav, format: 'wav', voice: 'test' }, 24_000);
    expect(frames.every((f) => f.sampleRate === 24_000 && f.samplesPerChannel === 480)).toBe(true);
    const pcm = Int16Array.from(frames.flatMap((f) => [...f.data]));
    const firstSound = pcm.findIndex((v) => Math.abs(v) > 104);
    expect((firstSound / 24_000) * 1000).toBeGreaterThan(30);
    expect((firstSound / 24_000) * 1000).toBeLessThan(50);
    // Nothing of the sound itself is lost (300 ms of tone, give or take the resampler's edges).
    expect(pcm.length / 24_000).toBeGreaterThan(0.33);
    expect(pcm.length / 24_000).toBeLessThan(0.37);
  });

  it('leaves silence alone, and keeps a lead-in shorter than 40 ms', () => {
    const silent = new Int16Array(1600);
    expect(withoutLeadIn(silent, 16_000)).toBe(silent);
    const short = toneAfterQuiet(10, 100, 16_000);
    expect(withoutLeadIn(short, 16_000).length).toBe(short.length);
  });

  it('turns the VAD’s frames of an utterance into one mono WAV at their rate', () => {
    const stereo = new Int16Array(320 * 2).map((_, i) => (i % 2 === 0 ? 1000 : 3000));
    const wav = parseWav(framesToWav([new AudioFrame(stereo, 16_000, 2, 320), new AudioFrame(stereo, 16_000, 2, 320)]));
    expect(wav.sampleRate).toBe(16_000);
    expect(wav.samples.length).toBe(640);
    expect(Math.round(wav.samples[0]! * 32768)).toBe(2000);
  });
});
