// A server that says LiveKit is on, at an address where nothing listens (port 9, discard, refuses connections):
// the widget fetches a token and the LiveKit client, fails to connect, and carries on in direct mode, telling
// the customer in one line within 3 seconds of pressing Start call.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, newPage, startServer } from './support/harness.mjs';
import { microphoneUse, openPanel, replyMatching, send, waitForEvent, widget } from './support/widget.mjs';

const LIVEKIT_ENV = { LIVEKIT_URL: 'ws://127.0.0.1:9', LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' };

describe('when LiveKit is configured but unreachable', () => {
  let server;
  let browser;
  before(async () => {
    [server, browser] = await Promise.all([startServer(LIVEKIT_ENV), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('falls back to direct mode and says so within 3 seconds', async () => {
    const page = await newPage(browser);
    const requests = [];
    page.on('response', (response) => requests.push(`${response.status()} ${new URL(response.url()).pathname}`));
    await page.goto(`${server.url}/`);
    const w = await openPanel(page);
    assert.ok(!requests.some((r) => r.endsWith('/widget/ccw-livekit.js')), 'the LiveKit client is not fetched before a call');

    const pressed = Date.now();
    await w.callButton.click();
    // In the customer's words; the page hears the reason in ccw-error, the console in one line.
    await widget(page).notice.getByText('Your call continues here.').waitFor({ timeout: 3000 });
    const noticeAfterMs = Date.now() - pressed;
    assert.ok(noticeAfterMs < 3000, `notice after ${noticeAfterMs} ms`);

    // It really tried LiveKit: a token from the server and the LiveKit client file beside the widget.
    assert.ok(requests.includes('200 /api/room/token'), requests.join('\n'));
    assert.ok(requests.includes('200 /widget/ccw-livekit.js'), requests.join('\n'));
    assert.match((await waitForEvent(page, 'ccw-error', { code: 'livekit_unreachable' })).detail.message, /LiveKit could not carry the call/);
    // And the call goes on, directly: listening, and a typed message is answered.
    await waitForEvent(page, 'ccw-state', { state: 'listening' }, 10_000);
    assert.equal(await w.status.textContent(), 'Listening');
    await w.host.evaluate((el) => el.setMuted(true));
    await send(page, 'What are your prices?');
    await replyMatching(page, /Basic at \$9 a month/);

    await w.callButton.click();
    await waitForEvent(page, 'ccw-call-end');
    assert.equal((await microphoneUse(page)).liveTracks, 0);
    console.log(`# LiveKit fallback notice after ${noticeAfterMs} ms`);
  });
});
