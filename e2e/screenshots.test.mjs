// The README's screenshots, made from the current code on every run: the demo site in English and Arabic, light
// and dark, 1280x800, with the panel open on a short typed conversation. The content is deterministic (the
// local engine answers the same way every time; replies are not spoken, so the status settles on "Ready").
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, newPage, ROOT, startServer } from './support/harness.mjs';
import { openPanel, replyMatching, send, widget } from './support/widget.mjs';

const OUT = `${ROOT}docs/screenshots`;

const DEMOS = [
  // One English question: its answer (a transfer and the three plans) fills the panel without scrolling.
  { lang: 'en', path: '/', ready: 'Ready', turns: [['What plans do you have?', /Which plan would you like to hear about\?/]] },
  { lang: 'ar', path: '/examples/ar.html', ready: 'جاهز', turns: [['مرحبا', /كيف يمكنني مساعدتك/], ['أريد معرفة أسعار الخطط', /دولاراً شهرياً/]] },
];

describe('screenshots of the demo', () => {
  let server;
  let browser;
  before(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    mkdirSync(OUT, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const demo of DEMOS) {
    for (const scheme of ['light', 'dark']) {
      it(`docs/screenshots/demo-${demo.lang}-${scheme}.png`, async () => {
        const page = await newPage(browser, { colorScheme: scheme, deviceScaleFactor: 1, reducedMotion: 'reduce' });
        await page.goto(`${server.url}${demo.path}`);
        // Typed replies are also spoken unless text-only; silence keeps the header's status still for the picture.
        await page.locator('call-center-widget').evaluate((el) => (el.textOnly = true));
        const w = await openPanel(page);
        for (const [message, reply] of demo.turns) {
          await send(page, message);
          await replyMatching(page, reply);
        }
        await w.status.getByText(demo.ready, { exact: true }).waitFor();
        await w.input.blur();
        // The transcript scrolls to its newest line; let that settle.
        await page.waitForTimeout(300);
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        assert.equal(background, scheme === 'dark' ? 'rgb(18, 20, 26)' : 'rgb(255, 255, 255)');
        assert.equal(await widget(page).panel.evaluate((el) => getComputedStyle(el).colorScheme), scheme);
        await page.screenshot({ path: `${OUT}/demo-${demo.lang}-${scheme}.png`, animations: 'disabled', caret: 'hide' });
        assert.deepEqual(page.problems, []);
      });
    }
  }
});
