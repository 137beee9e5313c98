/// <reference types="mocha" />
// The first minutes of a call, as a new customer meets them: press Start call and speak, hear and stop the
// agent, close the panel mid-call, a language that changes, and what is (not) offered on this server.
import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import type { CallCenterWidget } from '../../src/call-center-widget.ts';
import { agentReply, mount, noticeText, part, parts, record, REPLIES, servers } from './helpers.ts';

const playing = (el: CallCenterWidget): boolean => (el as unknown as { call: { session: { playback: { playing: boolean } } } }).call.session.playback.playing;
const status = (el: CallCenterWidget): string => part(el, '[part="status"]').textContent ?? '';

describe('<call-center-widget> in the first minutes', function () {
  this.timeout(45_000);

  it('opens with a greeting from the persona and suggestions that send themselves', async () => {
    const el = await mount({ open: true, 'text-only': true });
    expect(part(el, '[part~="greeting"]').textContent).to.equal('Hi! How can I help you today?');
    expect(part(el, '.row.greeting .who').textContent).to.equal('Reception');
    const chips = parts<HTMLButtonElement>(el, '[part="suggestion"]');
    expect(chips.map((c) => c.textContent)).to.deep.equal(['What plans do you have?', 'I have a problem with my order', 'I would like to talk to a person']);
    // The equalizer at rest is a still, faint wave: clearly a meter waiting, not a dashed rule.
    const rest = parts(el, '.bar').map((b) => Number(b.style.getPropertyValue('--level')));
    expect(part(el, '[part="equalizer"]').classList.contains('active')).to.equal(false);
    expect(Math.max(...rest) - Math.min(...rest)).to.be.greaterThan(0.1);
    chips[0]!.click();
    const reply = await agentReply(el);
    expect(reply).to.match(/\$9|Basic/);
    expect(parts(el, '[part="suggestion"]')).to.have.length(0, 'suggestions go once the conversation has begun');
    expect(part(el, '[part~="customer"]').textContent).to.equal('What plans do you have?');
    await expect(el).to.be.accessible();
  });

  it('names the persona over each run of its replies', async () => {
    const el = await mount({ open: true, 'text-only': true });
    await el.sendMessage('I would like to talk to sales about a new plan');
    await waitUntil(() => parts(el, REPLIES).length >= 2 && !el.shadowRoot!.querySelector('[part~="pending"]'), 'both replies', { timeout: 15_000 });
    const names = parts(el, '.row.agent:not(.greeting) .who').map((n) => n.textContent);
    expect(names).to.deep.equal(['Reception', 'Sales']);
  });

  it('starts hands-free: press Start call and speak, and the customer is answered', async () => {
    const el = await mount({ open: true });
    const starts = record('ccw-call-start');
    const transcripts = record('ccw-transcript');
    try {
      part<HTMLButtonElement>(el, '[part="call-button"]').click();
      await waitUntil(() => transcripts.events.some((e) => e.detail.text === 'i would like to talk to sales about a new plan'), 'the phrase heard', { timeout: 25_000 });
      expect(starts.events[0]!.detail).to.deep.equal({ handsFree: true });
      expect(el.shadowRoot!.querySelector('[part="talk-button"]')).to.equal(null);
    } finally {
      starts.stop();
      transcripts.stop();
      el.endCall();
    }
  });

  it('with push-to-talk, says plainly what to do', async () => {
    const el = await mount({ open: true, 'push-to-talk': true });
    part<HTMLButtonElement>(el, '[part="call-button"]').click();
    await waitUntil(() => status(el) === 'Hold to talk', 'the status says what to do', { timeout: 10_000 });
    expect(part(el, '[part="talk-hint"]').textContent).to.equal('Hold Talk (or Space) while you speak, then let go.');
    expect(part(el, '[part="talk-button"]').getAttribute('aria-describedby')).to.equal('talk-hint');
    el.endCall();
  });

  it('answers what the customer says while LiveKit is still connecting', async () => {
    const el = await mount({ open: true, 'server-url': servers.hangingLivekitServerUrl });
    const transcripts = record('ccw-transcript');
    const errors = record('ccw-error');
    const started = performance.now();
    try {
      part<HTMLButtonElement>(el, '[part="call-button"]').click();
      // Listening at once, not "Connecting…" for as long as LiveKit takes to fail.
      await waitUntil(() => status(el) === 'Listening', 'listening at once', { timeout: 3000 });
      const listeningAt = performance.now() - started;
      await waitUntil(() => errors.events.some((e) => e.detail.code === 'livekit_timeout'), 'LiveKit gives up', { timeout: 10_000 });
      const gaveUpAt = performance.now() - started;
      expect(listeningAt).to.be.lessThan(gaveUpAt - 1000, 'the call listened while LiveKit was still connecting');
      // The phrase, which the fake microphone starts the moment capture does, is heard whole: nothing was lost.
      await waitUntil(() => transcripts.events.length > 0, 'speech answered', { timeout: 25_000 });
      expect(transcripts.events[0]!.detail.text).to.equal('i would like to talk to sales about a new plan');
      // The customer hears that the call goes on, nothing technical; the page heard the reason.
      expect(noticeText(el)).to.equal('Your call continues here.');
      expect(errors.events.find((e) => e.detail.code === 'livekit_timeout')!.detail.message).to.match(/LiveKit could not carry the call \(timeout\)/);
    } finally {
      transcripts.stop();
      errors.stop();
      el.endCall();
    }
  });

  it('stops the agent\'s voice on Stop, and when the panel closes', async () => {
    const el = await mount({ open: true });
    await el.sendMessage('I would like to talk to sales about a new plan');
    await waitUntil(() => playing(el), 'the reply is spoken', { timeout: 20_000 });
    part<HTMLButtonElement>(el, '[part="stop-button"]').click();
    await el.updateComplete;
    expect(playing(el)).to.equal(false);
    expect(el.shadowRoot!.querySelector('[part="stop-button"]')).to.equal(null);
    await agentReply(el);

    await el.sendMessage('How much is the Pro plan?');
    await waitUntil(() => playing(el), 'the next reply is spoken', { timeout: 20_000 });
    el.close();
    await el.updateComplete;
    expect(playing(el)).to.equal(false, 'closing the panel silences the agent');
  });

  it('shows a call that goes on with the panel closed on the launcher, with its duration and mute state', async () => {
    const el = await mount({ open: true });
    try {
      part<HTMLButtonElement>(el, '[part="call-button"]').click();
      await waitUntil(() => status(el) !== 'Connecting…', 'connected', { timeout: 10_000 });
      el.close();
      await el.updateComplete;
      const launcher = part(el, '[part="launcher"]');
      await waitUntil(() => /^0:0[1-9]$/.test(part(el, '[part="live-badge"]').textContent!.trim()), 'the duration runs', { timeout: 5000 });
      expect(launcher.getAttribute('aria-label')).to.match(/^Call in progress, 0:0\d\. Open the support panel$/);
      // Said once to a screen reader when the panel closes (the label itself changes every second).
      expect(part(el, '.live-note').textContent).to.equal('The call continues with the panel closed.');
      el.setMuted(true);
      await el.updateComplete;
      expect(launcher.getAttribute('aria-label')).to.contain('microphone muted');
      expect(part(el, '[part="live-badge"] .mark')).to.not.equal(null);
      await expect(el).to.be.accessible();
      el.open();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="live-badge"]')).to.equal(null, 'the panel shows the call itself');
    } finally {
      el.endCall();
    }
    await el.updateComplete;
    el.close();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="live-badge"]')).to.equal(null, 'no badge once the call has ended');
  });

  it('mirrors the panel for a customer heard in Arabic without moving the launcher or the panel', async () => {
    const el = await mount({ open: true, 'text-only': true });
    const launcher = part(el, '[part="launcher"]').getBoundingClientRect();
    const panel = part(el, '[part="panel"]').getBoundingClientRect();
    await el.sendMessage('أريد معرفة أسعار الخطط');
    await agentReply(el);
    await waitUntil(() => part(el, '[part="panel"]').getAttribute('dir') === 'rtl', 'the panel follows the customer into Arabic');
    expect(part(el, '[part="launcher"]').getBoundingClientRect().toJSON()).to.deep.equal(launcher.toJSON());
    expect(part(el, '[part="panel"]').getBoundingClientRect().toJSON()).to.deep.equal(panel.toJSON());
  });

  it('offers no voice call where the server has no speech recognizer, and says why before any call', async () => {
    const el = await mount({ open: true, 'server-url': servers.noRecognizerServerUrl });
    await waitUntil(() => noticeText(el) === 'Voice calls are not available here. Type your message below.', 'the reason', { timeout: 10_000 });
    expect(el.shadowRoot!.querySelector('[part="call-button"]')).to.equal(null);
    // Typing still works.
    await el.sendMessage('hello');
    expect((await agentReply(el)).length).to.be.greaterThan(3);
  });

  it('offers no voice call in Arabic where the recognizer is English only, and answers typed Arabic without an error', async () => {
    const el = await mount({ open: true, language: 'ar' });
    await waitUntil(() => noticeText(el) === 'المكالمات الصوتية هنا بالإنجليزية فقط. اكتب رسالتك بالعربية في الأسفل.', 'the reason', { timeout: 10_000 });
    expect(el.shadowRoot!.querySelector('[part="call-button"]')).to.equal(null);
    const errors = record('ccw-error');
    try {
      await el.sendMessage('أريد معرفة أسعار الخطط');
      expect(await agentReply(el)).to.match(/[\u0600-\u06ff]/);
      await aTimeout(300);
      expect(errors.events).to.deep.equal([]);
    } finally {
      errors.stop();
    }
  });

  it('continues the conversation on the next page of the site, and shows what was said', async () => {
    const first = await mount({ open: true, 'text-only': true });
    await first.sendMessage('I would like to talk to sales about a new plan');
    await waitUntil(() => parts(first, REPLIES).length >= 2 && !first.shadowRoot!.querySelector('[part~="pending"]'), 'replies', { timeout: 15_000 });
    const said = parts(first, '[part~="message"]:not([part~="greeting"]):not([part~="notice"])').map((b) => b.textContent);
    first.remove();

    // The next page: a new element in the same tab.
    const next = await mount({ open: true, 'text-only': true }, { sameTab: true });
    await waitUntil(() => parts(next, '[part~="customer"]').length > 0, 'the conversation shown again', { timeout: 10_000 });
    expect(parts(next, '[part~="message"]:not([part~="greeting"]):not([part~="notice"])').map((b) => b.textContent)).to.deep.equal(said);
    expect(part(next, '[part="persona"]').textContent).to.equal('Sales');
    // And it goes on where it was: sales answers, with the memory of the earlier turn.
    await next.sendMessage('How much is the Pro plan?');
    expect(await agentReply(next)).to.contain('$29');
    expect(parts(next, '.row.agent:not(.greeting) .who').at(-1)!.textContent).to.equal('Sales');
  });

  it('runs one call at a time on a page: a second widget\'s Start call is refused with a clear message', async () => {
    const a = await mount({ open: true });
    const b = await mount({ open: true }, { sameTab: true });
    const errors = record('ccw-error');
    try {
      part<HTMLButtonElement>(a, '[part="call-button"]').click();
      await waitUntil(() => status(a) === 'Listening', 'the first call is live', { timeout: 10_000 });
      await b.startCall();
      await b.updateComplete;
      expect(noticeText(b)).to.equal('A call is already running in another support window on this page.');
      expect(errors.events.map((e) => e.detail.code)).to.include('call_in_progress');
      expect(status(a)).to.not.equal('Call ended');
      a.endCall();
      await b.startCall();
      await waitUntil(() => status(b) === 'Listening', 'the second widget may call once the first has ended', { timeout: 10_000 });
    } finally {
      errors.stop();
      a.endCall();
      b.endCall();
    }
  });
});
