// Listening on a fixed loopback port with a clear error when it is taken.
import type { Server } from 'node:net';

export function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        new Error(
          `sandbox: cannot listen on 127.0.0.1:${port} (${error.code ?? error.message}); stop what uses it, or run \`chom-console sandbox reset\` while no sandbox runs: it moves the world to free ports`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/**
 * Every server of `starting`, or (when one cannot listen) its error once the others that did are closed
 * again: a failed start must leave no listener behind to keep the process alive.
 */
export async function startAll<S extends Server>(starting: Promise<S>[]): Promise<S[]> {
  const settled = await Promise.allSettled(starting);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const servers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (!failed) return servers;
  await Promise.all(servers.map(closeServer));
  throw failed.reason;
}

export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()));
