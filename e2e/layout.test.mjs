// The panel looks finished on a phone and on a desktop, in English and Arabic: no control's label wraps to a
// second line, during a push-to-talk call with the agent speaking (the most controls at once), and the panel
// fits the viewport.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newPage, useDemo } from './support/harness.mjs';
import { openPanel, send, widget } from './support/widget.mjs';

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
];
const PAGES = [
  { lang: 'en', path: '/', question: 'I would like to talk to sales about a new plan' },
  { lang: 'ar', path: '/examples/ar.html', question: 'أريد معرفة أسعار الخطط' },
];

/** Every button (and the status) in the widget whose text runs over more than one line. */
function wrappedControls(page) {
  return page.locator('call-center-widget').evaluate((el) => {
    // The lines a control's text takes: the line boxes of its text nodes (icons left out), tops 4 px apart.
    const lines = (node) => {
      const tops = [];
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        if (!text.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(text);
        for (const r of range.getClientRects()) if (r.width > 0 && !tops.some((t) => Math.abs(t - r.top) < 4)) tops.push(r.top);
      }
      return tops.length;
    };
    return [...el.shadowRoot.querySelectorAll('button, [part="status"]')]
      .filter((b) => b.getClientRects().length > 0 && lines(b) > 1)
      .map((b) => `${b.getAttribute('part') ?? b.className}: "${b.textContent.trim()}"`);
  });
}

describe('the panel on a phone and on a desktop', () => {
  const demo = useDemo();

  for (const viewport of VIEWPORTS) {
    for (const site of PAGES) {
      it(`${site.lang}, ${viewport.name} (${viewport.width}px): no control wraps, the panel fits`, async () => {
        const page = await newPage(demo.browser, { viewport: { width: viewport.width, height: viewport.height } });
        await page.goto(`${demo.server.url}${site.path}`);
        await page.locator('call-center-widget').evaluate((el) => el.setAttribute('push-to-talk', ''));
        const w = await openPanel(page);
        assert.deepEqual(await wrappedControls(page), [], 'before a call');
        // In a call (push-to-talk shows its button and hint), with the agent speaking (the Stop button). The
        // Arabic page offers no voice call offline (English recognizer), so the page starts one by the API.
        await page.locator('call-center-widget').evaluate((el) => el.startCall());
        await widget(page).host.locator('[part="talk-button"]').waitFor({ timeout: 10_000 });
        await send(page, site.question);
        await widget(page).host.locator('[part="stop-button"]').waitFor({ timeout: 30_000 });
        assert.deepEqual(await wrappedControls(page), [], 'in a call, the agent speaking');
        const panel = await w.panel.boundingBox();
        assert.ok(panel.x >= 0 && panel.x + panel.width <= viewport.width, `the panel fits across: ${JSON.stringify(panel)}`);
        assert.ok(panel.y >= 0, `the panel fits down: ${JSON.stringify(panel)}`);
        await page.locator('call-center-widget').evaluate((el) => el.endCall());
        assert.deepEqual(page.problems, []);
        await page.context().close();
      });
    }
  }
});
