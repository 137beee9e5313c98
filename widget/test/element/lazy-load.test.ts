/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import { mount, part } from './helpers.ts';

// Its own file, so that no earlier test in the page has loaded the session already.
describe('<call-center-widget> first load', () => {
  const fetched = (): boolean => performance.getEntriesByType('resource').some((r) => r.name.includes('/session/call-session.ts'));

  it('downloads the call machinery only when the customer reaches for the launcher', async () => {
    const el = await mount();
    expect(fetched()).to.equal(false, 'nothing but the launcher and panel before any interaction');
    part(el, '[part="launcher"]').dispatchEvent(new PointerEvent('pointerenter'));
    await waitUntil(fetched, 'the session is fetched on hover');
    expect(performance.getEntriesByType('resource').some((r) => r.name.includes('livekit'))).to.equal(false);
  });
});
