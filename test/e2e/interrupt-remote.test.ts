// Ctrl-C ends the command running on the host (issue 12, follow-up to item 11), over the embedded sandbox
// server and over real OpenSSH sshd. The held step's command starts one child in its process group and one
// that leaves it for a session of its own (as sudo does with use_pty, or a tool that daemonises): killing the
// group, or the shell, alone leaves that one running. After SIGINT: no process of the command is left on the
// host (found by a marker unique to the test in their argv), the console says the command was ended only
// because it found none left, exits 130, the journal ends aborted and the lock is released. The test waits for
// content (the command's output, the console's exit), never for time.
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { sandboxSshdUnavailableReason, startSandboxSshd, type SandboxSshd } from '../helpers/sandbox-sshd.js';
import { waitFor } from '../helpers/wait-for.js';
import { startHeadlessWorld, type HeadlessWorld } from './headless-harness.js';

const noSshd = sandboxSshdUnavailableReason();
if (noSshd) console.warn(`SKIPPED Ctrl-C over real sshd: ${noSshd}`);

/** Pids and command lines of every process whose argv holds `marker`. */
function processesWith(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', '--', marker], { encoding: 'utf8' }).trim().split('\n');
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

type JournalLine = { type: string; [key: string]: unknown };
const journal = (home: string, runId: string): JournalLine[] =>
  readFileSync(join(home, 'journal', `${runId}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as JournalLine);

let world: HeadlessWorld;
let sshd: SandboxSshd | undefined;
beforeAll(async () => {
  world = await startHeadlessWorld('chom-ctrl-c-');
  if (!noSshd) sshd = await startSandboxSshd(world.home);
});
afterAll(async () => {
  await sshd?.stop();
  await world?.close();
});

/** The sandbox runbook's hosts (or real sshd's), one phase whose middle step never ends by itself. */
function heldProfile(name: string, marker: string, hosts: string[]): string {
  const file = join(world.home, `${name}.yaml`);
  // `sleep MARKER`: a duration unique to the test, so its argv finds it and nothing else
  const command = `echo "held at the gate"; setsid sleep ${marker} & sleep ${marker}; wait`;
  writeFileSync(
    file,
    [
      `name: ${name}`,
      `extends: ${resolve('profiles/sandbox.yaml')}`,
      ...hosts,
      'phases:',
      '  - id: phase1',
      '    title: A step whose command runs until it is ended',
      '    steps:',
      '      - id: lock',
      '        title: Take the deploy lock on landsraad',
      '        host: landsraad',
      "        lock: { path: '{{app_base}}/.chom-console.lock', stale_after: 120 }",
      '      - id: held',
      '        title: A command that does not end',
      '        host: landsraad',
      `        run: { command: ${JSON.stringify(command)} }`,
      '      - id: after-held',
      '        title: The step after it',
      '        host: landsraad',
      "        run: { command: 'echo after the held step' }",
      '      - id: unlock',
      '        title: Release the deploy lock',
      '        host: landsraad',
      "        unlock: { path: '{{app_base}}/.chom-console.lock' }",
      '',
    ].join('\n'),
  );
  return file;
}

function sshdHosts(): string[] {
  const { landsraad, mentat } = sshd!.hosts;
  const host = (name: string, port: number, fingerprint: string, roles: string) => [
    `  ${name}:`,
    '    address: 127.0.0.1',
    `    port: ${port}`,
    `    user: ${sshd!.user}`,
    `    identity: ${sshd!.clientKeyPath}`,
    `    fingerprint: ${fingerprint}`,
    `    roles: [${roles}]`,
  ];
  return [
    'hosts:',
    ...host('landsraad', landsraad.port, landsraad.fingerprint, 'app'),
    ...host('mentat', mentat.port, mentat.fingerprint, 'observability, deploy-hub'),
  ];
}

const transports = [
  { name: 'the embedded sandbox server', real: false },
  { name: 'real OpenSSH sshd', real: true },
] as const;

describe('Ctrl-C during a step whose command does not end', () => {
  it.each(transports)(
    '$name: the command is ended on the host, then 130, journal aborted, lock released',
    async ({ real }) => {
      if (real && noSshd) return;
      const marker = `${randomInt(900_000_000, 999_999_999)}.${randomInt(100_000, 999_999)}`;
      const profile = heldProfile(real ? 'held-sshd' : 'held-embedded', marker, real ? sshdHosts() : []);
      const child = world.start(['deploy', '--plain', '--yes', '--profile', profile], {
        env: real ? { CHOM_CONSOLE_SANDBOX: '1' } : {},
      });
      // a failed expectation must not leave the console holding the lock for the next case
      onTestFinished(() => {
        if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
      });
      await child.waitFor(/\[landsraad\] held at the gate/);
      // both sleeps run: the one in the command's group and the one in a session of its own (the echo comes
      // before them: wait until both are there)
      const sleeps = () => processesWith(marker).filter((line) => /^\d+ sleep /.test(line));
      await waitFor(
        () => sleeps().length >= 2,
        () => `both sleeps of the held command: ${sleeps().join(', ')}`,
      );
      expect(sleeps()).toHaveLength(2);
      const lock = join(world.root('landsraad'), 'var/www/chom/.chom-console.lock');
      expect(existsSync(lock)).toBe(true);

      child.child.kill('SIGINT');
      const run = await child.done;

      expect(processesWith(marker)).toEqual([]);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(130);
      expect(run.stderr).toMatch(/^SIGINT: stopping the run: ending the running command on its host/m);
      expect(run.stdout).toMatch(
        /^\[landsraad\] the running command was ended on landsraad: none of its processes is left$/m,
      );
      expect(run.stdout).not.toMatch(/after the held step|may still be running/);
      const runId = /^run (\S+): deploy/m.exec(run.stdout)![1]!;
      const lines = journal(world.home, runId);
      expect(lines).toContainEqual(
        expect.objectContaining({ type: 'step-finished', stepId: 'held', reason: 'aborted by the operator' }),
      );
      expect(lines).toContainEqual(expect.objectContaining({ type: 'lock-released' }));
      expect(lines.at(-1)).toMatchObject({
        type: 'run-finished',
        outcome: 'aborted',
        message: 'aborted by the operator',
      });
      expect(existsSync(lock)).toBe(false);
    },
  );
});
