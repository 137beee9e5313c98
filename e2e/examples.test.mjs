// The other example pages a website owner or developer opens: theming.html (attributes and --ccw-* properties
// through a form) and bundler.html (the ESM build imported as an app would, under its own tag name).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newPage, useDemo } from './support/harness.mjs';
import { replyMatching, waitForEvent, widget } from './support/widget.mjs';

/** The computed value of a CSS property of the first element matching `selector` (shadow-piercing). */
function style(page, selector, property) {
  return page.locator(selector).first().evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);
}

describe('the example pages', () => {
  const demo = useDemo();

  it('theming.html: brand colour, dark theme, Arabic and the corner follow the form', async () => {
    const page = await newPage(demo.browser);
    await page.goto(`${demo.server.url}/examples/theming.html`);
    const w = widget(page);
    await w.input.waitFor({ state: 'visible' });
    await w.greeting.getByText('Hi! I am the Northwind assistant', { exact: false }).waitFor();
    assert.equal(await style(page, 'call-center-widget [part="panel"]', 'background-color'), 'rgb(255, 255, 255)');

    await page.getByLabel('Dark').check();
    assert.equal(await w.host.getAttribute('theme'), 'dark');
    assert.equal(await style(page, 'call-center-widget [part="panel"]', 'background-color'), 'rgb(27, 29, 35)');

    await page.getByLabel('Pine').check();
    assert.equal(await style(page, 'call-center-widget [part="launcher"]', 'background-color'), 'rgb(4, 120, 87)');
    assert.match(await page.locator('#css').textContent(), /--ccw-accent: #047857;/);

    await page.getByLabel('العربية (right to left)').check();
    assert.equal(await w.panel.getAttribute('dir'), 'rtl');
    await w.greeting.getByText('مرحباً! أنا مساعد نورثويند', { exact: false }).waitFor();
    const launcher = await w.launcher.boundingBox();
    assert.ok(launcher.x < 640, 'bottom-right is mirrored to the bottom-left in Arabic');

    await page.getByLabel('Bottom left').check();
    assert.ok((await w.launcher.boundingBox()).x > 640, 'bottom-left is mirrored to the bottom-right in Arabic');
    assert.match(page.url(), /theme=dark/);
    assert.match(await page.locator('#markup').textContent(), /language="ar"\s+position="bottom-left"/);
    assert.deepEqual(page.problems, []);
  });

  it('theming.html: the choices in the address are applied on load', async () => {
    const page = await newPage(demo.browser);
    await page.goto(`${demo.server.url}/examples/theming.html?theme=dark&language=ar&accent=%237e22ce&radius=4`);
    const w = widget(page);
    await w.input.waitFor({ state: 'visible' });
    assert.equal(await w.host.getAttribute('language'), 'ar');
    assert.equal(await w.panel.getAttribute('dir'), 'rtl');
    assert.equal(await style(page, 'call-center-widget [part="panel"]', 'background-color'), 'rgb(27, 29, 35)');
    assert.equal(await style(page, 'call-center-widget [part="launcher"]', 'background-color'), 'rgb(126, 34, 206)');
    assert.equal(await style(page, 'call-center-widget [part="panel"]', 'border-top-left-radius'), '4px');
  });

  it('bundler.html: the ESM build under another tag name, with Lit from the import map', async () => {
    const page = await newPage(demo.browser);
    const loaded = [];
    page.on('response', (response) => loaded.push(`${response.status()} ${new URL(response.url()).pathname}`));
    await page.goto(`${demo.server.url}/examples/bundler.html`);
    await page.waitForFunction(() => customElements.get('acme-support') && customElements.get('call-center-widget'));
    assert.ok(loaded.includes('200 /widget/esm/call-center-widget.js'), loaded.join('\n'));
    assert.ok(loaded.includes('200 /vendor/lit/index.js'), loaded.join('\n'));
    assert.ok(!loaded.some((l) => l.endsWith('/widget/call-center-widget.js')), 'not the script-tag build');

    const w = widget(page, 'acme-support');
    await page.getByRole('button', { name: 'open()' }).click();
    await w.input.waitFor({ state: 'visible' });
    assert.equal(await w.title.textContent(), 'Acme Support');
    await page.getByRole('button', { name: "sendMessage('What plans do you have?')" }).click();
    await replyMatching(page, /Basic at \$9 a month/, { tag: 'acme-support' });
    await waitForEvent(page, 'ccw-message', { role: 'agent', persona: 'sales' });
    assert.match(await page.locator('#events').textContent(), /ccw-open \{"source":"api"\}[\s\S]*ccw-message \{"role":"agent"/);
    assert.deepEqual(page.problems, []);
  });
});
