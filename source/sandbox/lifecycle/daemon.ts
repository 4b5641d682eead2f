// Entry point of the detached `sandbox up` process: starts the world, publishes status.json, stops cleanly
// on SIGTERM/SIGINT. Usage: node daemon.js <home>
import { rmSync } from 'node:fs';
import { sandboxPaths } from './paths.js';
import { startSandbox } from './sandbox.js';
import { statusOf, writeStatus } from './status-file.js';

const home = process.argv[2];
if (!home) {
  process.stderr.write('usage: daemon.js <console home>\n');
  process.exit(2);
}
const paths = sandboxPaths(home);
try {
  const sandbox = await startSandbox({ home });
  writeStatus(paths.status, statusOf(sandbox, home));
  process.stdout.write(`sandbox daemon ${process.pid} up in ${sandbox.startMs} ms\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void sandbox.stop().finally(() => {
      rmSync(paths.status, { force: true });
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
