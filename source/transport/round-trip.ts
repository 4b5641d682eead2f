// A round trip over an open SSH connection, for the header's live latency: one global request
// `keepalive@openssh.com` with want-reply, exactly what ssh2's own keepalive (and OpenSSH's ServerAliveInterval)
// sends. The server answers it at once (OpenSSH and ssh2's Server reply REQUEST_FAILURE to a request they do
// not serve), with no channel, no shell and no process on the host: a few dozen bytes each way.
//
// ssh2 has no public call for it. Its keepalive pushes a callback onto the client's reply queue (global
// request replies arrive in order, RFC 4254 §4) and calls the protocol's ping(); the same is done here, and
// the measure reports itself unavailable if ssh2 ever changes those internals.
import type { Client } from 'ssh2';
import { TransportError } from './transport.js';

type Internals = {
  _callbacks?: ((failed: boolean) => void)[];
  _protocol?: { ping?: () => void };
  _sock?: { writable?: boolean; destroyed?: boolean };
};

/**
 * Milliseconds from sending the request until the server's reply (success or failure, both are replies);
 * rejects at once without an open connection (`client` undefined): a sample never opens one.
 */
export function measureRoundTrip(host: string, client: Client | undefined): Promise<number> {
  if (client === undefined)
    return Promise.reject(new TransportError('connection-lost', `${host}: not connected`));
  const raw = client as unknown as Internals;
  const callbacks = raw._callbacks;
  const protocol = raw._protocol;
  if (!Array.isArray(callbacks) || typeof protocol?.ping !== 'function')
    return Promise.reject(new Error('this ssh2 version offers no keepalive request to time'));
  if (raw._sock?.destroyed === true || raw._sock?.writable === false)
    return Promise.reject(new TransportError('connection-lost', `${host}: the connection is closed`));
  return new Promise((resolve, reject) => {
    const started = performance.now();
    callbacks.push(() => resolve(performance.now() - started));
    try {
      protocol.ping!();
    } catch (error) {
      callbacks.pop();
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
