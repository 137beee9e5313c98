// LiveKit failing under a call, with the real server: killed mid-call and started again, a short network cut
// (a relay in front of LiveKit drops the browser's connection), and a token that expired while LiveKit was away.
// Each is measured: how long until the call is direct, and until it is back in its room.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { requireLiveKit, startLiveKit } from '../scripts/livekit-dev.mjs';
import { launchBrowser, newPage, ROOT, startServer } from './support/harness.mjs';
import { ADMIN_KEY, callInRoom, cleanUp, livekitEnv, pageNow, transportEvents, until } from './support/livekit.mjs';
import { startTcpProxy } from './support/tcp-proxy.mjs';
import { noticeText, replyMatching, send, waitForEvent } from './support/widget.mjs';

const SILENT_WAV = `${ROOT}widget/test/fixtures/silence.wav`;
const binary = requireLiveKit('LiveKit fault e2e');

describe('when LiveKit fails during a call', { skip: !binary && 'livekit-server not installed' }, () => {
  let browser;
  before(async () => {
    browser = await launchBrowser({ wav: SILENT_WAV });
  });
  after(async () => {
    await browser?.close();
  });

  it('LiveKit killed: the call goes on directly, told in the customer’s words; started again: the call rejoins its room', async () => {
    const livekit = await startLiveKit({ binary });
    const server = await startServer(livekitEnv(livekit));
    try {
      const page = await newPage(browser);
      await page.goto(`${server.url}/`);
      const { w, room } = await callInRoom(page);
      await send(page, 'What are your prices?');
      await replyMatching(page, /Basic at \$9 a month/);

      const killedAt = await pageNow(page);
      await livekit.kill();
      const direct = await waitForEvent(page, 'ccw-transport', { mode: 'direct' }, 20_000);
      await until('the customer is told', async () => (await noticeText(page)) === 'Your call continues here.');
      const toDirect = direct.at - killedAt;
      // The conversation is intact and goes on.
      assert.deepEqual(await w.customerBubbles.allTextContents(), ['What are your prices?']);
      const replies = await w.agentBubbles.count();
      await send(page, 'Tell me about the Pro plan');
      await until('the next question is answered', async () => (await w.agentBubbles.count()) > replies, 20_000);
      await replyMatching(page, /Pro/);

      const startedAt = await pageNow(page);
      await livekit.start();
      const back = await until('the widget rejoins', async () =>
        (await transportEvents(page)).find((e) => e.at > startedAt && e.detail.mode === 'livekit'),
      30_000);
      const toRejoin = back.at - startedAt;
      assert.equal(back.detail.room, room, 'the same room');
      await until('the customer is told', async () => (await noticeText(page)) === 'You are reconnected.');
      console.log(`# LiveKit killed mid-call: direct after ${Math.round(toDirect)} ms; restarted: back in room after ${Math.round(toRejoin)} ms`);

      // And the next call uses the room too.
      await w.callButton.click();
      await waitForEvent(page, 'ccw-call-end');
      const before = (await transportEvents(page)).length;
      await w.callButton.click();
      await until('the next call is in a room', async () => (await transportEvents(page)).slice(before).find((e) => e.detail.mode === 'livekit'));
      await w.callButton.click();
      assert.deepEqual(page.problems.filter((p) => !/WebSocket|livekit|ERR_CONNECTION_REFUSED/i.test(p)), []);
    } finally {
      await cleanUp([['the test server', () => server.close()], ['LiveKit', () => livekit.stop()]]);
    }
  });

  it('a short network cut: LiveKit reconnects by itself and the call stays in its room', async () => {
    const livekit = await startLiveKit({ binary });
    const relay = await startTcpProxy(livekit.port);
    const server = await startServer(livekitEnv(livekit, `ws://127.0.0.1:${relay.port}`));
    try {
      const page = await newPage(browser);
      await page.goto(`${server.url}/`);
      const { w, room } = await callInRoom(page);
      const cutAt = await pageNow(page);
      await relay.cut(1_500);
      const restoredAt = await pageNow(page);
      const back = await until('LiveKit reconnects', async () => {
        const events = (await transportEvents(page)).filter((e) => e.at > cutAt);
        return events.some((e) => e.detail.mode === 'reconnecting') && events.find((e) => e.detail.mode === 'livekit');
      }, 20_000);
      const events = (await transportEvents(page)).filter((e) => e.at > cutAt);
      assert.deepEqual(events.map((e) => e.detail.mode), ['reconnecting', 'livekit'], 'never direct');
      assert.equal(back.detail.room, room);
      console.log(`# network cut of 1.5 s: back ${Math.round(back.at - restoredAt)} ms after the network returned (${Math.round(back.at - cutAt)} ms after the cut)`);
      // Still one customer in the room: the same participant, not a second one.
      const participants = await (
        await fetch(`${server.url}/api/admin/rooms/${room}/participants`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` }, signal: AbortSignal.timeout(10_000) })
      ).json();
      assert.equal(participants.participants.filter((p) => p.identity.startsWith('customer-')).length, 1);
      await w.callButton.click();
      await waitForEvent(page, 'ccw-call-end');
      await page.close();
    } finally {
      await cleanUp([['the test server', () => server.close()], ['the relay', () => relay.close()], ['LiveKit', () => livekit.stop()]]);
    }
  });

  it('an expired token: the customer rejoins the same room with the call handle', async () => {
    const livekit = await startLiveKit({ binary });
    // The shortest token life the server allows, so that it expires while LiveKit is away.
    const server = await startServer(livekitEnv(livekit, livekit.wsUrl, { LIVEKIT_TOKEN_TTL_SECONDS: '30' }));
    try {
      const page = await newPage(browser);
      const tokens = [];
      page.on('response', async (response) => {
        if (new URL(response.url()).pathname === '/api/room/token' && response.ok()) tokens.push(await response.json());
      });
      await page.goto(`${server.url}/`);
      const { w, room } = await callInRoom(page);
      await livekit.kill();
      await waitForEvent(page, 'ccw-transport', { mode: 'direct' }, 20_000);
      const first = tokens[0];
      await until('the first token has expired', async () => Date.now() > Date.parse(first.expires_at) + 1_000, 40_000);
      const startedAt = await pageNow(page);
      await livekit.start();
      const back = await until('the widget rejoins', async () =>
        (await transportEvents(page)).find((e) => e.at > startedAt && e.detail.mode === 'livekit'),
      30_000);
      assert.equal(back.detail.room, room);
      const last = tokens.at(-1);
      assert.equal(last.room_name, room);
      assert.equal(last.call_handle, first.call_handle, 'the rejoin asked with the call handle');
      assert.ok(Date.parse(last.expires_at) > Date.now(), 'a fresh token');
      console.log(`# expired token: back in room ${Math.round(back.at - startedAt)} ms after LiveKit returned (${tokens.length} tokens asked for)`);
      await w.callButton.click();
      await waitForEvent(page, 'ccw-call-end');
      await page.close();
    } finally {
      await cleanUp([['the test server', () => server.close()], ['LiveKit', () => livekit.stop()]]);
    }
  });
});
