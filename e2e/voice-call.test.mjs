// A whole spoken call on the demo site: the fake microphone says "i would like to talk to sales about a new
// plan" (the committed speech WAV, looped by Chromium), the server's offline recognizer transcribes it, the
// reply streams into the log, its audio plays in the page, reception hands over to sales, and the call ends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newPage, SPEECH_TEXT, useDemo } from './support/harness.mjs';
import { audioPlayed, events, microphoneUse, openPanel, replyMatching, waitForEvent, waitForSoundPlayed } from './support/widget.mjs';

describe('a voice call on the demo site', () => {
  const demo = useDemo();

  it('transcribes the customer, streams and speaks the reply, transfers to sales and ends cleanly', async () => {
    const page = await newPage(demo.browser);
    const turns = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/api/voice-turn')) turns.push(response);
    });
    await page.goto(`${demo.server.url}/`);
    const w = await openPanel(page);
    await page.evaluate(({ phrase }) => {
      const el = document.querySelector('call-center-widget');
      // The README's Quick start, as written: no attribute to set. Calls are hands-free by default, so voice
      // activity ends the utterance where the speaker pauses. The fake microphone repeats the phrase every 5 s. A customer stops talking once they have asked; muting
      // when the phrase has been understood keeps the next repetition from barging in on the reply.
      // (A customer would simply stop talking.)
      document.addEventListener('ccw-transcript', (e) => {
        if (e.detail.text === phrase) el.setMuted(true);
      });
      window.__ccwWatchBubbles('call-center-widget');
    }, { phrase: SPEECH_TEXT });

    await w.callButton.click();
    assert.deepEqual((await waitForEvent(page, 'ccw-call-start')).detail, { handsFree: true });
    await waitForEvent(page, 'ccw-state', { state: 'listening' }, 10_000);
    assert.equal(await w.status.textContent(), 'Listening');

    // What the customer said, transcribed by the server and shown in the log.
    const transcript = await waitForEvent(page, 'ccw-transcript', { text: SPEECH_TEXT }, 30_000);
    assert.equal(transcript.detail.language, 'en');
    await page.waitForFunction(
      (phrase) => [...document.querySelector('call-center-widget').shadowRoot.querySelectorAll('[part~="message"][part~="customer"]')].some((b) => b.textContent.trim() === phrase),
      SPEECH_TEXT,
      { timeout: 5000 },
    );

    // Reception hands over to sales, and the log and header say so.
    await waitForEvent(page, 'ccw-transfer', { from: 'reception', to: 'sales' });
    await replyMatching(page, /We offer three plans: Basic at \$9 a month/, { timeout: 30_000 });
    assert.match(await w.logNotices.last().textContent(), /You are now talking to Sales/);
    assert.equal(await w.persona.textContent(), 'Sales');

    // The reply streamed in: the turn was answered as server-sent events (an utterance cut short by the loop is
    // refused before streaming starts, as JSON), and the page showed the reply while the
    // turn was still running (the bubble marked streaming before the agent's ccw-message said it was complete).
    // (Chromium does not keep the bodies of streamed fetches, so the events themselves are not read here; the
    // server's tests check them.)
    assert.ok(turns.some((r) => r.status() === 200 && r.headers()['content-type']?.startsWith('text/event-stream')));
    const bubbles = await page.evaluate(() => window.__ccw.bubbles);
    const final = bubbles.findLast((b) => /We offer three plans/.test(b.text) && !b.part.includes('pending'));
    const streaming = bubbles.find((b) => b.part.includes('pending') && b.text.length > 0 && final.text.startsWith(b.text));
    assert.ok(streaming, `the reply was never seen streaming: ${JSON.stringify(bubbles)}`);
    const complete = (await events(page, 'ccw-message')).find((e) => e.detail.role === 'agent' && e.detail.persona === 'sales');
    assert.ok(streaming.at < complete.at, 'shown before the reply was complete');

    // The reply's audio really played: a decoded buffer with sound in it ran to its end on the audio clock.
    const sound = await waitForSoundPlayed(page, 30_000);
    assert.ok(sound.duration > 0.3 && sound.peak > 0.05, JSON.stringify(sound));
    assert.ok((await events(page, 'ccw-state')).some((e) => e.detail.state === 'speaking'), 'the widget said it was speaking');
    // Timings of the understood turn (an utterance the loop cut short is answered as not understood, untimed).
    const latency = (await events(page, 'ccw-latency')).find((e) => e.detail.speech_end_to_transcript_ms !== undefined);
    assert.equal(typeof latency?.detail.speech_end_to_transcript_ms, 'number');
    assert.match(await w.duration.textContent(), /^\d\d:\d\d$/);

    // Hang up: one ccw-call-end, the microphone released, the header says so.
    await w.callButton.click();
    const end = await waitForEvent(page, 'ccw-call-end');
    assert.ok(end.detail.durationSeconds > 0);
    assert.equal(await w.status.textContent(), 'Call ended');
    assert.equal((await events(page, 'ccw-call-end')).length, 1);
    const mic = await microphoneUse(page);
    assert.equal(mic.calls, 1);
    assert.equal(mic.liveTracks, 0, 'every microphone track stopped');
    assert.match(await w.callButton.textContent(), /Start call/);
    assert.ok((await audioPlayed(page)).length > 0);
    assert.deepEqual(page.problems, []);
  });
});
