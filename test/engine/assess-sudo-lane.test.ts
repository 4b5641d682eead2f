// Probes that run as another user share ONE sudo per user in the batch (each used to start its own sudo and
// bash), run by the real local bash with a sudo stand-in on PATH that records each call.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asUser } from '../../source/commands/privilege.js';
import { batchScript, splitBatch, type BatchItem } from '../../source/engine/assess/assess-script.js';

const dir = mkdtempSync(join(tmpdir(), 'chom-sudo-lane-'));
const calls = join(dir, 'sudo-calls');

/** A sudo stand-in: records its arguments, drops -n and -u USER, runs the rest (or refuses, as told). */
function sudoStub(refuse: boolean): void {
  writeFileSync(
    join(dir, 'sudo'),
    [
      '#!/bin/bash',
      // the first line of the arguments, at most 40 characters
      `all="$*"; first=\${all%%$'\\n'*}; printf '%s\\n' "\${first:0:40}" >> '${calls}'`,
      refuse ? 'echo "sudo: a password is required" >&2; exit 1' : '',
      'while [ $# -gt 0 ]; do case $1 in -n) shift ;; -u) shift 2 ;; *) break ;; esac; done',
      'exec "$@"',
    ].join('\n'),
  );
  chmodSync(join(dir, 'sudo'), 0o755);
  writeFileSync(calls, '');
}

/** A probe as probeRoute gives it: wrapped for the user, and the script before wrapping. */
const as = (id: string, user: string, script: string): BatchItem => ({
  id,
  script: asUser(script, user),
  timeoutSeconds: 5,
  as: { user, script },
});

function run(items: BatchItem[]) {
  const result = spawnSync('bash', ['-c', batchScript(items, 'n0nce')], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
  });
  expect(result.status).toBe(0);
  const sudo = readFileSync(calls, 'utf8').split('\n').filter(Boolean);
  return { out: splitBatch(result.stdout, items.length, 'n0nce'), sudo };
}

const items: BatchItem[] = [
  as('0', 'root', "echo root one; echo 'warn' >&2"),
  { id: '1', script: 'echo plain', timeoutSeconds: 5 },
  // a heavy probe (psql is a runtime) keeps its time limit under the shared sudo
  as('2', 'root', ': psql; echo heavy; exit 3'),
  as('3', 'www-data', 'echo alone'),
  as('4', 'root', 'cd /nonexistent-chom || exit 1\necho never'),
];

describe('probes of one user in the batch', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('share one sudo per user, each probe keeping its own output and exit code', () => {
    sudoStub(false);
    const { out, sudo } = run(items);
    expect(out[0]).toMatchObject({ stdout: 'root one\n', stderr: 'warn\n', exit: 0 });
    expect(out[1]).toMatchObject({ stdout: 'plain\n', exit: 0 });
    expect(out[2]).toMatchObject({ stdout: 'heavy\n', exit: 3 });
    expect(out[3]).toMatchObject({ stdout: 'alone\n', exit: 0 });
    expect(out[4]!.exit).toBe(1);
    expect(out[4]!.stderr).toContain('/nonexistent-chom');
    // the three root probes under one sudo; the www-data probe, alone of its user, wrapped as before
    expect(sudo.sort()).toEqual(['-n -u www-data bash -c echo alone', expect.stringMatching(/^-n bash -c /)]);
  });

  it("gives each probe sudo's own error when sudo refuses, as one sudo per probe did", () => {
    sudoStub(true);
    const { out, sudo } = run(items);
    for (const index of [0, 2, 3, 4]) {
      expect(out[index]!.exit, `probe ${index}`).toBe(1);
      expect(out[index]!.stderr).toBe('sudo: a password is required\n');
    }
    expect(out[1]).toMatchObject({ stdout: 'plain\n', exit: 0 });
    // the shared sudo, then one per root probe and the www-data one
    expect(sudo).toHaveLength(5);
  });
});
