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
