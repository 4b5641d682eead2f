// Issue 16 item 1, end to end through the real CLI against the sandbox (in-process ssh2 hosts): a second
// deploy finds its target states reached — nothing pending, every config byte-identical to the live one,
// the SMTP settings stored with the same values — and skips those steps with their evidence, without asking
// for them and without --values; the configs' tree is unchanged. A new password alone makes the secret file
// differ: store, render and reload run again. The stored settings and the password are hostile throughout.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNextCommit } from '../../source/sandbox/world/next-commit.js';
import { hashWorld } from '../../source/sandbox/lifecycle/world-hash.js';
import { smtpValuesYaml, startHeadlessWorld, type HeadlessWorld } from './headless-harness.js';

const user = 'alerts@sandbox.test';
const password = `p'a"s$(touch /tmp/pwned-again)&|;\nß ✓`;
const newPassword = `n€w'"$(id)\`x\`;\nline`;
/** A from name the app stores as written: quotes, $(), unicode (a newline cannot pass the form's string). */
const fromName = `CHOM "ops" $(whoami) 'ü' ✓`;
const skippable = [
  'migrate',
  'store-smtp-settings',
  'configure-alertmanager',
  'install-exporters-rules',
  'install-basic-rules',
  'configure-prometheus',
];
/** What a deploy of the live commit with nothing new skips besides (issue 16: a reviewed no-op). */
const noop = [
  'snapshot-observability',
  'prepare-deploy-hub',
  'stage-alertmanager-template',
  'stage-basic-rules',
  'backup',
  'create-release',
  'fetch-code',
  'build-assets',
  'switch',
  'health-check',
  'cleanup',
  'retire-stale-rules',
  'test-alert',
];

let world: HeadlessWorld;
let valuesFile: string;
const obsEtc = () => join(world.root('mentat'), 'etc/observability');

/** One hash over every file (path, mode, bytes) under the observability config tree. */
function treeHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else hash.update(`${path}\0${stat.mode}\0`).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

type Event = { type: string; stepId?: string; outcome?: string; reason?: string };
/** The events of the newest journal. */
function lastJournal(): Event[] {
  const dir = join(world.home, 'journal');
  const newest = readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl'))
    .sort()
    .at(-1)!;
  return readFileSync(join(dir, newest), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Event);
}

const deploy = (args: string[], stdin?: string) =>
  world.cli(
    ['deploy', '--plain', '--profile', 'sandbox', '--yes', ...args],
    stdin !== undefined ? { stdin } : {},
  );

beforeAll(async () => {
  world = await startHeadlessWorld('chom-e2e-again-', { smtp: { user, password } });
  valuesFile = join(world.home, 'values.yaml');
  writeFileSync(
    valuesFile,
    smtpValuesYaml(world.sandbox, user).replace(
      'from_name: CHOM e2e',
      `from_name: ${JSON.stringify(fromName)}`,
    ),
  );
});
afterAll(async () => {
  await world?.close();
});

describe('a second deploy skips what is already done, with its evidence', () => {
  it('the first deploy needs --values (nothing stored yet) and runs every step', async () => {
    const refused = await deploy([]);
    expect(refused.code).toBe(2);
    expect(refused.stdout + refused.stderr).toMatch(/form smtp needs --values FILE/);
    expect(refused.stdout + refused.stderr).toMatch(/Nothing was changed/);
    const run = await deploy(['--values', valuesFile, '--password-stdin'], `${password}\n`);
    expect(run.stdout.split('\n').filter((l) => / FAILED /.test(l))).toEqual([]);
    expect(run.code).toBe(0);
    for (const step of skippable.filter((s) => s !== 'install-basic-rules'))
      expect(run.stdout).toMatch(new RegExp(`\\] ok ${step} \\(`));
    // the seed's rules/basic.yml already is the commit's, byte for byte: skipped from the first deploy on
    expect(run.stdout).toMatch(/\] skipped install-basic-rules: rendered config identical to the live files/);
  });

  it('deploys again without --values: a reviewed no-op that skips with evidence, asks nothing, changes nothing', async () => {
    const plan = await world.cli(['plan', '--live', '--profile', 'sandbox']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(
      /\*\*Nothing to deploy: the target \w+ is live, every config is identical, every staged file is identical, the stored settings are the same\. All \d+ steps that change a host skip with their evidence; the run changes nothing\.\*\*/,
    );
    expect(plan.stdout).toMatch(/- Commits to deploy: none/);
    const before = treeHash(obsEtc());
    // The whole world (both hosts, the database, releases, hub): hashWorld leaves out only what a read-only
    // run legitimately writes (logs, service state, scratch space under tmp/).
    const world0 = hashWorld(world.home);
    const run = await deploy([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/deploy ok in [^:]+: nothing was changed on any host/);
    expect(hashWorld(world.home)).toBe(world0);
    expect(run.stdout).toMatch(/form smtp: pre-filled from the live values \(stored, alerting\)/);
    const events = lastJournal();
    for (const step of skippable) {
      const finished = events.find((e) => e.type === 'step-finished' && e.stepId === step);
      expect([step, finished?.outcome]).toEqual([step, 'skipped']);
      expect(events.some((e) => e.type === 'confirm-requested' && e.stepId === step)).toBe(false);
      expect(events.some((e) => e.type === 'step-started' && e.stepId === step)).toBe(false);
    }
    expect(events.filter((e) => e.type === 'confirm-requested')).toEqual([]);
    const reason = (step: string) =>
      events.find((e) => e.type === 'step-finished' && e.stepId === step)?.reason ?? '';
    for (const step of noop) {
      const finished = events.find((e) => e.type === 'step-finished' && e.stepId === step);
      expect([step, finished?.outcome]).toEqual([step, 'skipped']);
    }
    expect(reason('switch')).toMatch(/^the target commit \w+ is the live one/);
    expect(reason('stage-basic-rules')).toMatch(/basic\.yml on mentat is identical to the local file$/);
    expect(reason('snapshot-observability')).toMatch(/^every config step is identical/);
    expect(reason('retire-stale-rules')).toMatch(/^every line of rule_files matches/);
    expect(reason('test-alert')).toMatch(/smtp\.stored: the live values equal the ones to store$/);
    expect(reason('migrate')).toMatch(/no pending migration/);
    expect(reason('store-smtp-settings')).toMatch(/smtp\.stored: the live values equal the ones to store/);
    expect(reason('configure-alertmanager')).toMatch(
      /identical to the live files \(.*alertmanager\.yml, .*smtp_auth_password\)/,
    );
    expect(treeHash(obsEtc())).toBe(before);
    const printed =
      world.printed.join('\n') +
      readdirSync(join(world.home, 'journal'))
        .map((n) => readFileSync(join(world.home, 'journal', n), 'utf8'))
        .join('\n');
    expect(printed).not.toContain('touch /tmp/pwned-again');
    expect(printed).not.toContain('ß ✓');
  });

  it('a new password alone: the secret file differs, so store, render and reload run; the rest skips', async () => {
    world.sandbox.mail.setCredentials({ user, password: newPassword });
    const run = await deploy(['--values', valuesFile, '--password-stdin'], `${newPassword}\n`);
    expect(run.stdout.split('\n').filter((l) => / FAILED /.test(l))).toEqual([]);
    expect(run.code).toBe(0);
    const events = lastJournal();
    const outcome = (step: string) =>
      events.find((e) => e.type === 'step-finished' && e.stepId === step)?.outcome;
    expect(outcome('store-smtp-settings')).toBe('ok');
    expect(outcome('configure-alertmanager')).toBe('ok');
    expect(outcome('migrate')).toBe('skipped');
    expect(outcome('configure-prometheus')).toBe('skipped');
    // configs: identical counts what this run wrote: the snapshot before and the test alert after both run
    expect(outcome('snapshot-observability')).toBe('ok');
    expect(outcome('test-alert')).toBe('ok');
    expect(outcome('create-release')).toBe('skipped');
    const runs = events.find((e) => e.type === 'output' && e.stepId === 'store-smtp-settings') as
      (Event & { line?: string }) | undefined;
    expect(runs?.line).toBe('runs: smtp.stored differs in: password');
    const secretFile = join(obsEtc(), 'alertmanager/smtp_auth_password');
    expect(readFileSync(secretFile, 'utf8')).toBe(newPassword);
    const all =
      world.printed.join('\n') +
      readdirSync(join(world.home, 'journal'))
        .map((n) => readFileSync(join(world.home, 'journal', n), 'utf8'))
        .join('\n');
    expect(all).not.toContain('$(id)');
    expect(all).not.toContain('n€w');
  });

  it('a new commit: the plan shows exactly its range and phase 2 builds and switches to it', async () => {
    const live = readFileSync(
      join(world.root('landsraad'), 'var/www/chom/current/.deployment-info'),
      'utf8',
    ).match(/^commit_hash=(\w+)$/m)?.[1];
    const next = addNextCommit(world.home);
    if (next.kind !== 'added') throw new Error('the sandbox has no next commit');
    const plan = await world.cli(['plan', '--live', '--profile', 'sandbox', '--commit', next.hash]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).not.toMatch(/Nothing to deploy/);
    expect(plan.stdout).toContain(
      `- Commits to deploy: 1 (${live!.slice(0, 7)}..${next.hash.slice(0, 7)})\n  - ${next.hash.slice(0, 7)} ${next.message}`,
    );
    expect(plan.stdout).toMatch(/create-release, landsraad\): runs/);
    const run = await deploy(['--commit', next.hash]);
    expect(run.stdout.split('\n').filter((l) => / FAILED /.test(l))).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/nothing was changed/);
    for (const step of ['create-release', 'fetch-code', 'switch', 'health-check'])
      expect(run.stdout).toMatch(new RegExp(`\\] ok ${step} \\(`));
    expect(
      readFileSync(join(world.root('landsraad'), 'var/www/chom/current/.deployment-info'), 'utf8'),
    ).toContain(`commit_hash=${next.hash}`);
  });
});
