// `plan --live` over REAL OpenSSH sshd (test/helpers/sandbox-sshd.ts, as headless-sshd.test.ts): the plan is
// read through the same connection code as every host command, prints the commit range with its commits
// and the commands, and changes nothing on the hosts. Skipped (loudly) without root or sshd.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LivePlan } from '../../source/engine/plan/live-plan.js';
import { hashWorld } from '../../source/sandbox/lifecycle/world-hash.js';
import {
  sandboxSshdUnavailableReason,
  sshdProfile,
  startSandboxSshd,
  type SandboxSshd,
} from '../helpers/sandbox-sshd.js';
import { startHeadlessWorld, type HeadlessWorld } from './headless-harness.js';

const unavailable = sandboxSshdUnavailableReason();
if (unavailable) console.warn(`SKIPPED plan --live over real sshd: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('plan --live over real OpenSSH sshd', () => {
  let world: HeadlessWorld;
  let sshd: SandboxSshd;
  let profile: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    world = await startHeadlessWorld('chom-e2e-liveplan-sshd-', { sshd: false });
    sshd = await startSandboxSshd(world.home);
    const served = sshdProfile(world.home, sshd);
    profile = served.profile;
    env = { CHOM_CONSOLE_SANDBOX: '1', HOME: served.operatorHome };
  });
  afterAll(async () => {
    await sshd?.stop();
    await world?.close();
  });

  it('prints the range live→target with its commits and the commands, writes the fingerprinted plan, reads only', async () => {
    const before = hashWorld(world.home);
    const file = join(world.home, 'plan.json');
    const run = await world.cli(['plan', '--live', '--plain', '--profile', profile, '--out', file], { env });
    expect(run.stderr).not.toMatch(/unknown:/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Commits to deploy: 3 \([0-9a-f]{7}\.\.[0-9a-f]{7}\)/);
    expect(run.stdout).toContain('feat: Add SMTP configuration UI in admin settings');
    expect(run.stdout).toMatch(/`switch` on landsraad \(phase2\) — will run, CRITICAL/);
    expect(run.stdout).not.toMatch(/Live: release unknown/);
    const plan = JSON.parse(readFileSync(file, 'utf8')) as LivePlan;
    expect(plan.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(plan.deciding.find((f) => f.label === 'alertmanager.yml on mentat')?.value).toMatch(/^sha256:/);
    expect(hashWorld(world.home)).toBe(before);
  });
});
