// A visitor whose browser refuses the microphone: Chromium launched without the flag that accepts permission
// prompts and a context that grants nothing, so getUserMedia gets the browser's own NotAllowedError. The widget
// explains how to allow it and text chat carries on.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, newPage, startServer } from './support/harness.mjs';
import { events, microphoneUse, noticeText, openPanel, replyMatching, send, waitForEvent } from './support/widget.mjs';

describe('when the browser denies the microphone', () => {
  let server;
  let browser;
  before(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser({ grantMicrophone: false })]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says how to allow it, offers text chat, and text chat works', async () => {
    const page = await newPage(browser, { permissions: [] });
    await page.goto(`${server.url}/`);
    const w = await openPanel(page);

    await w.callButton.click();
    const error = await waitForEvent(page, 'ccw-error', { code: 'microphone_denied' });
    assert.equal(error.detail.retryable, false);
    assert.deepEqual((await microphoneUse(page)).errors, ['NotAllowedError'], 'the browser itself refused');
    const notice = await noticeText(page);
    assert.match(notice, /Microphone access is blocked/);
    assert.match(notice, /lock or camera icon in the address bar.*Site settings.*Allow/);
    assert.match(notice, /keep chatting by text/);
    assert.equal(await w.status.textContent(), 'Ready');
    assert.match(await w.callButton.textContent(), /Start call/);
    assert.equal((await events(page, 'ccw-call-end')).length, 1, 'the cancelled call still gets its ccw-call-end');

    await send(page, 'What are your prices?');
    await replyMatching(page, /Basic at \$9 a month/);
    assert.equal((await microphoneUse(page)).calls, 1, 'typing asks for no microphone');
    // Expected console noise: none; the refusal is reported in the panel, not as a page error.
    assert.deepEqual(page.problems, []);
  });
});
