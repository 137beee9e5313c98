/// <reference types="mocha" />
import { aTimeout, expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { mount, part, record } from './helpers.ts';

describe('<call-center-widget> opening and closing', () => {
  it('opens and closes with the mouse, firing ccw-open and ccw-close from the launcher', async () => {
    const el = await mount();
    const opens = record('ccw-open');
    const closes = record('ccw-close');
    const launcher = part<HTMLButtonElement>(el, '[part="launcher"]');
    const panel = part(el, '[part="panel"]');
    expect(panel.hidden).to.equal(true);
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');

    launcher.click();
    await el.updateComplete;
    expect(panel.hidden).to.equal(false);
    expect(el.hasAttribute('open')).to.equal(true);
    expect(launcher.getAttribute('aria-expanded')).to.equal('true');
    expect(opens.events.map((e) => e.detail.source)).to.deep.equal(['user']);

    part<HTMLButtonElement>(el, '[part="header"] button').click();
    await el.updateComplete;
    expect(panel.hidden).to.equal(true);
    expect(el.hasAttribute('open')).to.equal(false);
    expect(closes.events.map((e) => e.detail.source)).to.deep.equal(['user']);
    opens.stop();
    closes.stop();
  });

  it('opens with Enter on the launcher, moves focus into the panel, and Escape closes and returns focus', async () => {
    const el = await mount();
    const launcher = part<HTMLButtonElement>(el, '[part="launcher"]');
    launcher.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.opened).to.equal(true);
    const panel = part(el, '[part="panel"]');
    expect(panel.contains(el.shadowRoot!.activeElement)).to.equal(true);

    await sendKeys({ press: 'Tab' });
    expect(panel.contains(el.shadowRoot!.activeElement)).to.equal(true, 'Tab stays among the panel controls');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.opened).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal(launcher);
  });

  it('opens with Space on the launcher too', async () => {
    const el = await mount();
    part<HTMLButtonElement>(el, '[part="launcher"]').focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(el.opened).to.equal(true);
  });

  it('fires no event when the page sets the open attribute, but does for open() and close()', async () => {
    const el = await mount();
    const opens = record('ccw-open');
    const closes = record('ccw-close');
    el.setAttribute('open', '');
    await el.updateComplete;
    expect(part(el, '[part="panel"]').hidden).to.equal(false);
    el.removeAttribute('open');
    await el.updateComplete;
    await aTimeout(0);
    expect(opens.events.length + closes.events.length).to.equal(0);

    el.open();
    await el.updateComplete;
    el.close();
    await el.updateComplete;
    expect(opens.events.map((e) => e.detail.source)).to.deep.equal(['api']);
    expect(closes.events.map((e) => e.detail.source)).to.deep.equal(['api']);
    expect(opens.events[0]!.bubbles && opens.events[0]!.composed).to.equal(true);
    opens.stop();
    closes.stop();
  });

  it('passes an axe check with the panel open, light and dark', async () => {
    const light = await mount({ open: true, theme: 'light' });
    await expect(light).to.be.accessible();
    const dark = await mount({ open: true, theme: 'dark' });
    await expect(dark).to.be.accessible();
  });
});
