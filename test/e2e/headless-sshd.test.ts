// The main headless flow again, with both hosts served by REAL OpenSSH sshd (test/helpers/sandbox-sshd.ts):
// landsraad trusted through ~/.ssh/known_hosts, mentat through a fingerprint pinned in the profile, the
// sandbox's runtime vars supplied by CHOM_CONSOLE_SANDBOX=1. Skipped (loudly) without root or sshd.
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretVariants } from '../../source/engine/run/redaction.js';
import {
  sandboxSshdUnavailableReason,
  sshdProfile,
  startSandboxSshd,
  type SandboxSshd,
} from '../helpers/sandbox-sshd.js';
import { smtpValuesYaml, startHeadlessWorld, type HeadlessWorld } from './headless-harness.js';

const unavailable = sandboxSshdUnavailableReason();
if (unavailable) console.warn(`SKIPPED headless e2e over real sshd: ${unavailable}`);

const user = 'alerts@sandbox.test';
const password = `p'a"s$(touch /tmp/pwned)&|;ß`;
const liveSeed = /(^|\/)releases\/20260106_132320$/;
const needNewRelease = [
  'app-smtp-config-api',
  'app-observability-health-api',
  'app-smtp-export',
  'obs-alertmanager-smtp',
  'obs-exporters-rules-file',
  'obs-rules-loaded',
  'int-smtp-api-from-mentat',
];
type Checklist = { total: number; checks: { id: string; outcome: string }[] };

describe.skipIf(unavailable !== undefined)('headless deploy over real OpenSSH sshd', () => {
  let world: HeadlessWorld;
  let sshd: SandboxSshd;
  let profile: string;
  let valuesFile: string;
  let env: Record<string, string>;
  const alertmanagerYml = () => join(world.root('mentat'), 'etc/observability/alertmanager/alertmanager.yml');
  const current = () => readlinkSync(join(world.root('landsraad'), 'var/www/chom/current'));
  let before: Buffer;

  beforeAll(async () => {
    world = await startHeadlessWorld('chom-e2e-sshd-', { smtp: { user, password }, sshd: false });
    sshd = await startSandboxSshd(world.home);
    const served = sshdProfile(world.home, sshd);
    const operatorHome = served.operatorHome;
    profile = served.profile;
    valuesFile = join(world.home, 'values.yaml');
    writeFileSync(valuesFile, smtpValuesYaml(world.sandbox, user));
    env = { CHOM_CONSOLE_SANDBOX: '1', HOME: operatorHome };
    before = readFileSync(alertmanagerYml());
  });
  afterAll(async () => {
    await sshd?.stop();
    await world?.close();
  });

  it('deploys, passes all 17 criteria, rolls back to the seed state, then fails exactly the new-release criteria', async () => {
    const deploy = await world.cli(
      ['deploy', '--plain', '--profile', profile, '--yes', '--values', valuesFile, '--password-stdin'],
      { stdin: `${password}\n`, env },
    );
    expect(deploy.stderr).not.toMatch(/FAILED/);
    expect(deploy.code).toBe(0);
    const verify = await world.cli(['verify', '--plain', '--format', 'json'], { env });
    const passed = JSON.parse(verify.stdout) as Checklist;
    expect(passed.checks.filter((c) => c.outcome !== 'pass')).toEqual([]);
    expect([passed.total, verify.code]).toEqual([17, 0]);
    expect(world.sandbox.mail.list().filter((m) => m.authUser === user).length).toBeGreaterThan(0);

    // a command that changes hosts names its profile when it is not the sandbox (remembered-profile.ts)
    const rollback = await world.cli(
      ['rollback', '--plain', '--profile', profile, '--yes', '--target', 'all'],
      { env },
    );
    expect(rollback.code).toBe(0);
    expect(current()).toMatch(liveSeed);
    expect(readFileSync(alertmanagerYml()).equals(before)).toBe(true);
    const after = await world.cli(['verify', '--plain', '--format', 'json'], { env });
    expect(after.code).toBe(1);
    const failed = (JSON.parse(after.stdout) as Checklist).checks.filter((c) => c.outcome !== 'pass');
    expect(failed.map((c) => c.id)).toEqual(needNewRelease);
  });

  it('never printed or journalled the password', () => {
    const forms = secretVariants(password);
    const journal = join(world.home, 'journal');
    const texts = [
      ...world.printed,
      ...readdirSync(journal).map((f) => readFileSync(join(journal, f), 'utf8')),
    ];
    expect(texts.length).toBeGreaterThan(8);
    expect(texts.flatMap((text) => forms.filter((form) => text.includes(form)))).toEqual([]);
  });
});
