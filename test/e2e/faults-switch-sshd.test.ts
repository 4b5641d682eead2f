// Issue 12, item 2: landsraad's real OpenSSH sshd is stopped (SIGSTOP) and then killed at the switch, so the
// automatic app rollback cannot connect. What the console prints about what is live must equal what
// `readlink current` showed at that moment, the rollback must be reported as FAILED (never as performed),
// and the recovery commands it prints must run as printed once the host is back:
//   A. killed after the switch's own readlink confirmed it (during the reloads that follow): the new release
//      is live and said so; the printed `deploy --resume …` finishes the deploy.
//   B. killed inside the switch, after the rename, before its readlink answered: "unknown: the connection
//      dropped after the rename was sent"; the printed `rollback --target app …` puts the old release back.
import { readlinkSync, writeFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  sandboxSshdUnavailableReason,
  sshdProfile,
  startSandboxSshd,
  type SandboxSshd,
} from '../helpers/sandbox-sshd.js';
import { holdTool } from '../helpers/tool-gate.js';
import {
  smtpValuesYaml,
  startHeadlessWorld,
  type CliResult,
  type HeadlessWorld,
} from './headless-harness.js';

const unavailable = sandboxSshdUnavailableReason();
if (unavailable) console.warn(`SKIPPED the switch faults over real sshd: ${unavailable}`);

const user = 'alerts@sandbox.test';
const password = 'switch-fault-pass';
const seed = '20260106_132320';

describe.skipIf(unavailable !== undefined)('sshd stopped and killed at the switch', () => {
  let world: HeadlessWorld;
  let sshd: SandboxSshd;
  let profile: string;
  let valuesFile: string;
  let env: Record<string, string>;
  const appBase = () => join(world.root('landsraad'), 'var/www/chom');
  const current = () => readlinkSync(join(appBase(), 'current'));
  const deployArgs = () => [
    'deploy',
    '--plain',
    '--profile',
    profile,
    '--yes',
    '--values',
    valuesFile,
    '--password-stdin',
  ];

  beforeAll(async () => {
    world = await startHeadlessWorld('chom-e2e-switch-', { smtp: { user, password }, sshd: false });
    sshd = await startSandboxSshd(world.home);
    const served = sshdProfile(world.home, sshd);
    const operatorHome = served.operatorHome;
    profile = served.profile;
    valuesFile = join(world.home, 'values.yaml');
    writeFileSync(valuesFile, smtpValuesYaml(world.sandbox, user));
    env = { CHOM_CONSOLE_SANDBOX: '1', HOME: operatorHome };
  });
  afterAll(async () => {
    await sshd?.stop();
    await world?.close();
  });

  /** Runs a deploy until `gate` holds landsraad inside the switch step, then stops and kills its sshd. */
  async function deployCutAtGate(gate: {
    waiting: () => Promise<void>;
  }): Promise<{ run: CliResult; liveAtFault: string }> {
    const child = world.start(deployArgs(), { stdin: `${password}\n`, env });
    const early = child.done.then((r) => {
      throw new Error(`deploy ended before the gate (${r.code}):\n${r.stdout}\n${r.stderr}`);
    });
    await Promise.race([gate.waiting(), early]);
    sshd.signalHost('landsraad', 'SIGSTOP');
    // The truth at the moment of the fault, from the host's own file system.
    const liveAtFault = current();
    sshd.signalHost('landsraad', 'SIGKILL');
    return { run: await child.done, liveAtFault };
  }

  /** A printed recovery command (`  chom-console …  why`) as argv. */
  function printed(stderr: string, pattern: RegExp): string[] {
    const line = stderr.split('\n').find((l) => pattern.test(l));
    expect(line, `no recovery command matching ${pattern} in:\n${stderr}`).toBeDefined();
    const command = line!.trim().split(/ {2,}/)[0]!;
    const argv = command.split(' ');
    expect(argv[0]).toBe('chom-console');
    return argv.slice(1);
  }

  it('A: killed after the switch was confirmed: says the new release is live and the rollback FAILED; the printed resume finishes', async () => {
    const reload = holdTool(world.root('landsraad'), 'systemctl', { when: '[ "${1:-}" = reload ]' });
    const { run, liveAtFault } = await deployCutAtGate(reload);
    expect(run.code, run.stderr).toBe(1);
    expect(liveAtFault).not.toMatch(new RegExp(`${seed}$`));
    expect(run.stderr).toMatch(/performing the rollback of app now \(headless with --yes\)/);
    expect(run.stderr).toMatch(
      /^the automatic rollback of app FAILED at step switch-back: it did not put the previous state back$/m,
    );
    expect(run.stderr).not.toMatch(
      /performed automatically|rollback of app finished ok|rollback of app done/,
    );
    const claim =
      /^ {2}landsraad: release (\S+) is live \(confirmed by readlink at \S+, after the switch\)$/m.exec(
        run.stderr,
      );
    expect(claim, run.stderr).not.toBeNull();
    expect(claim![1]).toBe(basename(liveAtFault));
    expect(current()).toBe(liveAtFault);
    const runId = /^run (\S+): deploy/m.exec(run.stdout)![1]!;
    const resume = printed(run.stderr, /^ {2}chom-console deploy .*--resume/);
    expect(resume).toEqual([
      'deploy',
      '--profile',
      profile,
      '--resume',
      runId,
      '--yes',
      '--values',
      valuesFile,
      '--password-stdin',
    ]);
    expect(printed(run.stderr, /^ {2}chom-console rollback/)).toEqual([
      'rollback',
      '--profile',
      profile,
      '--target',
      'app',
      '--yes',
    ]);

    reload.restore();
    await sshd.restartHost('landsraad');
    const resumed = await world.cli(resume, { stdin: `${password}\n`, env });
    expect(resumed.stderr).toMatch(new RegExp(`^resuming run ${runId}$`, 'm'));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(current()).toBe(liveAtFault);
    expect(existsSync(join(appBase(), '.chom-console.lock'))).toBe(false);
  });

  it('B: killed inside the switch after the rename: says unknown; the printed rollback puts the old release back', async () => {
    // A's resume made the target live, so a deploy of it would build nothing (`target: live`): roll the app
    // back first, so this deploy builds and switches again
    const undone = await world.cli(
      ['rollback', '--profile', profile, '--target', 'app', '--yes', '--plain'],
      {
        env,
      },
    );
    expect(undone.code, `${undone.stdout}\n${undone.stderr}`).toBe(0);
    const before = current();
    // Only the switch's own readlink of `current` waits, and only once current has moved (after the rename).
    const readlink = holdTool(world.root('landsraad'), 'readlink', {
      when: `[ "\${1:-}" = -- ] && [ "\${2##*/}" = current ] && [ "$(/usr/bin/readlink -- "$2")" != '${before}' ]`,
    });
    const { run, liveAtFault } = await deployCutAtGate(readlink);
    expect(run.code, run.stderr).toBe(1);
    expect(liveAtFault).not.toBe(before);
    expect(run.stderr).toMatch(/^the automatic rollback of app FAILED at step switch-back/m);
    expect(run.stderr).not.toMatch(/performed automatically|finished ok/);
    const claim =
      /^ {2}landsraad: unknown: the connection dropped after the rename was sent; live is either release (\S+) or release (\S+) \((.*)\)$/m.exec(
        run.stderr,
      );
    expect(claim, run.stderr).not.toBeNull();
    // Both possibilities named, and the truth is one of them (here: the new one).
    expect([claim![1], claim![2]]).toEqual([basename(liveAtFault), basename(before)]);
    expect(run.stderr).not.toMatch(/^ {2}landsraad: release \S+ is live/m);
    const rollback = printed(run.stderr, /^ {2}chom-console rollback/);
    expect(rollback).toEqual(['rollback', '--profile', profile, '--target', 'app', '--yes']);
    expect(printed(run.stderr, /^ {2}chom-console deploy .*--resume/)).toContain('--resume');

    readlink.restore();
    await sshd.restartHost('landsraad');
    const back = await world.cli(rollback, { env });
    expect(back.stderr).toContain(
      `app: rolling back to ${basename(before)}, the release live before the last deploy`,
    );
    expect(back.code, back.stderr).toBe(0);
    expect(current()).toBe(before);
  });
});
