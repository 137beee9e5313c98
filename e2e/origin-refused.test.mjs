// A site that is not on the server's allowlist embeds the widget: the page is served by a second server on
// another port (another origin), the call-center server only allows http://allowed.invalid. The widget's files
// still load (they are public), but the server refuses every API request with 403 origin_not_allowed, and the
// widget says so in plain words instead of "network error" or silence.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, newPage, servePage, startServer } from './support/harness.mjs';
import { microphoneUse, noticeText, openPanel, send, waitForEvent, widget } from './support/widget.mjs';

describe('a site not on ALLOWED_ORIGINS', () => {
  let server;
  let site;
  let browser;
  before(async () => {
    [server, browser] = await Promise.all([startServer({ ALLOWED_ORIGINS: 'http://allowed.invalid' }), launchBrowser()]);
    site = await servePage(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another shop</title></head>
<body>
  <h1>Another shop</h1>
  <script src="${server.url}/widget/call-center-widget.js" async></script>
  <call-center-widget server-url="${server.url}"></call-center-widget>
</body></html>`);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.close();
  });

  it('is refused by the server, and the widget says the assistant is not enabled for this site', async () => {
    const page = await newPage(browser);
    const { refused, widgetFiles, warnings } = watch(page);
    await page.goto(site.url);
    assert.notEqual(new URL(site.url).origin, new URL(server.url).origin);

    const w = await openPanel(page);
    // The widget's own files are public: the script, and the call module a cross-origin import() fetches.
    assert.ok(widgetFiles.includes('200 /widget/call-center-widget.js'), widgetFiles.join(', '));
    assert.ok(widgetFiles.includes('200 /widget/ccw-session.js'), widgetFiles.join(', '));

    const error = await waitForEvent(page, 'ccw-error', { code: 'origin_not_allowed' });
    assert.equal(error.detail.retryable, false);
    await w.notice.getByText('The assistant is not enabled for this site.').waitFor({ timeout: 5000 });
    assert.deepEqual(refused[0], {
      path: '/api/config',
      body: { error: { code: 'origin_not_allowed', message: `This assistant is not enabled for ${site.url}. The site owner must add it to ALLOWED_ORIGINS.` } },
    });
    assert.equal((await microphoneUse(page)).calls, 0);
    // The site owner, who looks in the console, is told once what to change.
    const origin = new URL(site.url).origin;
    assert.deepEqual(
      warnings.filter((w) => w.includes('ALLOWED_ORIGINS')),
      [`<call-center-widget>: ${server.url}/ refuses this page's origin, ${origin}. Add it to the server's ALLOWED_ORIGINS (for example ALLOWED_ORIGINS=${origin}) and restart the server.`],
    );
  });

  // The typed message is a JSON POST, so the browser first sends a CORS preflight, which the server refuses
  // with 403 and no CORS headers (by design: server/test/security.test.ts); fetch() only sees a network error.
  // The widget keeps the origin_not_allowed it learnt from /api/config and says that, with nothing to retry.
  it('refuses a typed message with the same clear words, and offers no retry that cannot work', async () => {
    const page = await newPage(browser);
    await page.goto(site.url);
    const w = await openPanel(page);
    await waitForEvent(page, 'ccw-error', { code: 'origin_not_allowed' });
    await send(page, 'hello');
    await page.waitForFunction(() => window.__ccw.events.filter((e) => e.type === 'ccw-error').length >= 2, undefined, { timeout: 5000 });
    assert.equal(await w.agentBubbles.count(), 0, 'no reply');
    assert.equal((await widget(page).failedBubbles.textContent()).trim(), 'hello', 'the message is kept');
    assert.match(await widget(page).notSent.textContent(), /Not sent/);
    assert.equal(await noticeText(page), 'The assistant is not enabled for this site.');
    assert.equal(await widget(page).host.locator('[part="retry-button"]').count(), 0, 'no Retry that cannot work');
  });
});

/** Records the widget files the page loaded, the API requests the server refused with 403, and console warnings. */
function watch(page) {
  const refused = [];
  const widgetFiles = [];
  const warnings = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  page.on('response', async (response) => {
    const path = new URL(response.url()).pathname;
    if (path.startsWith('/widget/')) widgetFiles.push(`${response.status()} ${path}`);
    if (path.startsWith('/api/') && response.status() === 403) refused.push({ path, body: await response.json() });
  });
  return { refused, widgetFiles, warnings };
}
