// The production runbook's probes run by the real local bash inside the batch, where the sandbox's stand-ins
// would hide what real tools do: a real pgrep sees the batch's own shells, whose command line is the script.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeRoute } from '../../source/engine/assess/assess-items.js';
import { batchScript, splitBatch } from '../../source/engine/assess/assess-script.js';
import { RunScope } from '../../source/engine/run/run-scope.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { waitFor } from '../helpers/wait-for.js';

const loaded = loadProfile('production', { profilesDir: resolve('profiles') });
if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join('\n'));
const production = loaded.profile;

/** Runs one production probe in a batch of its own with the local bash; PATH starts with `bin`. */
function runProbe(id: string, bin: string) {
  const index = production.assess.findIndex((p) => p.id === id);
  const route = probeRoute(production.assess[index]!, index, new RunScope(production));
  if (route.kind !== 'batch') throw new Error(`${id} does not run in a batch`);
  const result = spawnSync('bash', ['-c', batchScript([route.item], 'n0nce')], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
  return splitBatch(result.stdout, 1, 'n0nce')[0]!;
}

/** Processes of this machine whose command line (arguments joined by spaces) contains `text`. */
function processesWith(text: string): number {
  let count = 0;
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(text)) count += 1;
    } catch {
      // ended while we looked
    }
  }
  return count;
}

describe('production probes with real tools', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chom-probes-real-'));
  const workers: ChildProcess[] = [];
  afterAll(() => {
    for (const worker of workers) worker.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts PHP-FPM pool workers, not the batch shells whose script names them', async () => {
    // systemctl answers `active`; pgrep is the real one
    writeFileSync(join(dir, 'systemctl'), '#!/bin/bash\necho active\n');
    chmodSync(join(dir, 'systemctl'), 0o755);
    const before = processesWith('php-fpm: pool');
    for (let i = 0; i < 2; i += 1)
      workers.push(spawn('bash', ['-c', 'exec -a "php-fpm: pool www" sleep 600'], { stdio: 'ignore' }));
    await waitFor(() => processesWith('php-fpm: pool') === before + 2, 'two stand-in pool workers');
    const out = runProbe('php-fpm', dir);
    expect(out.exit).toBe(0);
    expect(out.stdout).toBe(`state=active\nworkers=${before + 2}\n`);
  });
});
