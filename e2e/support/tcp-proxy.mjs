// A TCP relay on 127.0.0.1 in front of LiveKit's signalling port, so that a test can cut the browser's
// connection the way a network would: every open connection dropped, new ones refused, for a while.
import { connect, createServer } from 'node:net';

/** Relays 127.0.0.1:<port> to 127.0.0.1:`targetPort`; `cut(ms)` drops everything and refuses for `ms`. */
export async function startTcpProxy(targetPort) {
  const sockets = new Set();
  let downUntil = 0;
  const server = createServer((client) => {
    if (Date.now() < downUntil) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    /** Drops every relayed connection and refuses new ones for `ms`; resolves when the relay is back. */
    async cut(ms) {
      downUntil = Date.now() + ms;
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(resolve);
      }),
  };
}
