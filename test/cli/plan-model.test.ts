// Headless `plan` prints the deploy plan model beside its phases and commands: without connecting, every
// fact read from a host is unknown and says so (the migrate step's disposition names the fact it needs),
// the target commit and the hosts are known (production named as such), the last deploy comes from the
// journals on this machine, and --from leaves the earlier phases out.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlanDocument } from '../../source/report/plan-document.js';
import { journalDir } from '../../source/engine/run/journal.js';
import { runCli } from './run-cli.js';

const home = mkdtempSync(join(tmpdir(), 'chom-plan-model-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const env = { CHOM_CONSOLE_HOME: home };

describe('plan: the deploy plan model', () => {
  it('--format json: the model under `deploy`, host facts unknown (not connected), the rest kept', async () => {
    const run = await runCli(['plan', '--profile', 'production', '--format', 'json'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const plan = JSON.parse(run.stdout) as PlanDocument;
    // today's fields are all still there
    expect(plan.phases.map((phase) => phase.id)).toEqual(['phase1', 'phase2', 'phase3', 'phase4', 'phase5']);
    expect(plan.checks).toHaveLength(17);
    const deploy = plan.deploy;
    expect(deploy).toMatchObject({
      schema: 'chom-console/deploy-plan@1',
      profile: 'production',
      production: true,
      facts: 'offline',
      request: { mode: 'deploy', from: null },
      targetCommit: { known: true, value: 'bb283dba2f4fc4a3b4dd6b16f8cefca99f4e4cb4' },
      liveCommit: { known: false, why: 'not connected (plan reads no host)' },
      commits: { known: false, why: 'not connected (plan reads no host): the live commit is needed' },
      lastRun: null,
    });
    expect(deploy.hosts.map((host) => `${host.name} ${host.address} ${host.user}`)).toEqual([
      'landsraad landsraad.arewel.com stilgar',
      'mentat mentat.arewel.com stilgar',
    ]);
    const migrate = deploy.phases[1]!.steps.find((step) => step.id === 'migrate');
    expect(migrate?.disposition).toMatchObject({
      kind: 'unknown',
      fact: 'pending_migrations: none',
      then: 'ask',
    });
    expect(deploy.phases[1]!.critical).toEqual(['migrate', 'switch']);
    // migrate, store-smtp-settings and the four config steps: what they read is not read offline
    expect(deploy.counts).toEqual({ run: 33, ask: 2, skip: 0, unknown: 6 });
    expect(deploy.backups.map((backup) => backup.stepId)).toContain('backup');
  });

  it('Markdown: says it is not connected, names production, and the last deploy from the journals', async () => {
    mkdirSync(journalDir(home), { recursive: true });
    const events = [
      {
        type: 'run-started',
        runId: '20261201T100000Z-1',
        mode: 'deploy',
        profile: 'production',
        operator: 'ann',
        at: '2026-12-01T10:00:00.000Z',
      },
      { type: 'run-finished', outcome: 'ok', hostStates: [], at: '2026-12-01T10:02:05.000Z' },
    ];
    writeFileSync(
      join(journalDir(home), '20261201T100000Z-1.jsonl'),
      `${events.map((event) => JSON.stringify(event)).join('\n')}\n`,
    );
    const run = await runCli(['plan', '--profile', 'production'], env);
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain('## Deploy plan (what a deploy will run, ask, skip, or cannot know yet)');
    expect(out).toContain('- Profile production: PRODUCTION (real servers)');
    expect(out).toContain('  - landsraad: landsraad.arewel.com as stilgar');
    expect(out).toContain('- Not connected: every fact read from a host is unknown');
    expect(out).toContain(
      "- Pending migrations: unknown: not connected (plan reads no host): the database's ran migrations are needed",
    );
    expect(out).toMatch(
      /- … Run the pending migrations on the live database \(migrate, landsraad\): unknown: pending_migrations: none not read/,
    );
    expect(out).toMatch(
      /- \? Switch current to the new release \(switch, landsraad\): asks for confirmation; Cancel: /,
    );
    expect(out).toContain('- ok in 2m05s (run 20261201T100000Z-1, by ann');
    // the phases and exact commands follow, as before
    expect(out).toContain('## 2. Deploy application to landsraad (`phase2`)');
  });

  it('--from phase3 leaves phases 1–2 out; an unknown phase is a usage error naming the phases', async () => {
    const run = await runCli(
      ['plan', '--profile', 'production', '--from', 'phase3', '--format', 'json'],
      env,
    );
    expect(run.code).toBe(0);
    const deploy = (JSON.parse(run.stdout) as PlanDocument).deploy;
    expect(deploy.request.from).toBe('phase3');
    expect(deploy.phases.map((phase) => phase.skipped)).toEqual([
      'before --from phase3: not run',
      'before --from phase3: not run',
      null,
      null,
      null,
    ]);
    const bad = await runCli(['plan', '--profile', 'production', '--from', 'phase9'], env);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain(
      'plan: no phase "phase9" in profile production; phases: phase1, phase2, phase3, phase4, phase5',
    );
  });
});
