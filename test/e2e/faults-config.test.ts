// Faults of the `config` action against the sandbox's real amtool and Alertmanager: a rendered config that
// fails validation never goes live and no reload is sent; a config that validates but that the running
// Alertmanager rejects at reload is rolled back byte for byte and the reload re-issued. Phases 1–3 are deployed
// once; each case then runs the form and phase 4 up to configure-alertmanager.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunPlan } from '../../source/engine/run/runner.js';
import { eventsOf, failures, startSandboxRun, type SandboxRun, type Sent } from '../helpers/sandbox-run.js';

let sbx: SandboxRun;
let template: string;
let original: Buffer;
const live = () => join(sbx.root('mentat'), 'etc/observability/alertmanager/alertmanager.yml');
const passwordFile = () => join(sbx.root('mentat'), 'etc/observability/alertmanager/smtp_auth_password');
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Alertmanager's own view: which config it runs and whether its last reload worked. */
async function alertmanagerState(): Promise<{ hash: string; ok: string; reloadedAt: string }> {
  const text = await (await fetch(`${sbx.world.runtimeVars.sandbox_alertmanager_url}/metrics`)).text();
  const gauge = (name: string) =>
    text
      .split('\n')
      .find((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
      ?.split(' ')[1] ?? '';
  return {
    hash: gauge('alertmanager_config_hash'),
    ok: gauge('alertmanager_config_last_reload_successful'),
    reloadedAt: gauge('alertmanager_config_last_reload_success_timestamp_seconds'),
  };
}

const configurePlan = (): RunPlan =>
  sbx.deployPlan(['smtp-form', 'fetch-smtp-config', 'derive-require-tls', 'configure-alertmanager']);
const reloads = (sent: Sent[]) => sent.filter((s) => s.kind === 'exec' && s.text.includes('/-/reload'));

beforeAll(async () => {
  sbx = await startSandboxRun('chom-faults-config-');
  const phases = sbx.profile.phases.filter((p) => ['phase1', 'phase2', 'phase3'].includes(p.id));
  const deployed = await sbx.run({ mode: 'deploy', phases });
  if (deployed.summary.exitCode !== 0) throw new Error(`phases 1-3 failed:\n${failures(deployed.events)}`);
  template = join(sbx.root('mentat'), 'opt/chom-deploy/config/mentat/alertmanager.yml');
  original = readFileSync(template);
}, 120_000);
afterAll(async () => {
  await sbx?.close();
});

describe('the config action against the real Alertmanager', () => {
  it('never puts a config live that amtool rejects: live file, snapshot and running config unchanged, no reload sent', async () => {
    // Sabotage the staged template: the route names a receiver that does not exist.
    writeFileSync(
      template,
      original.toString().replace("receiver: 'default'", "receiver: 'no-such-receiver'"),
    );
    const before = { live: sha(live()), am: await alertmanagerState() };
    const sent: Sent[] = [];
    const { summary, events } = await sbx.run(configurePlan(), { sent });

    expect(summary.exitCode).toBe(1);
    const failed = eventsOf(events, 'step-finished').filter((e) => e.outcome === 'failed');
    expect(failed.map((e) => e.stepId)).toEqual(['configure-alertmanager']);
    expect(failed[0]?.failure?.message).toMatch(/failed validation; nothing live was changed/);
    expect(failed[0]?.failure?.stderrTail.join('\n')).toMatch(/no-such-receiver/);
    expect(sha(live())).toBe(before.live);
    expect(existsSync(passwordFile())).toBe(false);
    expect(reloads(sent)).toEqual([]);
    expect(sent.filter((s) => /install -m|\.bak-/.test(s.text))).toEqual([]);
    expect(await alertmanagerState()).toEqual(before.am);
    // The phase-1 snapshot (what rollback restores) is intact and still equals the live file.
    const check = await sbx.on(
      'mentat',
      'cd "$(readlink -f var/lib/observability/chom-console/snapshots/latest)" && sha256sum -c SHA256SUMS && sha256sum alertmanager/alertmanager.yml',
    );
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain(before.live);
    writeFileSync(template, original);
  });

  it('restores the live file byte for byte and reloads again when Alertmanager rejects the new config at reload', async () => {
    // amtool validates the staged copy in /tmp, where the relative template glob matches nothing; live, the
    // glob resolves next to alertmanager.yml, where a broken leftover template makes the reload fail (HTTP 500).
    writeFileSync(template, `${original.toString()}\ntemplates:\n  - 'custom-templates/*.tmpl'\n`);
    const leftover = join(sbx.root('mentat'), 'etc/observability/alertmanager/custom-templates');
    mkdirSync(leftover, { recursive: true });
    writeFileSync(join(leftover, 'broken.tmpl'), '{{ define "broken" }}{{ .Unclosed \n');
    const before = { bytes: readFileSync(live()), am: await alertmanagerState() };
    expect(before.am.ok).toBe('1');
    const sent: Sent[] = [];
    const { summary, events } = await sbx.run(configurePlan(), { sent });

    expect(summary.exitCode).toBe(1);
    const failed = eventsOf(events, 'step-finished').filter((e) => e.outcome === 'failed');
    expect(failed.map((e) => e.stepId)).toEqual(['configure-alertmanager']);
    expect(failed[0]?.failure?.message).toMatch(
      /could not reload the service.*the previous files were restored/,
    );
    // the reason Alertmanager gave, not only curl's status
    expect(failed[0]?.failure?.stderrTail.join('\n')).toMatch(
      /reload rejected: HTTP 500 from \S+\/-\/reload: .*broken\.tmpl/,
    );
    // Validated, then backed up and installed: the failure really happened at the reload.
    expect(sent.some((s) => s.text.includes('amtool check-config'))).toBe(true);
    expect(sent.some((s) => s.text.includes('install -m'))).toBe(true);
    expect(readFileSync(live()).equals(before.bytes)).toBe(true);
    expect(existsSync(passwordFile())).toBe(false);
    // The reload went out twice: the rejected one, then the one that re-applied the restored config.
    expect(reloads(sent)).toHaveLength(2);
    const after = await alertmanagerState();
    expect(after.ok).toBe('1');
    expect(after.hash).toBe(before.am.hash);
    rmSync(leftover, { recursive: true, force: true });
    writeFileSync(template, original);
  });

  it('then succeeds once the cause is gone', async () => {
    const before = await alertmanagerState();
    const { summary, events } = await sbx.run(configurePlan());
    expect(failures(events)).toBe('');
    expect(summary.exitCode).toBe(0);
    expect(readFileSync(live(), 'utf8')).toMatch(/smtp_auth_password_file:/);
    const after = await alertmanagerState();
    expect(after.ok).toBe('1');
    expect(after.hash).not.toBe(before.hash);
  });
});
