// A slow network link for benchmarks: a TCP proxy on loopback that holds every chunk for half the round-trip
// time in each direction, in order. Loopback has no latency, so it hides round trips; through this link, a
// design that needs more of them pays for each one, as it would between the operator and the servers.
// Not modelled: the TCP handshake's own round trip (it would add the same to the floor and to every design).
import { createServer, connect, type Server, type Socket } from 'node:net';

export type DelayLink = { port: number; close: () => Promise<void> };

/** Forwards `from` to `to`, each chunk `delayMs` later (equal delays keep the order: timers fire FIFO). */
function pipeDelayed(from: Socket, to: Socket, delayMs: number): void {
  from.on('data', (chunk) => {
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, delayMs);
  });
  from.on('end', () => setTimeout(() => to.end(), delayMs));
  from.on('error', () => to.destroy());
  from.on('close', () => setTimeout(() => to.destroy(), delayMs + 1));
}

/** A listening proxy to 127.0.0.1:`targetPort` with `rttMs` of round-trip time. */
export async function startDelayLink(targetPort: number, rttMs: number): Promise<DelayLink> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    client.setNoDelay(true);
    const upstream = connect({ host: '127.0.0.1', port: targetPort }, () => upstream.setNoDelay(true));
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    pipeDelayed(client, upstream, rttMs / 2);
    pipeDelayed(upstream, client, rttMs / 2);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('delay link: no port');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
