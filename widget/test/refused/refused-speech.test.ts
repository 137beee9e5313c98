/// <reference types="mocha" />
// The fake microphone plays speech backwards: voice-like sound that says nothing. The offline recognizer refuses
// it (it never guesses), and the customer hears and reads the apology with requests it does understand, offered
// as buttons that send them.
import { expect, waitUntil } from '@open-wc/testing';
import type { CallCenterWidget } from '../../src/call-center-widget.ts';
import { agentReply, mount, part, parts, record, REPLIES } from '../element/helpers.ts';

interface Internals {
  session: { playback: { playedCount: number } };
}
const internals = (el: CallCenterWidget): Internals['session'] => (el as unknown as { call: Internals }).call.session;

describe('speech the recognizer cannot understand', function () {
  this.timeout(60_000);

  it('is answered aloud and in writing with examples to say or press, and nothing is made up', async () => {
    const el = await mount({ open: true });
    const transcripts = record('ccw-transcript');
    const messages = record('ccw-message');
    try {
      part<HTMLButtonElement>(el, '.call').click();
      await waitUntil(() => parts(el, REPLIES).some((b) => b.textContent?.includes("Sorry, I didn't catch that")), 'the refusal', { timeout: 30_000 });
      const examples = parts(el, '[part="suggestion"]').map((b) => b.textContent?.trim());
      expect(examples).to.include('What plans do you have?');
      expect(examples.length).to.be.within(2, 3);
      // Spoken too (muted now, or the looping microphone would talk over it), and the customer's words are
      // not invented: no transcript, no customer bubble.
      el.setMuted(true);
      await waitUntil(() => internals(el).playback.playedCount > 0, 'the refusal spoken', { timeout: 20_000 });
      expect(transcripts.events).to.have.length(0);
      expect(parts(el, '.row.customer .bubble')).to.have.length(0);

      // An example is one press away from an answer.
      const before = parts(el, REPLIES).length;
      parts<HTMLButtonElement>(el, '[part="suggestion"]').find((b) => b.textContent?.trim() === 'What plans do you have?')!.click();
      await waitUntil(() => messages.events.some((e) => e.detail.role === 'customer' && e.detail.text === 'What plans do you have?'), 'the example sent');
      await waitUntil(() => parts(el, REPLIES).length > before, 'an answer');
      expect(await agentReply(el)).to.match(/Basic at \$9/);
    } finally {
      transcripts.stop();
      messages.stop();
      el.endCall();
    }
  });
});
