// The Arabic demo page: `language="ar"` on the element mirrors the widget (panel right to left, launcher in the
// bottom-left corner), and an Arabic question is answered in Arabic script.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newPage, useDemo } from './support/harness.mjs';
import { microphoneUse, openPanel, replyMatching, send, waitForEvent } from './support/widget.mjs';

const ARABIC = /[\u0600-\u06ff]/;
const LATIN_WORD = /[A-Za-z]{2,}/;

describe('the widget in Arabic', () => {
  const demo = useDemo();

  it('mirrors its layout and answers an Arabic question in Arabic', async () => {
    const page = await newPage(demo.browser);
    await page.goto(`${demo.server.url}/examples/ar.html`);
    assert.equal(await page.locator('call-center-widget').getAttribute('language'), 'ar');
    const w = await openPanel(page);

    // Mirrored: the panel is right to left, the launcher and panel sit on the left of the viewport.
    assert.equal(await w.panel.getAttribute('dir'), 'rtl');
    assert.equal(await w.panel.getAttribute('lang'), 'ar');
    const viewport = page.viewportSize();
    const launcher = await w.launcher.boundingBox();
    const panel = await w.panel.boundingBox();
    assert.ok(launcher.x + launcher.width < viewport.width / 2, `launcher at x=${launcher.x}`);
    assert.ok(panel.x < viewport.width / 2, `panel at x=${panel.x}`);
    // Localized UI: the launcher's label, the input's placeholder, the greeting and the suggestions are Arabic.
    assert.match(await w.launcher.getAttribute('aria-label'), ARABIC);
    assert.equal(await w.input.getAttribute('placeholder'), 'اكتب رسالة…');
    assert.equal(await w.greeting.textContent(), 'مرحبًا! كيف يمكنني مساعدتك اليوم؟');
    assert.equal(await w.suggestions.count(), 3);
    // The offline recognizer is English only: no voice call is offered in Arabic, and the panel says so first.
    await w.notice.getByText('المكالمات الصوتية هنا بالإنجليزية فقط. اكتب رسالتك بالعربية في الأسفل.').waitFor({ timeout: 5000 });
    assert.equal(await w.callButton.count(), 0);
    // The input's text runs right to left: the composer's start edge is on the right.
    const input = await w.input.boundingBox();
    const sendButton = await w.sendButton.boundingBox();
    assert.ok(sendButton.x < input.x, 'the Send button is on the left of the input in RTL');

    await send(page, 'أريد معرفة أسعار الخطط');
    const reply = await replyMatching(page, /دولار/);
    assert.match(reply, ARABIC);
    assert.doesNotMatch(reply, LATIN_WORD, `an Arabic reply, not a translation: ${reply}`);
    assert.match(reply, /9 دولارات/);
    const message = await waitForEvent(page, 'ccw-message', { role: 'agent', persona: 'sales' });
    assert.match(message.detail.text, ARABIC);
    assert.match(await w.logNotices.last().textContent(), /أنت الآن تتحدث مع المبيعات/);
    assert.equal(await w.persona.textContent(), 'المبيعات');
    // The customer's own bubble keeps its text, isolated for bidi.
    assert.equal((await w.customerBubbles.last().textContent()).trim(), 'أريد معرفة أسعار الخطط');
    assert.equal(await w.customerBubbles.last().getAttribute('dir'), 'auto');
    assert.equal((await microphoneUse(page)).calls, 0);
    assert.deepEqual(page.problems, []);
  });
});
