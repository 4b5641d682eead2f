// Fault: the console process is killed with SIGKILL in the middle of phase 2, after `release: create` (the real
// CLI, `deploy --plain --yes`, held at composer install). No handler runs: the lock, the release directory and
// the backup stay behind. `deploy --resume` then takes back the killed run's own lock (the holder ran on this
// machine and its pid is gone; see action-lock.ts), continues in the release the killed run created, and
// completes: exactly one new release directory, one backup, no lock left.
import { type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../source/engine/run/events.js';
import { journalDir, readJournal } from '../../source/engine/run/journal.js';
import { startCli, type CliChild } from '../cli/run-cli.js';
import { smtpValues, startSandboxRun, type SandboxRun } from '../helpers/sandbox-run.js';

let sbx: SandboxRun;
let valuesFile: string;
beforeAll(async () => {
  sbx = await startSandboxRun('chom-faults-kill-');
  // The CLI child reuses this world (as after `chom-console sandbox up`).
  sbx.publishStatus();
  const { password: _password, ...values } = smtpValues(sbx.world).smtp!;
  valuesFile = join(sbx.home, 'values.json');
  writeFileSync(valuesFile, JSON.stringify({ smtp: values }));
});
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await sbx?.close();
});

/** `chom-console deploy --plain --yes …` against this sandbox's console home; the password on stdin. */
function deploy(extra: string[]): CliChild {
  return startCli(['deploy', '--plain', '--yes', '--values', valuesFile, '--password-stdin', ...extra], {
    env: { CHOM_CONSOLE_HOME: sbx.home },
    stdin: `${sbx.world.runtimeVars.sandbox_smtp_password}\n`,
  });
}

const appBase = () => join(sbx.root('landsraad'), 'var/www/chom');
const newReleases = () => readdirSync(join(appBase(), 'releases')).filter((r) => r > '20260106_132320');
const backups = () =>
  existsSync(join(appBase(), 'backups'))
    ? readdirSync(join(appBase(), 'backups')).filter((b) => b.endsWith('-pre-deploy'))
    : [];
const journals = (): { path: string; events: RunEvent[] }[] =>
  readdirSync(journalDir(sbx.home))
    .sort()
    .map((name) => ({
      path: join(journalDir(sbx.home), name),
      events: readJournal(join(journalDir(sbx.home), name)),
    }));

describe('the console is killed with SIGKILL during phase 2', () => {
  let killedPid = 0;
  let killedRun = '';

  it('leaves its lock, its new release and its backup behind', async () => {
    expect(backups()).toEqual([]);
    const gate = sbx.holdTool('landsraad', 'composer');
    const { child, done: exit } = deploy([]);
    children.push(child);
    const early = exit.then((e) => {
      throw new Error(`deploy ended before composer install (${e.code}):\n${e.stdout}\n${e.stderr}`);
    });
    await Promise.race([gate.waiting(), early]);
    killedPid = child.pid!;
    child.kill('SIGKILL');
    const killed = await exit;
    gate.restore();
    expect(killed.signal).toBe('SIGKILL');

    const [journal] = journals();
    const events = journal!.events;
    const started = events[0];
    expect(started?.type === 'run-started' && started.mode).toBe('deploy');
    killedRun = started?.type === 'run-started' ? started.runId : '';
    expect(
      events.some((e) => e.type === 'step-finished' && e.stepId === 'create-release' && e.outcome === 'ok'),
    ).toBe(true);
    expect(events.some((e) => e.type === 'step-started' && e.stepId === 'composer-install')).toBe(true);
    expect(events.some((e) => e.type === 'run-finished')).toBe(false);
    expect(newReleases()).toHaveLength(1);
    expect(backups()).toHaveLength(1);
    const info = readFileSync(join(appBase(), '.chom-console.lock/info'), 'utf8');
    expect(info).toContain(`pid=${killedPid}\n`);
    expect(info).toContain(`run=${killedRun}\n`);
  });

  it("deploy --resume takes back the dead run's own lock and completes: one new release, one backup", async () => {
    const release = newReleases()[0];
    const again = deploy(['--resume']);
    children.push(again.child);
    const resumed = await again.done;
    expect(resumed.stderr).not.toMatch(/held by/);
    expect(resumed.code, `${resumed.stdout}\n${resumed.stderr}`).toBe(0);

    const last = journals().find((j) => {
      const first = j.events[0];
      return first?.type === 'run-started' && first.resumedFrom === killedRun;
    });
    expect(last).toBeDefined();
    const events = last!.events;
    // Own lock resumed, not a stale takeover: it was never reported as held by someone else.
    expect(events.filter((e) => e.type === 'lock-held')).toEqual([]);
    expect(events.filter((e) => e.type === 'lock-acquired')).toHaveLength(1);
    const skipped = events.filter(
      (e) =>
        e.type === 'step-finished' && e.outcome === 'skipped' && e.reason === 'completed in the resumed run',
    );
    expect(skipped.map((e) => (e.type === 'step-finished' ? e.stepId : ''))).toEqual(
      expect.arrayContaining(['backup', 'create-release', 'fetch-code', 'link-shared']),
    );
    expect(newReleases()).toEqual([release]);
    expect(backups()).toHaveLength(1);
    expect(readFileSync(join(appBase(), 'current/.deployment-info'), 'utf8')).toContain(
      `release_id=${release}`,
    );
    expect(existsSync(join(appBase(), '.chom-console.lock'))).toBe(false);
  });
});
