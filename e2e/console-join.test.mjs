// A member of staff joins a customer's call from the console: two pages in Chromium (the customer on the demo
// site, the staff member on /console), the real LiveKit server with its webhooks pointed at our server, the fake
// microphone in both. The call shows up in the console, Join puts the member's microphone in the customer's room,
// each page plays the other's voice (measured), the customer reads who joined and who left, and ending the call
// from the console closes the customer's room.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { requireLiveKit, startLiveKit } from '../scripts/livekit-dev.mjs';
import { addStaff, signInToConsole } from './support/console.mjs';
import { launchBrowser, newPage, SPEECH_WAV, startServer } from './support/harness.mjs';
import { callInRoom, livekitEnv, until, webhookRelay, withoutCloseNoise } from './support/livekit.mjs';
import { remoteAudio } from './support/widget.mjs';

const binary = requireLiveKit('console join e2e');
const ADMIN_KEY = 'admin-key-0123456789abcdef';
const PASSWORD = 'correct horse battery';

/** The loudest 50 ms of the voices the console plays, over `ms`, in dBFS (its audio elements, via Web Audio). */
function consoleHears(page, ms) {
  return page.evaluate(async (ms) => {
    const root = document.querySelector('ccw-console').shadowRoot;
    const streams = [...root.querySelectorAll('audio')].map((el) => el.srcObject).filter(Boolean);
    if (streams.length === 0) return { elements: 0, peakDbfs: -Infinity };
    const ctx = new AudioContext();
    await ctx.resume();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 2048;
    for (const stream of streams) ctx.createMediaStreamSource(stream).connect(analyser);
    const data = new Float32Array(analyser.fftSize);
    let peak = 0;
    const until = performance.now() + ms;
    while (performance.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      analyser.getFloatTimeDomainData(data);
      let sum = 0;
      for (const v of data) sum += v * v;
      peak = Math.max(peak, Math.sqrt(sum / data.length));
    }
    await ctx.close();
    return { elements: streams.length, peakDbfs: 20 * Math.log10(peak || 1e-9) };
  }, ms);
}

describe('a member of staff joins a customer\'s call from the console', { skip: !binary && 'livekit-server not installed' }, () => {
  let relay;
  let livekit;
  let server;
  let browser;
  before(async () => {
    relay = await webhookRelay();
    livekit = await startLiveKit({ binary, webhookUrls: [`${relay.url}/api/livekit/webhook`] });
    [server, browser] = await Promise.all([
      // No AI agent here: this is about the two people; with the agent in the call, see console-handover.test.mjs.
      startServer({ ...livekitEnv(livekit), LIVEKIT_AGENT: 'off', ADMIN_API_KEY: ADMIN_KEY }),
      launchBrowser({ wav: SPEECH_WAV }),
    ]);
    relay.target = server.url;
    await addStaff(server.url, ADMIN_KEY, 'Sam', PASSWORD);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await livekit?.stop();
    await relay?.close();
  });

  it('sees the call, joins it with the microphone, each side hears the other, and the customer reads who came and went', async () => {
    const customer = await newPage(browser);
    await customer.goto(`${server.url}/`);
    const { w, room } = await callInRoom(customer);

    const staff = await newPage(browser);
    await signInToConsole(staff, server.url, 'Sam', PASSWORD);
    // The call arrives through LiveKit's webhooks; the console asks every 3 s.
    const row = staff.getByRole('row').filter({ hasText: room });
    await row.waitFor({ timeout: 15_000 });
    assert.match(await row.textContent(), /customer/);
    // Where it stands (no AI agent in this call) and how long it has lasted.
    assert.match(await row.textContent(), /No AI agent in the call/);
    assert.match(await row.textContent(), /for \u2068\d+:\d\d\u2069/);
    const clicked = Date.now();
    await row.getByRole('button', { name: /Join call/ }).click();
    await staff.getByRole('heading', { name: /In call/ }).waitFor({ timeout: 15_000 });
    // No AI agent in this call: the summary says so rather than invent one.
    await staff.getByText('The caller has not talked with the AI agent in this call yet.').waitFor();

    await until('the customer reads that Sam joined', async () => (await w.logNotices.allTextContents()).some((t) => t.includes('Sam from our team joined the call.')), 15_000);
    const customerHears = await until('the customer hears Sam', async () => {
      const level = await remoteAudio(customer, 1_500);
      return level.playing > 0 && level.peakDbfs > -40 ? level : undefined;
    }, 20_000);
    const heardAfter = Date.now() - clicked;
    const staffHears = await until('Sam hears the customer', async () => {
      const level = await consoleHears(staff, 1_500);
      return level.elements > 0 && level.peakDbfs > -40 ? level : undefined;
    }, 20_000);
    console.log(
      `# join: the customer hears Sam ${heardAfter} ms after Join (peak ${customerHears.peakDbfs.toFixed(1)} dBFS); ` +
        `Sam hears the customer (peak ${staffHears.peakDbfs.toFixed(1)} dBFS)`,
    );

    await staff.getByRole('button', { name: 'Leave call' }).click();
    await until('the customer reads that Sam left', async () => (await w.logNotices.allTextContents()).some((t) => t.includes('Sam left the call.')), 15_000);
    assert.equal(await staff.evaluate(() => document.querySelector('ccw-console').shadowRoot.querySelectorAll('audio').length), 0);

    // Ending the call (after a confirmation) closes the room: the customer is told, and can still type.
    staff.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: /End call/ }).click();
    await w.notice.getByText('The voice room was closed. The assistant can still help you here.').waitFor({ timeout: 15_000 });
    await row.waitFor({ state: 'detached', timeout: 15_000 });
    assert.deepEqual(withoutCloseNoise(customer.problems), []);
    assert.deepEqual(withoutCloseNoise(staff.problems), []);
  });
});
