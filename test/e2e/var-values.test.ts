// Issue 14, item 6, through the real CLI against the sandbox world: a `--var` value reaches the host byte for
// byte, whatever shell syntax it holds (no shell interprets it: a canary file would appear), `--commit REF`
// is resolved in the sandbox's own repository and wins over `--var commit=…`, and a secret given as --var
// is refused without being echoed.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxPaths } from '../../source/sandbox/lifecycle/paths.js';
import { startHeadlessWorld, type HeadlessWorld } from './headless-harness.js';

let world: HeadlessWorld;
let profile = '';
let canary = '';

beforeAll(async () => {
  world = await startHeadlessWorld('chom-e2e-var-');
  canary = join(world.home, 'injected');
  profile = join(world.home, 'var-probe.yaml');
  // the sandbox runbook with one phase that writes the two values where the test reads them back
  writeFileSync(
    profile,
    `name: var-probe
extends: sandbox
vars:
  probe_value: as-in-the-profile
# checks name the runbook's steps as their fix; this profile replaces the phases
checks: []
phases:
  - id: probe
    title: Write the values
    steps:
      - id: write
        title: Write the probe value and the commit
        host: landsraad
        run:
          command: printf %s {{probe_value}} > {{world}}/probe.out && printf %s {{commit}} > {{world}}/commit.out
`,
  );
});
afterAll(async () => {
  await world?.close();
});

const written = (name: string) => readFileSync(join(sandboxPaths(world.home).world, name), 'utf8');
const deploy = (...args: string[]) => world.cli(['deploy', '--plain', '--profile', profile, ...args]);

const hostile = [
  'it\'s "quoted"',
  `$(touch CANARY)`,
  '`touch CANARY`',
  'a & touch CANARY',
  'a | touch CANARY',
  'a; touch CANARY',
  'line one\ntouch CANARY',
  "'; touch CANARY; '",
  '${HOME} $PATH {{world}} %s \\n',
  'é 日本 🎉 \u202Eevil\u202C',
  '-leading-dash',
];

describe('--var values reach the host as written', () => {
  it.each(hostile.map((v) => [JSON.stringify(v), v]))('%s', async (_, template) => {
    const value = template.replaceAll('CANARY', canary);
    const run = await deploy('--var', `probe_value=${value}`);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(written('probe.out')).toBe(value);
    expect(existsSync(canary)).toBe(false);
  });
});

describe('--commit in the sandbox', () => {
  it('resolves REF in the world repository; it wins over --var commit=…', async () => {
    const repo = sandboxPaths(world.home).repo;
    const head = execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD~1'], { encoding: 'utf8' }).trim();
    const run = await deploy('--var', 'commit=abc1234', '--commit', 'HEAD~1');
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(written('commit.out')).toBe(head);
    const byVar = await deploy('--var', 'commit=abc1234');
    expect(byVar.code, byVar.stderr).toBe(0);
    expect(written('commit.out')).toBe('abc1234');
  });

  it("takes the seed's commit names (bb283db) for the generated commits standing for them", async () => {
    const run = await deploy('--commit', 'bb283db');
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(written('commit.out')).toBe(world.sandbox.facts.commits.bb283db);
    const plan = await world.cli(['plan', '--profile', profile, '--commit', '7f572d2']);
    const live = world.sandbox.facts.commits['7f572d2']!;
    expect(plan.stdout).toContain(
      `- commit = \`${live}\` · --commit (--commit "7f572d2" (the seed's name of ${live.slice(0, 7)}) resolved in ${sandboxPaths(world.home).repo})`,
    );
  });

  it('refuses an unknown ref with exit 2, running nothing', async () => {
    rmSync(join(sandboxPaths(world.home).world, 'commit.out'), { force: true });
    const run = await deploy('--commit', 'no-such-ref');
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(
      `refused before connecting: --commit no-such-ref: no commit by that name in the local checkout ${sandboxPaths(world.home).repo}`,
    );
    expect(existsSync(join(sandboxPaths(world.home).world, 'commit.out'))).toBe(false);
  });
});

describe('--var never takes a secret', () => {
  it('refuses smtp.password without echoing the value', async () => {
    const secret = 'x-var-secret-4711';
    for (const command of [['deploy', '--plain'], ['plan']]) {
      const run = await world.cli([...command, '--profile', 'sandbox', '--var', `smtp.password=${secret}`]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/--var smtp\.password: a secret is never given on the command line/);
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });
});
