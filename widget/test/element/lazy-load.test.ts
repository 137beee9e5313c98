/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import { mount, part } from './helpers.ts';

// Its own file, so that no earlier test in the page has loaded the call module already.
describe('<call-center-widget> first load', () => {
  const fetched = (path: string): boolean => performance.getEntriesByType('resource').some((r) => r.name.includes(path));

  it('downloads the panel and the call machinery only when the customer reaches for the launcher', async () => {
    const el = await mount({ language: 'ar' });
    expect(fetched('/session/call-module.ts')).to.equal(false, 'nothing but the launcher and the panel frame before any interaction');
    expect(fetched('/session/call-session.ts')).to.equal(false);
    expect(el.shadowRoot!.querySelector('[part="transcript"]')).to.equal(null);
    // The launcher is labelled, and the widget mirrored, before anything else has loaded.
    expect(part(el, '[part="launcher"]').getAttribute('aria-label')).to.equal('محادثة خدمة العملاء');
    expect(part(el, '[part="panel"]').getAttribute('dir')).to.equal('rtl');
    expect(part(el, '.root').classList.contains('start')).to.equal(true, 'the Arabic widget sits on the left');
    expect(part(el, '#heading').textContent).to.equal('خدمة العملاء');

    part(el, '[part="launcher"]').dispatchEvent(new PointerEvent('pointerenter'));
    await waitUntil(() => fetched('/session/call-session.ts'), 'the call module is fetched on hover');
    // livekit-client itself (not our small loader module) is fetched only when a call starts on a LiveKit server.
    expect(performance.getEntriesByType('resource').some((r) => /livekit-client|ccw-livekit/.test(r.name))).to.equal(false);

    el.open();
    await el.updateComplete;
    expect(part(el, '[part="panel"]').hidden).to.equal(false);
    expect(part(el, '[part="transcript"]').getAttribute('role')).to.equal('log');
    expect(part(el, '.call').textContent).to.contain('بدء المكالمة');
    expect(part(el, '[part="panel"]').contains(el.shadowRoot!.activeElement)).to.equal(true, 'focus is in the panel');
    await expect(el).to.be.accessible();
  });
});
