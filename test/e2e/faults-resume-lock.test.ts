// Issue 12, item 3: a deploy is killed with SIGKILL while it holds the lock (the real CLI; the pid is the one
// its lock names). A plain deploy is then refused (exit 4) naming the holder, saying its process is dead on
// this machine and printing the exact `--take-over-lock` command; `deploy --resume` then resumes the KILLED
// run (not the newer refused one), takes back its own lock and finishes. A second kill is recovered with the
// printed `--take-over-lock` command: a new deploy takes the lock over and finishes.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../source/engine/run/journal.js';
import { isAlive, waitFor } from '../helpers/ssh-process.js';
import { holdTool } from '../helpers/tool-gate.js';
import {
  smtpValuesYaml,
  startHeadlessWorld,
  type CliResult,
  type HeadlessWorld,
} from './headless-harness.js';

let world: HeadlessWorld;
let valuesFile: string;
const stdin = 'sandbox-smtp-demo\n';
const holder = `${userInfo().username}@${hostname()}`;
const appBase = () => join(world.root('landsraad'), 'var/www/chom');
const lockInfo = () => readFileSync(join(appBase(), '.chom-console.lock/info'), 'utf8');
const newReleases = () => readdirSync(join(appBase(), 'releases')).filter((r) => r > '20260106_132320');
const deployArgs = () => ['deploy', '--plain', '--yes', '--values', valuesFile, '--password-stdin'];

beforeAll(async () => {
  world = await startHeadlessWorld('chom-e2e-resume-lock-');
  valuesFile = join(world.home, 'values.yaml');
  writeFileSync(valuesFile, smtpValuesYaml(world.sandbox));
});
afterAll(async () => {
  await world?.close();
});

/** Starts a deploy, waits until composer install holds it (lock taken), and SIGKILLs the pid its lock names. */
async function killedAtComposer(extra: string[] = []): Promise<{ pid: number; runId: string }> {
  const gate = holdTool(world.root('landsraad'), 'composer');
  const child = world.start([...deployArgs(), ...extra], { stdin });
  const early = child.done.then((r: CliResult) => {
    throw new Error(`deploy ended before composer install (${r.code}):\n${r.stdout}\n${r.stderr}`);
  });
  await Promise.race([gate.waiting(), early]);
  const info = lockInfo();
  const pid = Number(/^pid=(\d+)$/m.exec(info)![1]);
  const runId = /^run=(\S+)$/m.exec(info)![1]!;
  process.kill(pid, 'SIGKILL');
  await waitFor(() => !isAlive(pid), `the killed console (pid ${pid}) to be gone`);
  await child.done.catch(() => undefined);
  gate.restore();
  return { pid, runId };
}

describe('a deploy killed while holding the lock', () => {
  let killed: { pid: number; runId: string };
  let refusedRun = '';

  it('leaves its lock; a plain deploy is refused naming the holder, its dead pid and the exact takeover command', async () => {
    killed = await killedAtComposer();
    expect(lockInfo()).toContain(`run=${killed.runId}\n`);
    const refused = await world.cli(deployArgs(), { stdin });
    expect(refused.code, refused.stderr).toBe(4);
    refusedRun = /^run (\S+): deploy/m.exec(refused.stdout)![1]!;
    expect(refused.stderr).toContain(
      `is held by ${holder} (run ${killed.runId}, pid ${killed.pid}, last heartbeat`,
    );
    expect(refused.stderr).toMatch(
      new RegExp(`^ {2}its process \\(pid ${killed.pid}\\) is dead on this machine\\.$`, 'm'),
    );
    expect(refused.stderr).toContain(
      `  take it over: chom-console deploy --take-over-lock ${holder} --yes --values ${valuesFile} --password-stdin\n`,
    );
    expect(refused.stderr).toContain(
      `  chom-console deploy --resume ${killed.runId} --yes --values ${valuesFile} --password-stdin`,
    );
    expect(refused.stderr).not.toMatch(/wait for that deploy to finish/i);
    expect(lockInfo()).toContain(`run=${killed.runId}\n`);
  });

  it('deploy --resume resumes the killed run (not the refused one), takes back its own lock and finishes', async () => {
    const release = newReleases();
    expect(release).toHaveLength(1);
    const resumed = await world.cli([...deployArgs(), '--resume'], { stdin });
    expect(resumed.stderr).toMatch(new RegExp(`^resuming run ${killed.runId}$`, 'm'));
    expect(resumed.stdout).toContain(`, resuming ${killed.runId}`);
    expect(resumed.stdout).not.toContain(refusedRun);
    expect(resumed.code, `${resumed.stdout}\n${resumed.stderr}`).toBe(0);
    expect(resumed.stdout).toMatch(/^\[landsraad\] skipped create-release: completed in the resumed run$/m);
    expect(newReleases()).toEqual(release);
    expect(existsSync(join(appBase(), '.chom-console.lock'))).toBe(false);
  });

  it('after another kill, the printed --take-over-lock command takes the lock over and a new deploy finishes', async () => {
    // the resumed deploy made its target live, so a deploy of it now builds nothing (`target: live`): roll the
    // app back first, so the next deploy builds a release again and holds the lock at composer install
    const back = await world.cli(['rollback', '--target', 'app', '--yes', '--plain']);
    expect(back.code, `${back.stdout}\n${back.stderr}`).toBe(0);
    const second = await killedAtComposer();
    const refused = await world.cli(deployArgs(), { stdin });
    expect(refused.code).toBe(4);
    const line = refused.stderr.split('\n').find((l) => l.startsWith('  take it over: chom-console deploy '));
    const argv = line!.slice('  take it over: chom-console '.length).split(' ');
    expect(argv).toEqual([
      'deploy',
      '--take-over-lock',
      holder,
      '--yes',
      '--values',
      valuesFile,
      '--password-stdin',
    ]);
    const wrongHolder = await world.cli(
      [...argv.slice(0, 1), '--take-over-lock', 'jessica@caladan', ...argv.slice(3)],
      { stdin },
    );
    expect(wrongHolder.code).toBe(4);
    expect(wrongHolder.stderr).toContain(
      `--take-over-lock jessica@caladan does not name this holder (${holder})`,
    );
    const taken = await world.cli(argv, { stdin });
    expect(taken.code, `${taken.stdout}\n${taken.stderr}`).toBe(0);
    const journal = readJournal(/journal: (\S+\.jsonl)/.exec(taken.stdout)![1]!);
    const lockStep = journal.find(
      (e) => e.type === 'step-finished' && e.stepId === 'lock' && e.outcome === 'ok',
    );
    expect(lockStep).toBeDefined();
    expect(taken.stdout).toMatch(
      new RegExp(
        `^\\[landsraad\\] taken over from ${holder.replace('.', '\\.')} by \\S+ \\(--take-over-lock\\): its process \\(pid ${second.pid}\\) is dead on this machine$`,
        'm',
      ),
    );
    expect(existsSync(join(appBase(), '.chom-console.lock'))).toBe(false);
  });
});
