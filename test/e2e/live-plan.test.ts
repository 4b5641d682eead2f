// Issue 16 items 2 and 3, end to end through the real CLI against the sandbox world (in-process ssh2 hosts):
// `plan --live` reads the hosts read-only and prints the concrete plan; `--out` saves it fingerprinted;
// `deploy --plan` refuses (exit 5, nothing changed, lock released) when alertmanager.yml was edited after the
// plan, refuses garbled or tampered files before connecting, applies a fresh plan; and the SMTP password
// never reaches a plan's output or file.
import { existsSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LivePlan } from '../../source/engine/plan/live-plan.js';
import { secretVariants } from '../../source/engine/run/redaction.js';
import { hashWorld } from '../../source/sandbox/lifecycle/world-hash.js';
import { smtpValuesYaml, startHeadlessWorld, type HeadlessWorld } from './headless-harness.js';

const user = 'alerts@sandbox.test';
/** Hostile, and searched for in every output and plan file. */
const password = `pl'an"$(touch /tmp/pwned-plan)&|;ß`;

let world: HeadlessWorld;
let valuesFile: string;
const alertmanagerYml = () => join(world.root('mentat'), 'etc/observability/alertmanager/alertmanager.yml');
const current = () => readlinkSync(join(world.root('landsraad'), 'var/www/chom/current'));
const lockFile = () => join(world.root('landsraad'), 'var/www/chom/.chom-console.lock');
const planFiles: string[] = [];
const deployArgs = (plan: string) => [
  'deploy',
  '--plain',
  '--plan',
  plan,
  '--yes',
  '--values',
  valuesFile,
  '--password-stdin',
];

beforeAll(async () => {
  world = await startHeadlessWorld('chom-e2e-liveplan-', { smtp: { user, password } });
  valuesFile = join(world.home, 'values.yaml');
  writeFileSync(valuesFile, smtpValuesYaml(world.sandbox, user));
});
afterAll(async () => {
  await world?.close();
});

describe('plan --live and deploy --plan on the sandbox', () => {
  it('plan --live prints the range live→target with its commits, the classified migrations and the commands, read-only', async () => {
    const before = hashWorld(world.home);
    const run = await world.cli(['plan', '--live', '--plain']);
    expect(run.code).toBe(0);
    expect(hashWorld(world.home)).toBe(before);
    const out = run.stdout;
    expect(out).toContain('# Live plan: sandbox');
    expect(out).toMatch(/Commits to deploy: 3 \([0-9a-f]{7}\.\.[0-9a-f]{7}\)/);
    expect(out).toContain('feat: Integrate SMTP configuration with Alertmanager');
    expect(out).toMatch(
      /2026_01_09_083804_create_system_settings_table: creates table system_settings · data inserts rows into system_settings\n/,
    );
    expect(out).toMatch(/`migrate` on landsraad \(phase2\) — will run, CRITICAL/);
    expect(out).toContain('promtool check config');
    expect(out).toMatch(/### Critical steps\n\n- migrate, switch, store-smtp-settings/);
    expect(out).toMatch(/alertmanager\.yml on mentat: sha256:[0-9a-f]{64}/);
  });

  it('--out writes the JSON with a fingerprint of the deciding facts, each named with its value', async () => {
    const file = join(world.home, 'plan.json');
    planFiles.push(file);
    const run = await world.cli(['plan', '--live', '--plain', '--out', file]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/plan written to .*plan\.json \(fingerprint sha256:[0-9a-f]{64}\)/);
    const plan = JSON.parse(readFileSync(file, 'utf8')) as LivePlan;
    expect(plan.schema).toBe('chom-console/live-plan@1');
    expect(plan.deploy.schema).toBe('chom-console/deploy-plan@1');
    expect(plan.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(plan.deciding.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'live-release',
        'live-commit',
        'target-commit',
        'pending-migrations',
        'env-keys',
        'smtp-stored',
      ]),
    );
    const am = plan.deciding.find((f) => f.label === 'alertmanager.yml on mentat');
    expect(am?.value).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(plan.deciding.find((f) => f.name === 'live-release')?.value).toBe('20260106_132320');
    // nothing volatile: no disk, no round trip, no last run
    expect(JSON.stringify(plan.deciding)).not.toMatch(/disk|rtt|lastRun/i);
  });

  it('alertmanager.yml edited between plan and apply: refused naming the file, exit 5, nothing changed, lock released', async () => {
    writeFileSync(alertmanagerYml(), `${readFileSync(alertmanagerYml(), 'utf8')}# edited by hand\n`);
    const edited = readFileSync(alertmanagerYml());
    const release = current();
    const before = hashWorld(world.home);
    const run = await world.cli(deployArgs(planFiles[0]!), { stdin: `${password}\n` });
    expect(run.code).toBe(5);
    expect(run.stdout).toMatch(/alertmanager\.yml on mentat changed since the plan/);
    expect(run.stderr).toContain(
      'deploy --plan refused (exit 5): nothing was changed; the deploy lock was released',
    );
    expect(run.stdout).toMatch(/lock released/);
    expect(existsSync(lockFile())).toBe(false);
    expect(readFileSync(alertmanagerYml()).equals(edited)).toBe(true);
    expect(current()).toBe(release);
    expect(hashWorld(world.home)).toBe(before);
  });

  it('a garbled, hostile or tampered plan file is refused before connecting, saying what to do', async () => {
    const garbled = join(world.home, 'garbled.json');
    writeFileSync(garbled, '{"schema": "chom-console/live-plan@1", "steps": [');
    const hostile = join(world.home, 'hostile.json');
    const good = JSON.parse(readFileSync(planFiles[0]!, 'utf8')) as Record<string, unknown>;
    writeFileSync(
      hostile,
      JSON.stringify({ ...good, profile: '\u001b]0;pwned\u0007sandbox', __proto__: { x: 1 } }),
    );
    const tampered = join(world.home, 'tampered.json');
    const steps = good.steps as { command: string }[];
    steps[0]!.command = 'rm -rf /';
    writeFileSync(tampered, JSON.stringify(good, null, 2));
    const garbledRun = await world.inProcess(deployArgs(garbled), { stdin: `${password}\n` });
    expect(garbledRun.code).toBe(2);
    expect(garbledRun.stderr).toMatch(
      /plan file .*garbled\.json: not JSON .*make a new one with `chom-console plan --live --out FILE`/,
    );
    const hostileRun = await world.inProcess(deployArgs(hostile), { stdin: `${password}\n` });
    expect(hostileRun.code).toBe(2);
    expect(hostileRun.stderr).toMatch(/hostile\.json: its contents changed after/);
    expect(hostileRun.stderr).not.toContain('\u001b');
    const tamperedRun = await world.inProcess(deployArgs(tampered), { stdin: `${password}\n` });
    expect(tamperedRun.code).toBe(2);
    expect(tamperedRun.stderr).toMatch(
      /tampered\.json: its contents changed after `plan --live --out` wrote it/,
    );
    const missing = await world.inProcess(deployArgs(join(world.home, 'none.json')));
    expect(missing.stderr).toMatch(/none\.json: no such file/);
    expect(missing.code).toBe(2);
    const outAlone = await world.inProcess(['plan', '--plain', '--out', join(world.home, 'x.json')]);
    expect(outAlone.stderr).toMatch(/--out saves a live plan: use `chom-console plan --live --out FILE`/);
    expect(outAlone.code).toBe(2);
    const clash = await world.inProcess([...deployArgs(planFiles[0]!), '--from', 'phase2']);
    expect(clash.stderr).toMatch(
      /--plan applies the phases, part, commit and vars its plan was made with; drop --from/,
    );
    expect(clash.code).toBe(2);
  });

  it('a fresh plan applies; the next plan says nothing to deploy; no plan output or file holds the password', async () => {
    const file = join(world.home, 'plan2.json');
    planFiles.push(file);
    expect((await world.cli(['plan', '--live', '--plain', '--out', file])).code).toBe(0);
    const deploy = await world.cli(deployArgs(file), { stdin: `${password}\n` });
    expect(deploy.stdout).toMatch(/plan: the \d+ deciding facts are as planned/);
    expect(deploy.code).toBe(0);
    const after = join(world.home, 'plan3.json');
    planFiles.push(after);
    const again = await world.cli(['plan', '--live', '--plain', '--out', after]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Commits to deploy: none/);
    expect(again.stdout).toMatch(/Pending migrations: none/);
    const json = await world.cli(['plan', '--live', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ schema: 'chom-console/live-plan@1' });
    const texts = [...world.printed, ...planFiles.map((f) => readFileSync(f, 'utf8'))];
    const forms = secretVariants(password);
    expect(texts.flatMap((text) => forms.filter((form) => text.includes(form)))).toEqual([]);
    expect(existsSync('/tmp/pwned-plan')).toBe(false);
  });
});
