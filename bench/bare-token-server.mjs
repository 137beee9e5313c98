// The throughput baseline: a bare node:http handler doing the same LiveKit signing as POST /api/room/token
// (an AccessToken with the same identity, name, TTL and grants, signed by toJwt), with no framework,
// middleware, validation or call handle. With BARE_MODE=hono, the same handler as a one-route Hono app on
// @hono/node-server instead (a reference that shows what the framework itself costs). Run as a child process;
// reports its URL over IPC.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { AccessToken, TrackSource } from 'livekit-server-sdk';

const apiKey = process.env.LIVEKIT_API_KEY ?? 'devkey';
const apiSecret = process.env.LIVEKIT_API_SECRET ?? 'secret';
const livekitUrl = process.env.LIVEKIT_URL ?? 'ws://127.0.0.1:7880';
const ttl = 600;

async function mint(name) {
  const room = `call-${randomBytes(16).toString('base64url')}`;
  const identity = `customer-${randomBytes(12).toString('base64url')}`;
  const token = new AccessToken(apiKey, apiSecret, { identity, name, ttl });
  token.addGrant({
    room,
    roomJoin: true,
    canPublish: true,
    canPublishSources: [TrackSource.MICROPHONE],
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
    roomAdmin: false,
    roomCreate: false,
    roomList: false,
    roomRecord: false,
    hidden: false,
    recorder: false,
  });
  return { token: await token.toJwt(), room, identity };
}

function tokenAnswer(name, minted) {
  return { token: minted.token, livekit_url: livekitUrl, room_name: minted.room, participant_name: name, participant_identity: minted.identity };
}

const participantName = (body) => (typeof body?.participant_name === 'string' ? body.participant_name.slice(0, 64) : 'Customer');

function startHono() {
  const app = new Hono();
  app.post('/', async (c) => {
    const name = participantName(await c.req.json());
    c.header('cache-control', 'no-store');
    return c.json(tokenAnswer(name, await mint(name)));
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.send({ type: 'ready', url: `http://127.0.0.1:${info.port}` }));
  return server;
}

const server = process.env.BARE_MODE === 'hono' ? startHono() : createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      const name = participantName(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {});
      const json = JSON.stringify(tokenAnswer(name, await mint(name)));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), 'cache-control': 'no-store' });
      res.end(json);
    } catch (err) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'bad_request', message: String(err) } }));
    }
  });
});
if (process.env.BARE_MODE !== 'hono') {
  server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', url: `http://127.0.0.1:${server.address().port}` }));
}
process.on('message', (m) => m?.type === 'close' && server.close(() => process.exit(0)));
process.on('disconnect', () => process.exit(0));
