/// <reference types="mocha" />
import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { emulateMedia, resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import type { CallCenterWidget } from '../../src/call-center-widget.ts';
import type { CallState } from '../../src/types.ts';
import type { CcwLatencyEvent, CcwStateEvent } from '../../src/events/index.ts';
import { agentReply, mount, noticeText, part, parts, record, REPLIES, servers } from './helpers.ts';

/** The few internals these tests observe to prove real audio (the session is private to the element). */
interface Internals {
  session: { playback: { playing: boolean; playedCount: number }; voice: { talking: boolean } };
}
const internals = (el: CallCenterWidget): Internals['session'] => (el as unknown as { call: Internals }).call.session;

/** The equalizer shows the microphone (a call, not muted), not its resting wave. */
const live = (el: CallCenterWidget): boolean => part(el, '[part="equalizer"]').classList.contains('active');

function waitForState(el: CallCenterWidget, state: CallState, timeout = 20_000): Promise<void> {
  // With push-to-talk, a listening call says what to do instead.
  const shown = (): string | null => part(el, '.status').textContent;
  return waitUntil(() => shown() === statusText[state] || (state === 'listening' && shown() === 'Hold to talk'), `state ${state}`, { timeout });
}
const statusText: Record<CallState, string> = {
  idle: 'Ready',
  connecting: 'Connecting…',
  listening: 'Listening',
  thinking: 'Thinking…',
  speaking: 'Speaking',
  ended: 'Call ended',
  error: 'Something went wrong',
};

/** Replaces getUserMedia for one test; returns how often it was called and a restore function. */
function stubGetUserMedia(impl?: () => Promise<MediaStream>): { calls: () => number; restore: () => void } {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia;
  let count = 0;
  devices.getUserMedia = function (this: MediaDevices, constraints?: MediaStreamConstraints) {
    count++;
    return impl ? impl() : original.call(this, constraints);
  };
  return { calls: () => count, restore: () => (devices.getUserMedia = original) };
}

describe('<call-center-widget> calls', function () {
  this.timeout(45_000);

  it('asks for no microphone when the page cancels ccw-call-start', async () => {
    const el = await mount({ open: true });
    const gum = stubGetUserMedia();
    const ends = record('ccw-call-end');
    const starts = record('ccw-call-start');
    const cancel = (e: Event): void => e.preventDefault();
    document.addEventListener('ccw-call-start', cancel);
    try {
      part<HTMLButtonElement>(el, '.call').click();
      await waitUntil(() => starts.events.length === 1, 'ccw-call-start');
      expect(starts.events[0]!.cancelable).to.equal(true);
      await aTimeout(200);
      expect(gum.calls()).to.equal(0);
      expect(part(el, '.status').textContent).to.equal('Ready');
      expect(part(el, '.call').textContent).to.contain('Start call');
      expect(ends.events.length).to.equal(0);
    } finally {
      document.removeEventListener('ccw-call-start', cancel);
      gum.restore();
      ends.stop();
      starts.stop();
    }
  });

  // In-browser, denial is simulated by making getUserMedia reject as Chromium does when the site is blocked:
  // a DOMException named NotAllowedError (the fake-media flags otherwise grant the microphone).
  it('explains how to allow a denied microphone, and text chat still works', async () => {
    const gum = stubGetUserMedia(() => Promise.reject(new DOMException('Permission denied', 'NotAllowedError')));
    const errors = record('ccw-error');
    try {
      const el = await mount({ open: true, 'text-only': true });
      part<HTMLButtonElement>(el, '.call').click();
      await waitUntil(() => noticeText(el).includes('Microphone access is blocked'), 'the recovery message');
      expect(noticeText(el)).to.match(/lock or camera icon in the address bar.*Site settings.*Allow/);
      expect(noticeText(el)).to.contain('chatting by text');
      expect(errors.events[0]!.detail).to.include({ code: 'microphone_denied' });
      expect(part(el, '.status').textContent).to.equal('Ready');
      expect(gum.calls()).to.equal(1);

      await el.sendMessage('hello');
      expect((await agentReply(el)).length).to.be.greaterThan(5);
      await expect(el).to.be.accessible();
    } finally {
      gum.restore();
      errors.stop();
    }
  });

  // The fake microphone loops the phrase every ~4.5 s, so the customer "speaks again" shortly after each
  // utterance: the test mutes once a whole utterance has gone out (nothing barges in on the reply), and
  // unmutes during the reply so the next loop of the phrase barges in through real voice activity detection.
  it('runs a hands-free voice turn (transcript, reply, audio, latency) and barges in when the customer speaks again', async () => {
    const el = await mount({ open: true });
    const starts = record('ccw-call-start');
    const transcripts = record('ccw-transcript');
    const latencies = record('ccw-latency');
    const states = record('ccw-state');
    const ends = record('ccw-call-end');
    try {
      part<HTMLButtonElement>(el, '.call').click();
      await waitForState(el, 'listening', 10_000);
      expect(starts.events[0]!.detail).to.deep.equal({ handsFree: true });
      expect(el.shadowRoot!.querySelector('.talk')).to.equal(null, 'no push-to-talk when hands-free');

      // The equalizer follows the speech fixture.
      await waitUntil(() => live(el) && parts(el, '.bar').some((b) => Number(b.style.getPropertyValue('--level')) > 0.6), 'bars move with speech', { timeout: 8000 });
      expect(parts(el, '.bar').length).to.equal(20);

      // The first utterance may have started before voice activity was listening (cut short, so not understood);
      // the second one is the whole phrase. Mute as soon as it has gone out.
      let utterances = 0;
      const muteOnSecond = (e: CcwStateEvent): void => {
        if (e.detail.state === 'thinking' && e.detail.previous === 'listening' && ++utterances === 2) el.setMuted(true);
      };
      document.addEventListener('ccw-state', muteOnSecond);
      await waitUntil(() => utterances >= 2, 'two utterances', { timeout: 15_000 });
      document.removeEventListener('ccw-state', muteOnSecond);
      await waitUntil(() => transcripts.events.length > 0, 'a transcript', { timeout: 20_000 });
      expect(transcripts.events[0]!.detail).to.deep.equal({ text: 'i would like to talk to sales about a new plan', language: 'en' });
      expect(parts(el, '.row.customer .bubble')[0]!.textContent).to.equal('i would like to talk to sales about a new plan');
      await waitForState(el, 'speaking');
      expect(parts(el, REPLIES).length).to.be.greaterThan(0);
      await waitUntil(() => internals(el).playback.playedCount > 0, 'a sentence played to the end', { timeout: 20_000 });
      // Timings of the understood turn (a first utterance cut short is answered as not understood, untimed).
      const heard = (): CcwLatencyEvent | undefined => latencies.events.find((e) => e.detail.speech_end_to_transcript_ms !== undefined);
      await waitUntil(() => heard() !== undefined, 'turn timings', { timeout: 20_000 });
      const latency = heard()!.detail;
      expect(latency.speech_end_to_transcript_ms).to.be.a('number');
      expect(latency.speech_end_to_first_text_ms).to.be.a('number');
      expect(latency.speech_end_to_first_audio_ms).to.be.a('number');
      expect(latency.server).to.be.an('object');
      expect(part(el, '.duration').textContent).to.match(/^\d\d:\d\d$/);
      await expect(el).to.be.accessible();

      // Barge-in: the customer speaks while the (long, transferred) reply is still playing.
      expect(internals(el).playback.playing).to.equal(true);
      el.setMuted(false);
      await waitUntil(() => !internals(el).playback.playing, 'playback stops when the customer speaks', { timeout: 10_000 });
      expect(part(el, '.status').textContent).to.not.equal('Speaking');
      expect(states.events.map((e) => e.detail.state)).to.include.members(['connecting', 'listening', 'thinking', 'speaking']);

      el.endCall();
      await el.updateComplete;
      expect(ends.events.length).to.equal(1);
      expect(ends.events[0]!.detail.durationSeconds).to.be.greaterThan(0);
      expect(part(el, '.status').textContent).to.equal('Call ended');
    } finally {
      for (const r of [starts, transcripts, latencies, states, ends]) r.stop();
      el.endCall();
    }
  });

  it('plays the reply audio to the end', async () => {
    const el = await mount({ open: true });
    // Typed, and not in a call: nothing interrupts the agent.
    await el.sendMessage('hello');
    await waitUntil(() => internals(el).playback.playedCount > 0, 'a sentence played to the end', { timeout: 20_000 });
  });

  it('barges in: holding push-to-talk while the agent speaks stops the audio and the turn at once', async () => {
    const el = await mount({ open: true, 'push-to-talk': true });
    part<HTMLButtonElement>(el, '.call').click();
    await waitForState(el, 'listening', 10_000);
    const talk = part<HTMLButtonElement>(el, '.talk');
    expect(talk.textContent).to.contain('Hold to talk');

    await el.sendMessage('I would like to talk to sales about a new plan');
    await waitForState(el, 'speaking');
    talk.focus();
    await sendKeys({ down: 'Space' });
    await el.updateComplete;
    expect(internals(el).playback.playing).to.equal(false);
    expect(part(el, '.status').textContent).to.not.equal('Speaking');
    expect(internals(el).voice.talking).to.equal(true);
    expect(talk.textContent).to.contain('Release to send');
    await aTimeout(300);
    await sendKeys({ up: 'Space' });
    await el.updateComplete;
    expect(internals(el).voice.talking).to.equal(false);
    el.endCall();
  });

  it('records while push-to-talk is held with the pointer and sends the utterance on release', async () => {
    const el = await mount({ open: true, 'push-to-talk': true });
    const states = record('ccw-state');
    try {
      part<HTMLButtonElement>(el, '.call').click();
      await waitForState(el, 'listening', 10_000);
      const r = part(el, '.talk').getBoundingClientRect();
      await sendMouse({ type: 'move', position: [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)] });
      await sendMouse({ type: 'down' });
      await el.updateComplete;
      expect(internals(el).voice.talking).to.equal(true);
      expect(part(el, '.talk').textContent).to.contain('Release to send');
      await aTimeout(1500);
      await sendMouse({ type: 'up' });
      await el.updateComplete;
      expect(internals(el).voice.talking).to.equal(false);
      await waitUntil(() => states.events.some((e) => e.detail.state === 'thinking'), 'the utterance went out');
    } finally {
      await resetMouse();
      states.stop();
      el.endCall();
    }
  });

  it('mutes and unmutes with an aria-pressed toggle', async () => {
    const el = await mount({ open: true });
    part<HTMLButtonElement>(el, '.call').click();
    await waitForState(el, 'listening', 10_000);
    const mute = part<HTMLButtonElement>(el, '.toggle');
    expect(mute.getAttribute('aria-pressed')).to.equal('false');
    mute.click();
    await el.updateComplete;
    expect(mute.getAttribute('aria-pressed')).to.equal('true');
    expect(part(el, '[part="equalizer"] .sr-only').textContent).to.equal('Microphone off');
    el.setMuted(false);
    await el.updateComplete;
    expect(mute.getAttribute('aria-pressed')).to.equal('false');
    el.endCall();
  });

  it('falls back to a direct connection when LiveKit is unreachable, and says so in one line', async () => {
    const el = await mount({ open: true, 'server-url': servers.livekitServerUrl });
    part<HTMLButtonElement>(el, '.call').click();
    await waitForState(el, 'listening', 15_000);
    await waitUntil(() => noticeText(el) === 'Your call continues here.', 'the fallback notice', { timeout: 10_000 });
    el.endCall();
  });

  it('keeps the bars showing the level without transitions under prefers-reduced-motion', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      const el = await mount({ open: true });
      part<HTMLButtonElement>(el, '.call').click();
      await waitForState(el, 'listening', 10_000);
      await waitUntil(() => live(el) && parts(el, '.bar').some((b) => Number(b.style.getPropertyValue('--level')) > 0.6), 'bars move', { timeout: 8000 });
      expect(getComputedStyle(parts(el, '.bar')[0]!).transitionDuration).to.equal('0s');
      await waitUntil(() => part(el, '[part="equalizer"] .sr-only').textContent === 'Microphone level: speaking', 'level text', { timeout: 8000 });
      el.endCall();
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });
});
