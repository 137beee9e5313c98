// The same handoff without LiveKit, in text: a customer on the demo site (no LiveKit, so turns go over HTTP) asks
// for a person in the widget's chat; the request rises in a signed-in member's console with its chat; the member
// takes it, and each side reads what the other writes while the AI keeps quiet; the member leaves and the AI
// answers again. Two pages in Chromium against the real server; axe on the console with the chat open. It writes
// the README's screenshots of both sides (docs/screenshots/desk-chat-*.png) from the current code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { addStaff, signInToConsole } from './support/console.mjs';
import { launchBrowser, newPage, ROOT, startServer, until } from './support/harness.mjs';
import { openPanel, replyMatching, send } from './support/widget.mjs';

const ADMIN_KEY = 'admin-key-0123456789abcdef';
const PASSWORD = 'correct horse battery';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('a member of staff takes a text conversation from the console', () => {
  let server;
  let browser;
  before(async () => {
    [server, browser] = await Promise.all([startServer({ ADMIN_API_KEY: ADMIN_KEY }), launchBrowser()]);
    await addStaff(server.url, ADMIN_KEY, 'Sam', PASSWORD);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('hands the chat to Sam and back to the AI, each side reading the other at once', async () => {
    // axe needs to run its script in the page, which the console's CSP forbids: bypassed for this page only.
    const staff = await newPage(browser, { bypassCSP: true, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    await signInToConsole(staff, server.url, 'Sam', PASSWORD);
    await staff.getByText(/Signed in as/).waitFor();

    const customer = await newPage(browser);
    await customer.goto(`${server.url}/`);
    const w = await openPanel(customer);
    await send(customer, 'My order 48213 is late.');
    await replyMatching(customer, /48213/);
    const asked = Date.now();
    await send(customer, 'I want to talk to a human');
    const told = await replyMatching(customer, /can reply to you here in the chat/);
    assert.match(told, /I have recorded ticket (\d+) for your request to speak with a person on order 48213\./);
    const ticket = told.match(/ticket (\d+)/)[1];

    // The request rises to the top of the console with its chat.
    const waiting = staff.getByRole('region', { name: /Asked for a person/ });
    const reply = waiting.getByRole('button', { name: new RegExp(`Reply in the chat of .?Ticket ${ticket}`) });
    await reply.waitFor({ timeout: 10_000 });
    const alertAfter = Date.now() - asked;
    await staff.getByRole('region', { name: 'Chats' }).getByText('Waiting for a person').waitFor();
    const took = Date.now();
    await reply.click();
    const chat = staff.getByRole('region', { name: 'In a chat' });
    await chat.waitFor();
    // What the customer said to the AI before is there to read.
    await chat.getByText('My order 48213 is late.').waitFor();
    await until('the customer reads that Sam joined', async () => (await w.logNotices.allTextContents()).includes('Sam from our team joined the chat.'));
    const joinedAfter = Date.now() - took;
    // Answered: the request leaves the waiting list.
    await waiting.waitFor({ state: 'detached', timeout: 10_000 });

    const repliesBefore = await w.agentBubbles.count();
    const wrote = Date.now();
    await chat.getByLabel('Write to the customer').fill('Hello, this is Sam. I am looking at order 48213 now.');
    await chat.getByRole('button', { name: 'Send' }).click();
    await until('the customer reads Sam', async () => (await w.agentBubbles.allTextContents()).some((t) => t.includes('Hello, this is Sam.')));
    const staffToCustomer = Date.now() - wrote;
    // Under Sam's name, not a persona's.
    assert.ok((await customer.locator('call-center-widget .who').allTextContents()).includes('Sam'));

    const typed = Date.now();
    await send(customer, 'Thank you Sam, it was due on Monday.');
    await chat.getByText('Thank you Sam, it was due on Monday.').waitFor({ timeout: 10_000 });
    const customerToStaff = Date.now() - typed;
    // The AI keeps quiet while Sam holds the chat: no reply comes, and nothing is left typing.
    await customer.waitForTimeout(1_500);
    assert.equal(await w.agentBubbles.count(), repliesBefore + 1);
    assert.equal(await w.pending.count(), 0);

    await staff.screenshot({ path: `${ROOT}docs/screenshots/desk-chat-console.png`, animations: 'disabled', caret: 'hide' });
    await w.panel.screenshot({ path: `${ROOT}docs/screenshots/desk-chat-widget.png`, animations: 'disabled', caret: 'hide' });
    const axe = await staff.evaluate(AXE).then(() => staff.evaluate(() => globalThis.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })));
    assert.deepEqual(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);

    await chat.getByRole('button', { name: 'Leave chat' }).click();
    await until('the customer reads that Sam left', async () => (await w.logNotices.allTextContents()).includes('Sam left the chat. The AI assistant answers again.'));
    await send(customer, 'What is my order number?');
    assert.equal(await replyMatching(customer, /Your order number is/), 'Your order number is 48213.');
    assert.equal(await staff.getByRole('region', { name: 'Chats' }).count(), 0);

    console.log(
      `# desk: request -> console alert ${alertAfter} ms; Reply -> customer reads the join ${joinedAfter} ms; ` +
        `Sam's line -> customer ${staffToCustomer} ms; customer's line -> console ${customerToStaff} ms`,
    );
    assert.deepEqual(customer.problems, []);
    assert.deepEqual(staff.problems, []);
  });
});
