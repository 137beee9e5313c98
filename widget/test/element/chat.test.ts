/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { agentReply, DEAD_SERVER, mount, noticeText, part, parts, record, REPLIES, servers } from './helpers.ts';

describe('<call-center-widget> text chat', () => {
  it('streams the reply to a typed message into the log, with ccw-message and ccw-state on document', async () => {
    const el = await mount({ open: true, 'text-only': true });
    const messages = record('ccw-message');
    const states = record('ccw-state');
    const seen = new Set<string>();
    const observer = new MutationObserver(() => {
      const bubble = parts(el, REPLIES).at(-1);
      if (bubble) seen.add(bubble.textContent ?? '');
    });
    observer.observe(part(el, '[part="transcript"]'), { subtree: true, childList: true, characterData: true });

    const input = part<HTMLInputElement>(el, '[part="composer"] input');
    input.focus();
    await sendKeys({ type: 'hello' });
    await sendKeys({ press: 'Enter' });
    expect(input.value).to.equal('');
    const reply = await agentReply(el);
    observer.disconnect();

    expect(reply.length).to.be.greaterThan(5);
    expect(part(el, '.row.customer .bubble').textContent).to.equal('hello');
    expect(part(el, '.row.customer .bubble').getAttribute('dir')).to.equal('auto');
    // Streamed: the bubble showed partial text (or the typing placeholder) before the whole reply.
    expect([...seen].filter((t) => t !== reply).length).to.be.greaterThan(0);
    expect(messages.events.map((e) => e.detail.role)).to.deep.equal(['customer', 'agent']);
    expect(messages.events[1]!.detail).to.include({ text: reply, persona: 'reception' });
    expect(states.events.map((e) => e.detail.state)).to.deep.equal(['thinking', 'idle']);
    expect(states.events[0]!.detail.previous).to.equal('idle');
    expect(part(el, '[part="transcript"]').getAttribute('role')).to.equal('log');
    expect(part(el, '[part="transcript"]').getAttribute('aria-live')).to.equal('polite');
    messages.stop();
    states.stop();
  });

  it('announces a transfer to another persona and shows it in the header', async () => {
    const el = await mount({ open: true, 'text-only': true });
    const transfers = record('ccw-transfer');
    await el.sendMessage('I would like to talk to sales about a new plan');
    await agentReply(el);
    expect(transfers.events.length).to.equal(1);
    expect(transfers.events[0]!.detail).to.include({ from: 'reception', to: 'sales' });
    expect(parts(el, '.row.notice').map((n) => n.textContent)).to.include('You are now talking to Sales.');
    expect(part(el, '.persona').textContent).to.equal('Sales');
    transfers.stop();
  });

  it('keeps a message the server never got, and sends it again with Retry', async () => {
    const el = await mount({ open: true, 'text-only': true, 'server-url': DEAD_SERVER });
    const errors = record('ccw-error');
    await el.sendMessage('hello');
    await waitUntil(() => el.shadowRoot!.querySelector('.row.customer.failed'), 'the message is marked as not sent');
    expect(part(el, '.failed-note').textContent).to.contain('Not sent.');
    expect(noticeText(el)).to.contain('The assistant cannot be reached');
    expect(errors.events.at(-1)!.detail).to.include({ code: 'network', retryable: true });

    el.serverUrl = servers.serverUrl;
    await el.updateComplete;
    part<HTMLButtonElement>(el, '.failed-note button').click();
    const reply = await agentReply(el);
    expect(reply.length).to.be.greaterThan(5);
    expect(parts(el, '.row.customer').length).to.equal(1, 'the retried message is not duplicated');
    expect(el.shadowRoot!.querySelector('.row.customer.failed')).to.equal(null);
    errors.stop();
  });

  it('follows an Arabic-speaking customer when language is auto', async () => {
    const el = await mount({ open: true, 'text-only': true });
    expect(part(el, '[part="panel"]').getAttribute('dir')).to.equal('ltr');
    await el.sendMessage('مرحبا، أريد التحدث مع المبيعات');
    await agentReply(el);
    await waitUntil(() => part(el, '[part="panel"]').getAttribute('dir') === 'rtl', 'the UI switches to Arabic');
    expect(part(el, '[part="panel"]').getAttribute('lang')).to.equal('ar');
  });

  it('works without a call or microphone and passes an axe check with messages in the log', async () => {
    const el = await mount({ open: true, 'text-only': true, greeting: 'Welcome!' });
    await el.sendMessage('hello');
    await agentReply(el);
    expect(el.shadowRoot!.querySelector('.talk')).to.equal(null, 'no push-to-talk outside a call');
    await expect(el).to.be.accessible();
  });
});
