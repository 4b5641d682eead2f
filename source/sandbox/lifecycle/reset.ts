// `sandbox reset`: back to the seed's before-state. Running services are stopped first and started again
// after re-seeding; the in-process servers read the world per request, so they need no restart.
// When nothing of this home runs, a saved port that another program took meanwhile is moved (the re-seed
// writes the new one into the configs), so reset is the way out of "cannot listen on 127.0.0.1:N".
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runOnHost } from '../world/host-run.js';
import { liveOwner } from './owner.js';
import { sandboxPaths } from './paths.js';
import { pidAlive, readPidFile } from './pid.js';
import { reallocateTaken, type PortName } from './ports.js';
import { readLiveStatus } from './status-file.js';
import { createWorld, type WorldFacts } from '../world/world.js';

export type ResetResult = { facts: WorldFacts; movedPorts: { name: PortName; from: number; to: number }[] };

/** Prometheus or Alertmanager of this world still runs (a pid file left by a dead process does not count). */
function observabilityRunning(home: string): boolean {
  const run = join(sandboxPaths(home).root('mentat'), 'run');
  return (
    existsSync(run) &&
    readdirSync(run).some((name) => name.endsWith('.pid') && pidAlive(readPidFile(join(run, name)) ?? 0))
  );
}

export async function resetWorld(home: string): Promise<ResetResult> {
  const paths = sandboxPaths(home);
  const running = existsSync(paths.facts) && observabilityRunning(home);
  // a sandbox of this home that runs or is starting holds its own ports: they are not taken by another program
  const ours = running || readLiveStatus(paths.status) !== undefined || liveOwner(paths.owner) !== undefined;
  const movedPorts = ours ? [] : await reallocateTaken(paths.ports);
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
  return { facts, movedPorts };
}
