/// <reference types="mocha" />
import { aTimeout, expect } from '@open-wc/testing';
import { mount, part } from './helpers.ts';

// Its own file, so that the call module has not been loaded (nor hovered for) when the launcher is clicked.
describe('<call-center-widget> opened before the panel has loaded', () => {
  it('shows the dialog with its heading and a loading line at once, focused, then the panel', async () => {
    const el = await mount({ 'agent-title': 'Acme help desk' });
    const launcher = part<HTMLButtonElement>(el, '[part="launcher"]');
    launcher.click();
    // One task later Lit has rendered the open dialog; the call module is still on its way.
    await aTimeout(0);
    const panel = part(el, '[part="panel"]');
    expect(panel.hidden).to.equal(false);
    expect(el.shadowRoot!.querySelector('[part="transcript"]')).to.equal(null, 'the call module has not arrived yet');
    expect(part(el, '#heading').textContent).to.equal('Acme help desk');
    expect(part(el, '.shell-line').getAttribute('role')).to.equal('status');
    expect(part(el, '.shell-line').textContent!.trim()).to.equal('Loading…');
    expect(panel.contains(el.shadowRoot!.activeElement)).to.equal(true, 'focus moved into the dialog');
    await expect(el).to.be.accessible();

    await el.updateComplete;
    expect(part(el, '[part="panel"]')).to.equal(panel, 'the same dialog, now with its regions');
    expect(part(el, '#heading').textContent).to.equal('Acme help desk');
    expect(part(el, '[part="transcript"]').getAttribute('role')).to.equal('log');
    expect(el.shadowRoot!.querySelector('.shell')).to.equal(null);
    expect(panel.contains(el.shadowRoot!.activeElement)).to.equal(true, 'focus stays in the dialog');
    await expect(el).to.be.accessible();
  });
});
