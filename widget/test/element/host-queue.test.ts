/// <reference types="mocha" />
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { CallCenterWidget } from '../../src/call-center-widget.ts';
import type { HostCommand, HostWidget } from '../../src/host-queue.ts';

// What a page does before the widget script has loaded (this runs before the dynamic import below).
const seen: HostWidget[] = [];
window.CallCenterWidget = window.CallCenterWidget || [];
(window.CallCenterWidget as HostCommand[]).push(['open'], ['setMuted', true], (widget) => void seen.push(widget), ['noSuchMethod'] as unknown as HostCommand);

describe('the pre-load queue (window.CallCenterWidget)', () => {
  it('replays commands queued before the widget was defined on the first widget that connects', async () => {
    expect(customElements.get('call-center-widget')).to.equal(undefined);
    await import('../../src/index.ts');
    expect(customElements.get('call-center-widget')).to.not.equal(undefined);
    const opens: Event[] = [];
    document.addEventListener('ccw-open', (e) => opens.push(e));

    const el = await fixture<CallCenterWidget>(html`<call-center-widget server-url="http://127.0.0.1:9"></call-center-widget>`);
    await waitUntil(() => seen.length === 1, 'the queued function ran');
    expect(seen[0]).to.equal(el);
    expect(el.opened).to.equal(true);
    expect(opens.length).to.equal(1);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="panel"]')!.hasAttribute('hidden')).to.equal(false);
  });

  it('runs commands pushed after loading at once', async () => {
    const el = await fixture<CallCenterWidget>(html`<call-center-widget server-url="http://127.0.0.1:9" open></call-center-widget>`);
    await el.updateComplete;
    expect(Array.isArray(window.CallCenterWidget)).to.equal(false);
    window.CallCenterWidget!.push(['close']);
    expect(el.opened).to.equal(false);
  });

  it('defines the element under another tag with defineCallCenterWidget, guarded against a second define', async () => {
    const { defineCallCenterWidget } = await import('../../src/index.ts');
    const ctor = defineCallCenterWidget('acme-support');
    expect(customElements.get('acme-support')).to.equal(ctor);
    expect(defineCallCenterWidget('acme-support')).to.equal(ctor);
    expect(defineCallCenterWidget()).to.equal(customElements.get('call-center-widget'));
    const el = await fixture<CallCenterWidget>(html`<acme-support server-url="http://127.0.0.1:9"></acme-support>`);
    expect(el.shadowRoot!.querySelector('[part="launcher"]')).to.not.equal(null);
  });
});
