// The main headless flow, end to end through the real CLI (child processes) against the sandbox world:
// deploy → verify (17 ✓) → the test alert reached the relay that accepts only the entered credentials →
// rollback all → the seed's release and alertmanager.yml back byte for byte → verify fails exactly the
// criteria that need the new release. The SMTP password is hostile (quotes, $(…), &|;, non-ASCII) and must
// never appear in journals, output, settings, state files or any process's command line.
import {
  existsSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretVariants } from '../../source/engine/run/redaction.js';
import {
  sampleProcessLists,
  smtpValuesYaml,
  startHeadlessWorld,
  type HeadlessWorld,
} from './headless-harness.js';

const user = 'alerts@sandbox.test';
/** The hostile password, line break included. */
const password = `p'a"s$(touch /tmp/pwned)&|;\nß`;
/** A secret the form refuses: NUL cannot survive every hop. */
const withNul = `p'a"s$(touch /tmp/pwned)&|;\u0000ß`;
const seedRelease = '20260106_132320';
/** `current` → the seed's release (relative as seeded, absolute once the console has switched it). */
const liveSeed = new RegExp(`(^|/)releases/${seedRelease}$`);
/** The criteria that need bb283db live or phase 4's configs: they must fail after `rollback --target all`. */
const needNewRelease = [
  'app-smtp-config-api',
  'app-observability-health-api',
  'app-smtp-export',
  'obs-alertmanager-smtp',
  'obs-exporters-rules-file',
  'obs-rules-loaded',
  'int-smtp-api-from-mentat',
];

let world: HeadlessWorld;
let valuesFile: string;
let sampler: ReturnType<typeof sampleProcessLists>;
const alertmanagerYml = () => join(world.root('mentat'), 'etc/observability/alertmanager/alertmanager.yml');
const current = () => readlinkSync(join(world.root('landsraad'), 'var/www/chom/current'));
let before: Buffer;

type Checklist = { ok: boolean; total: number; checks: { id: string; group: string; outcome: string }[] };

beforeAll(async () => {
  rmSync('/tmp/pwned', { force: true });
  world = await startHeadlessWorld('chom-e2e-deploy-', { smtp: { user, password } });
  valuesFile = join(world.home, 'values.yaml');
  writeFileSync(valuesFile, smtpValuesYaml(world.sandbox, user));
  before = readFileSync(alertmanagerYml());
  sampler = sampleProcessLists(50);
});
afterAll(async () => {
  await sampler?.stop();
  await world?.close();
});

describe('headless deploy → verify → rollback with a hostile SMTP password', () => {
  it('refuses a password with a NUL before connecting, without echoing it', async () => {
    const run = await world.cli(
      ['deploy', '--plain', '--profile', 'sandbox', '--yes', '--values', valuesFile, '--password-stdin'],
      { stdin: `${withNul}\n` },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/smtp\.password: a secret cannot contain carriage returns or NUL/);
    expect(run.stderr).not.toContain('touch /tmp/pwned');
    expect(run.stderr).toMatch(/Nothing was changed/);
    expect(existsSync(join(world.home, 'journal'))).toBe(false);
    expect(current()).toMatch(liveSeed);
  });

  it('deploys with --yes --values --password-stdin: exit 0, one line per step start and finish', async () => {
    const run = await world.cli(
      ['deploy', '--plain', '--profile', 'sandbox', '--yes', '--values', valuesFile, '--password-stdin'],
      { stdin: `${password}\n` },
    );
    expect(run.stderr + run.stdout.split('\n').slice(-8).join('\n')).not.toMatch(/FAILED/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\[landsraad\] start migrate: /m);
    expect(run.stdout).toMatch(/^\[landsraad\] confirmed migrate by .* \(--yes\)$/m);
    expect(run.stdout).toMatch(/^\[landsraad\] ok switch \(\d+(\.\d)?m?s\)$/m);
    expect(run.stdout).toMatch(/^\[mentat\] ok configure-alertmanager \(/m);
    expect(run.stdout).toMatch(/^form smtp: .*password=\*\*\*/m);
    expect(run.stdout).toMatch(/^deploy ok in .*landsraad on release \d{8}_\d{6}/m);
    expect(current()).not.toMatch(liveSeed);
  });

  it('verify --format json: one JSON document, all 17 criteria pass', async () => {
    const run = await world.cli(['verify', '--plain', '--format', 'json']);
    const doc = JSON.parse(run.stdout) as Checklist;
    expect(doc.checks.filter((c) => c.outcome !== 'pass')).toEqual([]);
    expect(doc.total).toBe(17);
    expect(run.code).toBe(0);
  });

  it('delivered the test alert through the relay, which accepts only the credentials entered in the form', () => {
    const mails = world.sandbox.mail.list();
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.every((mail) => mail.authUser === user)).toBe(true);
    expect(mails.some((mail) => mail.to.includes('ops@sandbox.test'))).toBe(true);
  });

  it('restores an older observability snapshot chosen with --to; refuses a path, fails on a missing one', async () => {
    // An older snapshot: the phase-1 one, with a marker in alertmanager.yml and its checksums made again.
    const snapshots = join(world.root('mentat'), 'var/lib/observability/chom-console/snapshots');
    const older = '20250101_000000-older';
    await world.on(
      'mentat',
      `cd '${snapshots}' && cp -a "$(readlink -f latest)" ${older} && cd ${older} && rm -rf rolled-back-* ` +
        `&& printf '# the older snapshot\\n' >> alertmanager/alertmanager.yml ` +
        `&& find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS`,
    );
    const olderYml = readFileSync(join(snapshots, older, 'alertmanager/alertmanager.yml'));
    expect(olderYml.toString()).toMatch(/# the older snapshot\n$/);
    const restore = (to: string) =>
      world.cli(['rollback', '--plain', '--yes', '--target', 'observability', '--to', to]);
    const bad = await restore('../x');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/"\.\.\/x" is not a snapshot name/)]);
    const missing = await restore('gone');
    expect(missing.code).toBe(1);
    expect(missing.stdout + missing.stderr).toMatch(/no snapshot at .*snapshots\/gone/);
    const run = await restore(older);
    expect(run.stderr).toContain(`observability: restoring snapshot ${older} (--to)`);
    expect(run.stdout).toContain(`restoring from ${join(snapshots, older)}`);
    expect(run.code).toBe(0);
    expect(readFileSync(alertmanagerYml()).equals(olderYml)).toBe(true);
  });

  it('rolls back everything: the seed release is live and alertmanager.yml is byte-identical', async () => {
    const run = await world.cli(['rollback', '--plain', '--yes', '--target', 'all']);
    expect(run.stderr).toMatch(
      `app: rolling back to ${seedRelease}, the release live before the last deploy`,
    );
    expect(run.code).toBe(0);
    expect(current()).toMatch(liveSeed);
    // without --to: the latest (phase-1) snapshot, not the older one restored above
    expect(readFileSync(alertmanagerYml()).equals(before)).toBe(true);
  });

  it('verify now fails exactly the criteria that need the new release (markdown: ✗ with the explanation)', async () => {
    const json = await world.cli(['verify', '--plain', '--format', 'json']);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout) as Checklist;
    expect(doc.checks.filter((c) => c.outcome !== 'pass').map((c) => c.id)).toEqual(needNewRelease);
    const md = await world.cli(['verify', '--plain']);
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(/^## Application$/m);
    expect(md.stdout).toMatch(/^✓ 5\. CHOM is accessible/m);
    expect(md.stdout).toMatch(/^✗ 1\. .*\n {4}why: The SMTP API is missing/m);
    expect(md.stdout).toMatch(/10 of 17 criteria pass; 7 fail\./);
  });

  it('never leaked the password: journals, output, settings, state files and process lists', async () => {
    const lines = await sampler.stop();
    const forms = [...secretVariants(password), 's$(touch /tmp/pwned)&|;'];
    const leaks = (where: string, text: string) =>
      forms.filter((form) => text.includes(form)).map((form) => `${where}: ${form}`);
    const found: string[] = [];
    world.printed.forEach((text, i) => found.push(...leaks(`output #${i}`, text)));
    for (const line of lines) found.push(...leaks('ps', line));
    // Everything the console keeps (journals, settings, sandbox status) outside the hosts' own files.
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (path === join(world.home, 'sandbox', 'world')) return [];
        return entry.isDirectory() ? walk(path) : entry.isFile() ? [path] : [];
      });
    const stateFiles = walk(world.home);
    expect(stateFiles.filter((f) => f.includes('/journal/')).length).toBeGreaterThanOrEqual(5);
    for (const file of stateFiles) found.push(...leaks(file, readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
    expect(lines.length).toBeGreaterThan(50);
    expect(existsSync('/tmp/pwned')).toBe(false);
    const settings = JSON.parse(readFileSync(join(world.home, 'settings.json'), 'utf8')) as unknown;
    expect(settings).toEqual({ lastProfile: 'sandbox' });
    expect(statSync(join(world.home, 'settings.json')).mode & 0o077).toBe(0);
  });
});
