// What the LiveKit end-to-end tests share: the server's env for a real LiveKit, staff joining from Node, waiting,
// and the widget's transport as its ccw-transport events tell it.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { joinRoom } from '../../scripts/livekit-participant.mjs';
import { openPanel, waitForEvent } from './widget.mjs';

export const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';

/** The server's env for a LiveKit at `url` (the real one, or a relay in front of it). */
export function livekitEnv(livekit, url = livekit.wsUrl, extra = {}) {
  return { LIVEKIT_URL: url, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret, ADMIN_API_KEY: ADMIN_KEY, ...extra };
}

/** Staff's way in: a staff token from the admin route, joined from Node. */
export async function staffJoins(server, room, name = 'Agent Noor') {
  const res = await fetch(`${server.url}/api/admin/rooms/${room}/staff-token`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const token = await res.json();
  return joinRoom(token.server_url, token.token);
}

export { until } from './harness.mjs';

/** Starts a call and waits until the widget is in its LiveKit room; returns the room's name. */
export async function callInRoom(page) {
  const w = await openPanel(page);
  await w.callButton.click();
  const joined = await waitForEvent(page, 'ccw-transport', { mode: 'livekit' }, 15_000);
  assert.ok(joined.detail.room, JSON.stringify(joined));
  return { w, room: joined.detail.room };
}

/** The page's clock and the test's: ms since the page's time origin, for event timestamps. */
export const pageNow = (page) => page.evaluate(() => performance.now());
export const transportEvents = (page) => page.evaluate(() => window.__ccw.events.filter((e) => e.type === 'ccw-transport'));

/**
 * Runs the cleanup steps one after another, each bounded by `ms`: a step that does not finish is named in the
 * output and the next runs anyway, so a stuck close never turns into a timed-out file.
 */
export async function cleanUp(steps, ms = 10_000) {
  for (const [label, step] of steps) {
    let timer;
    const late = new Promise((resolve) => {
      timer = setTimeout(() => resolve('late'), ms);
    });
    const outcome = await Promise.race([Promise.resolve().then(step).catch((err) => `failed: ${err?.message ?? err}`), late]);
    clearTimeout(timer);
    if (outcome === 'late') console.log(`# cleanup: ${label} did not finish within ${ms} ms`);
    else if (typeof outcome === 'string' && outcome.startsWith('failed')) console.log(`# cleanup: ${label} ${outcome}`);
  }
}

/** Passes LiveKit's webhooks on to the server once it listens (LiveKit must know the address before it starts). */
export async function webhookRelay() {
  const relay = { target: undefined, url: undefined, close: undefined };
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    if (!relay.target) return void res.writeHead(503).end();
    const answer = await fetch(`${relay.target}${req.url}`, { method: req.method, headers: { 'Content-Type': req.headers['content-type'] ?? 'application/webhook+json', Authorization: req.headers.authorization ?? '' }, body: Buffer.concat(chunks) }).catch(() => undefined);
    res.writeHead(answer?.status ?? 502).end(answer ? await answer.text() : '');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay.url = `http://127.0.0.1:${server.address().port}`;
  relay.close = () => new Promise((resolve) => server.close(resolve));
  return relay;
}

/**
 * A page's problems (harness.mjs) without the one livekit-client logs as an error when the room goes away under
 * the page (a member leaves, the call is ended from the console, the customer hangs up): "publisher data channel
 * '…' closed unexpectedly", for whichever data channel, lossy or reliable, closed first.
 */
export function withoutCloseNoise(problems) {
  return problems.filter((p) => !/publisher data channel '[\w-]+' closed unexpectedly/.test(p));
}
