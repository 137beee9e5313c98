// The staff console at /console in Chromium against the real server: a member added with the admin key signs
// in (a wrong password first), finds the ticket a customer's refund request recorded, reads its conversation,
// closes it with a note and signs out; the page runs under its strict Content-Security-Policy with no
// violation, reads in Arabic mirrored, and passes axe in both languages. It writes the README's console
// screenshots (docs/screenshots/console-*.png) from the current code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, newPage, ROOT, startServer } from './support/harness.mjs';

const ADMIN_KEY = 'admin-key-0123456789abcdef';
const PASSWORD = 'correct horse battery';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A POST of JSON from Node (no Origin: as curl would send it). */
async function post(url, body, headers = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  assert.ok(res.ok, `${url}: HTTP ${res.status} ${await res.clone().text()}`);
  return res.json();
}

/** axe's WCAG 2 A and AA rules on the page as it stands; CSP is bypassed in this context so axe can run. */
async function axeViolations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => globalThis.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('the staff console', () => {
  let server;
  let browser;
  before(async () => {
    [server, browser] = await Promise.all([startServer({ ADMIN_API_KEY: ADMIN_KEY }), launchBrowser()]);
    await post(`${server.url}/api/admin/staff`, { name: 'Sam', password: PASSWORD }, { Authorization: `Bearer ${ADMIN_KEY}` });
    // A customer asks for a refund in writing: the offline engine records ticket 1001.
    const first = await post(`${server.url}/api/conversation`, { message: 'My order 48213 arrived damaged.' });
    const refund = await post(`${server.url}/api/conversation`, { message: 'I want a refund.', conversation_id: first.conversation_id });
    assert.match(refund.response, /ticket 1001/);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs a member in, shows and closes the ticket a call recorded, and signs out, with no CSP violation', async () => {
    const page = await newPage(browser);
    const violations = [];
    await page.exposeFunction('reportViolation', (v) => violations.push(v));
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => globalThis.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
    const response = await page.goto(`${server.url}/console?lang=en`);
    assert.match(response.headers()['content-security-policy'], /default-src 'none'; script-src 'self'/);
    assert.match(response.headers()['content-security-policy'], /require-trusted-types-for 'script'/);

    await page.getByLabel('Name').fill('Sam');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('That name and password do not match a staff member.').waitFor();

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Signed in as \u2068Sam\u2069/).waitFor();
    // The cookie is the browser's alone: HTTP-only, strict, for the console API only.
    const [cookie] = await page.context().cookies();
    assert.deepEqual({ name: cookie.name, httpOnly: cookie.httpOnly, sameSite: cookie.sameSite, path: cookie.path }, { name: 'ccw_staff', httpOnly: true, sameSite: 'Strict', path: '/api/console' });
    assert.equal(await page.evaluate(() => document.cookie), '');

    const ticket = page.getByRole('listitem').filter({ hasText: 'Ticket 1001' });
    await ticket.waitFor();
    assert.match(await ticket.textContent(), /Refund/);
    assert.match(await ticket.textContent(), /Order \u206848213\u2069/);
    assert.match(await ticket.textContent(), /Refund requested for order 48213 \(damaged\)\./);
    await ticket.getByText('Conversation').click();
    await ticket.getByText('I want a refund.').waitFor();
    // With no webhooks from LiveKit, the calls list says why it is empty.
    await page.getByText('LiveKit has not sent this server any events yet').waitFor();

    await ticket.getByLabel('Note (optional)').fill('Refunded in full.');
    await ticket.getByRole('button', { name: 'Close ticket' }).click();
    await page.getByText('No tickets here.').waitFor();
    await page.getByRole('button', { name: 'Closed' }).click();
    const closed = page.getByRole('listitem').filter({ hasText: 'Ticket 1001' });
    await closed.getByText(/Closed by \u2068Sam\u2069/).waitFor();
    await closed.getByText('Refunded in full.').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.deepEqual(violations, []);
    // The browser logs the refused sign-in (401) as a failed load; nothing else went wrong.
    const refused = /status of 401 \(Unauthorized\) \(http:\/\/[^)]+\/api\/console\/session\)$/;
    assert.equal(page.problems.filter((p) => refused.test(p)).length, 1, page.problems.join('\n'));
    assert.deepEqual(page.problems.filter((p) => !refused.test(p)), []);
    await page.context().close();
  });

  it('brings a caller who asked for a person to the top, with a badge, the count in the title and a chime', async () => {
    const page = await newPage(browser);
    await page.addInitScript(() => {
      globalThis.chimes = 0;
      const create = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (...args) {
        globalThis.chimes += 1;
        return create.apply(this, args);
      };
    });
    await page.goto(`${server.url}/console?lang=en`);
    await page.getByLabel('Name').fill('Sam');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Signed in as/).waitFor();
    assert.equal(await page.title(), 'Call center console');

    const asked = Date.now();
    const reply = await post(`${server.url}/api/conversation`, { message: 'I want to talk to a human' });
    assert.match(reply.response, /I have recorded ticket (\d+) for your request to speak with a person\. A member of our team who is working now has been alerted and can reply to you here in the chat\./);
    const waiting = page.getByRole('region', { name: /Asked for a person/ });
    await waiting.getByText(/Asked to speak with a person/).waitFor({ timeout: 10_000 });
    const seenAfter = Date.now() - asked;
    assert.equal(await waiting.getByLabel('1 caller waiting').textContent(), '1');
    assert.equal(await page.title(), '(1) Call center console');
    assert.equal(await page.evaluate(() => globalThis.chimes), 2);
    console.log(`console: a request for a person reached the console in ${seenAfter} ms (requests for a person are polled every 2 s)`);

    // Closed, it leaves the top.
    await waiting.getByRole('button', { name: 'Close ticket' }).click();
    await waiting.waitFor({ state: 'detached' });
    assert.equal(await page.title(), 'Call center console');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it('reads in Arabic, mirrored, and passes axe in English and Arabic, signed out and in', async () => {
    const page = await newPage(browser, { bypassCSP: true, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    await page.goto(`${server.url}/console?lang=ar`);
    await page.getByRole('button', { name: 'دخول' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar');
    assert.deepEqual(await axeViolations(page), []);
    await page.getByLabel('الاسم').fill('Sam');
    await page.getByLabel('كلمة المرور').fill(PASSWORD);
    await page.getByRole('button', { name: 'دخول' }).click();
    await page.getByText(/مسجّل الدخول باسم \u2068Sam\u2069/).waitFor();
    await page.getByRole('button', { name: 'الكل' }).click();
    await page.getByText('التذكرة 1001').waitFor();
    await page.getByRole('listitem').filter({ hasText: 'التذكرة 1001' }).getByText('المحادثة').click();
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: `${ROOT}docs/screenshots/console-ar.png`, animations: 'disabled', caret: 'hide' });

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText(/Signed in as \u2068Sam\u2069/).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
    await page.getByText('I want a refund.').waitFor();
    assert.match(page.url(), /lang=en/);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: `${ROOT}docs/screenshots/console-en.png`, animations: 'disabled', caret: 'hide' });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
