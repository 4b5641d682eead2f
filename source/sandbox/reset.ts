// `sandbox reset`: back to the seed's before-state. Running services are stopped first and started again
// after re-seeding; the in-process servers read the world per request, so they need no restart.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runOnHost } from './host-run.js';
import { sandboxPaths } from './paths.js';
import { createWorld, type WorldFacts } from './world.js';

function observabilityRunning(home: string): boolean {
  const run = join(sandboxPaths(home).root('mentat'), 'run');
  return existsSync(run) && readdirSync(run).some((name) => name.endsWith('.pid'));
}

export async function resetWorld(home: string): Promise<WorldFacts> {
  const paths = sandboxPaths(home);
  const running = existsSync(paths.facts) && observabilityRunning(home);
  if (existsSync(join(paths.root('mentat'), 'bin/systemctl'))) {
    const stopped = await runOnHost(home, 'mentat', 'systemctl stop prometheus alertmanager');
    if (stopped.code !== 0)
      throw new Error(`sandbox reset: could not stop prometheus/alertmanager: ${stopped.stderr.trim()}`);
  }
  const facts = await createWorld(home);
  if (running) {
    const started = await runOnHost(home, 'mentat', 'systemctl start prometheus alertmanager');
    if (started.code !== 0)
      throw new Error(
        `sandbox reset: world re-seeded but prometheus/alertmanager did not start again: ${started.stderr.trim()}`,
      );
  }
  return facts;
}
