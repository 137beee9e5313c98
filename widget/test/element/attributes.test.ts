/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { ServerConfig } from '@call-center-widget/protocol';
import type { CallCenterWidget } from '../../src/call-center-widget.ts';
import { mount, part, servers } from './helpers.ts';

async function serverConfig(): Promise<ServerConfig> {
  return (await (await fetch(`${servers.serverUrl}/api/config`)).json()) as ServerConfig;
}

function panelBackground(el: CallCenterWidget): string {
  return getComputedStyle(part(el, '[part="panel"]')).backgroundColor;
}

describe('<call-center-widget> attributes', () => {
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  });

  it('sits bottom-right by default and bottom-left with position="bottom-left"', async () => {
    const right = await mount();
    const r = part(right, '[part="launcher"]').getBoundingClientRect();
    expect(window.innerWidth - r.right).to.be.closeTo(20, 1);
    expect(window.innerHeight - r.bottom).to.be.closeTo(20, 1);

    const left = await mount({ position: 'bottom-left' });
    const l = part(left, '[part="launcher"]').getBoundingClientRect();
    expect(l.left).to.be.closeTo(20, 1);
  });

  it('moves with --ccw-offset-x and --ccw-offset-y', async () => {
    const el = await mount();
    el.style.setProperty('--ccw-offset-x', '40px');
    el.style.setProperty('--ccw-offset-y', '60px');
    const r = part(el, '[part="launcher"]').getBoundingClientRect();
    expect(window.innerWidth - r.right).to.be.closeTo(40, 1);
    expect(window.innerHeight - r.bottom).to.be.closeTo(60, 1);
  });

  it('uses the light or dark palette from theme, and follows the system with theme="auto"', async () => {
    const light = await mount({ theme: 'light', open: true });
    expect(panelBackground(light)).to.equal('rgb(255, 255, 255)');
    const dark = await mount({ theme: 'dark', open: true });
    expect(panelBackground(dark)).to.equal('rgb(27, 29, 35)');

    const auto = await mount({ open: true });
    expect(panelBackground(auto)).to.equal('rgb(255, 255, 255)');
    await emulateMedia({ colorScheme: 'dark' });
    expect(panelBackground(auto)).to.equal('rgb(27, 29, 35)');
    // An explicit light theme ignores the system setting.
    expect(panelBackground(light)).to.equal('rgb(255, 255, 255)');
  });

  it('lets the page restyle through --ccw-* properties and ::part', async () => {
    const el = await mount({ open: true });
    el.style.setProperty('--ccw-accent', 'rgb(0, 100, 0)');
    expect(getComputedStyle(part(el, '[part="launcher"]')).backgroundColor).to.equal('rgb(0, 100, 0)');
    const style = document.createElement('style');
    style.textContent = 'call-center-widget::part(panel) { border-radius: 3px; }';
    document.head.append(style);
    expect(getComputedStyle(part(el, '[part="panel"]')).borderTopLeftRadius).to.equal('3px');
    style.remove();
  });

  it('shows the persona named by the server, the agent-title heading, and the greeting', async () => {
    const config = await serverConfig();
    const el = await mount({ persona: 'sales', 'agent-title': 'Acme help desk', greeting: 'Hi! How can we help?', open: true });
    const sales = config.personas.find((p) => p.id === 'sales')!.name.en;
    await waitUntil(() => part(el, '.persona').textContent === sales, 'persona name from /api/config');
    expect(part(el, '#heading').textContent).to.equal('Acme help desk');
    expect(el.hasAttribute('title')).to.equal(false);
    expect(part(el, '[part="panel"]').getAttribute('aria-labelledby')).to.equal('heading');
    expect(part(el, '.row.agent .bubble').textContent).to.equal('Hi! How can we help?');

    el.persona = 'complaints';
    await el.updateComplete;
    expect(part(el, '.persona').textContent).to.equal(config.personas.find((p) => p.id === 'complaints')!.name.en);
  });

  it('speaks Arabic with language="ar": rtl panel, Arabic strings and persona name, mirrored corner', async () => {
    const config = await serverConfig();
    const ltr = await mount({ open: true });
    const ar = await mount({ language: 'ar', open: true });
    const panel = part(ar, '[part="panel"]');
    expect(panel.getAttribute('dir')).to.equal('rtl');
    expect(panel.getAttribute('lang')).to.equal('ar');
    expect(getComputedStyle(panel).direction).to.equal('rtl');
    expect(part(ar, '.status').textContent).to.equal('جاهز');
    await waitUntil(() => part(ar, '.persona').textContent === config.personas.find((p) => p.id === 'reception')!.name.ar);

    // bottom-right in English is bottom-left in Arabic, and bottom-left mirrors to bottom-right.
    const en = part(ltr, '[part="launcher"]').getBoundingClientRect();
    const rtl = part(ar, '[part="launcher"]').getBoundingClientRect();
    expect(en.left).to.be.greaterThan(window.innerWidth / 2);
    expect(rtl.right).to.be.lessThan(window.innerWidth / 2);
    expect(rtl.left).to.be.closeTo(20, 1);
    const panelRect = panel.getBoundingClientRect();
    expect(panelRect.left).to.be.closeTo(20, 1);
    ar.position = 'bottom-left';
    await ar.updateComplete;
    expect(window.innerWidth - part(ar, '[part="launcher"]').getBoundingClientRect().right).to.be.closeTo(20, 1);
  });

  it('keeps the layout free of physical left/right so RTL mirrors by itself', async () => {
    const el = await mount({ open: true });
    const sheets = el.shadowRoot!.adoptedStyleSheets;
    const text = sheets.flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join('\n');
    expect(text).to.not.match(/(?:margin|padding|border)-(?:left|right)|(?:^|[\s;{])(?:left|right)\s*:/m);
  });

  it('passes an axe check in Arabic, light and dark', async () => {
    await expect(await mount({ language: 'ar', theme: 'light', open: true })).to.be.accessible();
    await expect(await mount({ language: 'ar', theme: 'dark', open: true })).to.be.accessible();
  });

  it('isolates message text so mixed Arabic and English bubbles keep their own direction', async () => {
    const el = await mount({ greeting: 'مرحبا! How can we help?', open: true });
    const bubble = part(el, '.row.agent .bubble');
    expect(bubble.getAttribute('dir')).to.equal('auto');
    expect(getComputedStyle(bubble).unicodeBidi).to.equal('isolate');
    expect(getComputedStyle(bubble).direction).to.equal('rtl');
  });
});
