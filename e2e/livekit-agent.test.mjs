// The widget with the AI agent in its LiveKit room: the real LiveKit server, the server with LIVEKIT_AGENT=on, one
// agent worker process (the agent module as the build makes it), and Chromium whose fake microphone says "i would
// like to talk to sales about a new plan". The agent hears it in the room, the widget shows what the agent
// publishes (both sides' transcripts, the transfer, its voice) and never uploads a turn; typed text goes to the
// agent over the room; and when the worker dies mid-call the customer is told and the call goes on over HTTP
// with what was said before.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildAgentBundle, startAgentWorker } from '../scripts/agent-worker-dev.mjs';
import { requireLiveKit, startLiveKit } from '../scripts/livekit-dev.mjs';
import { disposeRtc } from '../scripts/livekit-participant.mjs';
import { launchBrowser, newPage, ROOT, SPEECH_TEXT, startServer } from './support/harness.mjs';
import { callInRoom, cleanUp, livekitEnv, until, withoutCloseNoise } from './support/livekit.mjs';
import { events, noticeText, openPanel, remoteAudio, replyMatching, send, waitForEvent, widget } from './support/widget.mjs';

const binary = requireLiveKit('AI agent e2e');

/** The first finished agent reply after the first `after` ones that matches `pattern`. */
async function replyAfter(page, after, pattern, timeoutMs = 30_000) {
  const w = widget(page);
  return until(`a new reply matching ${pattern}`, async () => {
    const found = (await w.agentBubbles.allTextContents()).slice(after).find((t) => pattern.test(t));
    return found !== undefined && (await w.pending.count()) === 0 ? found.trim() : undefined;
  }, timeoutMs);
}

describe('the widget with the AI agent in its LiveKit room', { skip: !binary && 'livekit-server not installed' }, () => {
  let livekit;
  let bundle;
  let worker;
  let server;
  let browser;
  let page;
  let w;
  /** Every API request the page made, by path. */
  const requests = [];

  before(async () => {
    livekit = await startLiveKit({ binary });
    bundle = await buildAgentBundle();
    [worker, server, browser] = await Promise.all([
      startAgentWorker({ bundle, livekit }),
      startServer(livekitEnv(livekit, livekit.wsUrl, { LIVEKIT_AGENT: 'on' })),
      launchBrowser(),
    ]);
  });

  after(async () => {
    await cleanUp([
      ['the browser closes', () => browser?.close()],
      ['the server stops', () => server?.close()],
      ['the worker stops', () => worker?.stop()],
      ['LiveKit stops', () => livekit?.stop()],
      ['the agent bundle goes', () => bundle?.dispose()],
      // LiveKit's native runtime keeps the process alive until it is shut down.
      ['rtc-node shuts down', () => disposeRtc()],
    ]);
  });

  const apiCalls = (path) => requests.filter((r) => r.path === path);

  it('answers a spoken request in the room, in voice and text, with no turn uploaded', async () => {
    page = await newPage(browser);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) requests.push({ path: url.pathname, method: request.method(), at: Date.now() });
    });
    await page.goto(`${server.url}/`);
    const config = await page.evaluate(async () => (await fetch('/api/config')).json());
    assert.equal(config.livekit.agent, true);
    await page.evaluate(() => {
      // A customer stops talking once they have asked: the fake microphone would repeat the phrase every 5 s.
      document.addEventListener('ccw-transcript', (e) => {
        if (/talk to sales/.test(e.detail.text)) document.querySelector('call-center-widget').setMuted(true);
      });
    });
    ({ w } = await callInRoom(page));

    // The agent heard the customer in the room and published what it heard; the widget shows it as their words.
    // (The call may begin in the middle of the looping phrase: its tail is heard first.)
    const heard = await page.waitForFunction(() => window.__ccw.events.find((e) => e.type === 'ccw-transcript' && /talk to sales/.test(e.detail.text)), undefined, {
      timeout: 30_000,
      polling: 50,
    });
    console.log(`# the agent heard: ${JSON.stringify((await heard.jsonValue()).detail)}`);
    await until('the customer’s words show in the log', async () => (await w.customerBubbles.allTextContents()).some((t) => /talk to sales/.test(t)), 5_000);
    // Reception hands over to sales: the transfer, the header and the reply, written as it is spoken.
    await waitForEvent(page, 'ccw-transfer', { from: 'reception', to: 'sales' }, 20_000);
    await replyMatching(page, /We offer three plans: Basic at \$9 a month/, { timeout: 40_000 });
    assert.equal(await w.persona.textContent(), 'Sales');
    // The agent's voice plays in the page.
    const played = await until('the agent’s voice plays', async () => {
      const level = await remoteAudio(page, 1_000);
      return level.playing > 0 && level.peakDbfs > -40 ? level : undefined;
    }, 20_000);
    console.log(`# the customer hears the agent: peak ${played.peakDbfs.toFixed(1)} dBFS`);
    // While it speaks, the equalizer shows its voice (the microphone is muted, so the bars are the agent's).
    const bars = await until('the equalizer moves with the agent’s voice', async () => {
      const heights = await page.evaluate(() =>
        [...document.querySelector('call-center-widget').shadowRoot.querySelectorAll('[part="equalizer"].active .bar')].map((b) => parseFloat(b.style.getPropertyValue('--level')) || 0),
      );
      return (await w.status.textContent()) === 'Speaking' && heights.filter((h) => h > 0.2).length >= 3 ? heights : undefined;
    }, 20_000);
    console.log(`# equalizer while the agent speaks: ${bars.map((h) => h.toFixed(2)).join(' ')}`);
    // The room carried the turn: nothing was uploaded, and no turn was asked of the server over HTTP.
    assert.deepEqual([...apiCalls('/api/voice-turn'), ...apiCalls('/api/conversation'), ...apiCalls('/api/transcribe')], []);
    console.log(`# transcripts: ${JSON.stringify((await events(page, 'ccw-transcript')).map((e) => e.detail.text))}`);
    assert.deepEqual(withoutCloseNoise(page.problems), []);
    assert.notEqual(SPEECH_TEXT, '');
  });

  it('sends typed text to the agent over the room, and shows its answer', async () => {
    const before = (await w.agentBubbles.allTextContents()).length;
    await send(page, 'my order number is 48213');
    await until('the agent answers the typed message', async () => (await w.agentBubbles.allTextContents()).length > before, 20_000);
    await until('the answer is finished', async () => (await w.pending.count()) === 0, 20_000);
    assert.deepEqual([...apiCalls('/api/conversation'), ...apiCalls('/api/voice-turn')], []);
    // The customer's line shows once (typed), not again when the agent echoes it as heard.
    const lines = (await w.customerBubbles.allTextContents()).filter((t) => t.includes('48213'));
    assert.equal(lines.length, 1, JSON.stringify(lines));
  });

  it('continues, in the room, what the customer had typed before calling', async () => {
    // A customer who typed first and then calls, with a microphone that stays quiet.
    const quiet = await launchBrowser({ wav: `${ROOT}widget/test/fixtures/silence.wav` });
    try {
      const other = await newPage(quiet);
      const mine = [];
      other.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname.startsWith('/api/')) mine.push(url.pathname);
      });
      await other.goto(`${server.url}/`);
      const v = await openPanel(other);
      await send(other, 'my order number is 55555');
      await replyMatching(other, /55555|order/i, { timeout: 20_000 });
      assert.deepEqual(mine.filter((p) => p === '/api/conversation'), ['/api/conversation']);
      await v.callButton.click();
      await waitForEvent(other, 'ccw-transport', { mode: 'livekit' }, 15_000);
      // The agent took the conversation over: it announced one of its own, and answers from what was typed.
      await until('the agent is listening', async () => (await v.status.textContent()) === 'Listening', 20_000);
      const earlier = (await v.agentBubbles.allTextContents()).length;
      await send(other, 'what was my order number again');
      const reply = await replyAfter(other, earlier, /55555/);
      // Over the room: no second typed turn went to the server.
      assert.deepEqual(mine.filter((p) => p === '/api/conversation'), ['/api/conversation']);
      console.log(`# typed before the call, answered by the agent in the room: "${reply}"`);
      await v.callButton.click();
      await waitForEvent(other, 'ccw-call-end');
    } finally {
      await quiet.close();
    }
  });

  it('tells the customer when the agent’s worker dies, and answers over HTTP with what was said before', async () => {
    const persona = await w.persona.textContent();
    const crashedAt = Date.now();
    await worker.crash();
    await until('the customer is told the call goes on', async () => /Your call continues here/.test(await noticeText(page)), 40_000);
    const told = Date.now() - crashedAt;
    // The server continues the conversation the agent kept, from the lines the customer saw.
    await until('the conversation is carried over', async () => apiCalls('/api/conversation/resume').length > 0, 10_000);
    const earlier = (await w.agentBubbles.allTextContents()).length;
    await send(page, 'what was my order number again');
    const reply = await replyAfter(page, earlier, /48213/, 20_000);
    assert.equal(apiCalls('/api/conversation').length, 1);
    // Whoever was answering goes on answering.
    assert.equal(await w.persona.textContent(), persona);
    console.log(`# worker killed: the customer was told after ${told} ms; the next answer came over HTTP: "${reply}"`);
  });
});
