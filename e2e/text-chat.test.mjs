// The demo site as a visitor who only types: the README's script tag and element, a typed question, a streamed
// reply with a transfer to sales, and no microphone asked for at any point.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { newPage, ROOT, useDemo } from './support/harness.mjs';
import { events, microphoneUse, replyMatching, openPanel, send, waitForEvent, widget } from './support/widget.mjs';

describe('the demo site, by text only', () => {
  const demo = useDemo();

  it('embeds the widget exactly as the README tells a website owner to', () => {
    const html = readFileSync(`${ROOT}examples/index.html`, 'utf8');
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    assert.match(readme, /<script src="[^"]*\/widget\/call-center-widget\.js" async><\/script>/);
    assert.match(html, /<script src="\/widget\/call-center-widget\.js" async><\/script>\s*<call-center-widget><\/call-center-widget>/);
    assert.equal(html.match(/<script src="\/widget\//g).length, 1);
  });

  it('answers typed questions with streamed replies and a transfer, and never asks for the microphone', async () => {
    const page = await newPage(demo.browser);
    await page.goto(`${demo.server.url}/`);
    const w = await openPanel(page);
    await waitForEvent(page, 'ccw-open', { source: 'user' });
    assert.equal(await w.status.textContent(), 'Ready');

    await send(page, 'hello');
    await replyMatching(page, /welcome to customer service/i);

    await send(page, 'What plans do you have?');
    await replyMatching(page, /Basic at \$9 a month.*Pro at \$29 a month.*Business at \$99 a month/);
    await waitForEvent(page, 'ccw-transfer', { from: 'reception', to: 'sales' });
    assert.match(await w.logNotices.last().textContent(), /You are now talking to Sales/);
    assert.equal(await w.persona.textContent(), 'Sales');
    assert.deepEqual(
      (await w.customerBubbles.allTextContents()).map((t) => t.trim()),
      ['hello', 'What plans do you have?'],
    );

    const messages = (await events(page, 'ccw-message')).map((e) => `${e.detail.role}:${e.detail.persona ?? ''}`);
    assert.deepEqual(messages, ['customer:', 'agent:reception', 'customer:', 'agent:reception', 'agent:sales']);
    assert.deepEqual(await microphoneUse(page), { calls: 0, errors: [], liveTracks: 0 });
    assert.deepEqual(await events(page, 'ccw-call-start'), []);
    assert.deepEqual(page.problems, []);
  });
});
