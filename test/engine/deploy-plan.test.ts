// The deploy plan model over the real runbook (profiles/production.yaml, sandbox.yaml): each step's run ·
// ask · skip · unknown from the facts it is given, what Cancel does at each gate, the phases --from leaves
// out, what is backed up, and whether the hosts are production.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployPlan, type DeployPlan, type PlannedStep } from '../../source/engine/plan/deploy-plan.js';
import { deployPlanMarkdown } from '../../source/report/deploy-plan-sections.js';
import { PlanError } from '../../source/engine/plan/plan.js';
import { previewRender } from '../../source/engine/plan/plan-render.js';
import { offlineFacts, type PlanFacts } from '../../source/engine/plan/plan-facts.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';

function profile(name: string): LoadedProfile {
  const loaded = loadProfile(name, { profilesDir: resolve('profiles') });
  if (!loaded.ok) throw new Error(loaded.issues.map((issue) => issue.message).join('; '));
  return loaded.profile;
}
/** Templates as written (the backups test renders them as the CLI and the TUI do). */
const identity = (template: string): string => template;
const production = profile('production');
const sandbox = profile('sandbox');

const configSteps = [
  'configure-alertmanager',
  'install-exporters-rules',
  'install-basic-rules',
  'configure-prometheus',
];
const uploadSteps = [
  'stage-deploy-observability-script',
  'stage-alertmanager-template',
  'stage-prometheus-config',
  'stage-exporters-rules',
  'stage-basic-rules',
];
/** The facts read live: `done` says the configs are byte-identical and the stored settings unchanged. */
const live = (pending: string[], done = false): PlanFacts => ({
  source: 'live',
  liveRelease: { known: true, value: '20260106_132320' },
  liveCommit: { known: true, value: '7f572d2' },
  targetCommit: { known: true, value: 'bb283db' },
  commits: {
    known: true,
    value: {
      live: '7f572d2aaaa',
      target: 'bb283dbbbbb',
      commits: [
        { short: 'bb283db', subject: 'Integrate SMTP' },
        { short: '0ec1983', subject: 'Add SMTP UI' },
      ],
      behind: 0,
    },
  },
  pendingMigrations: { known: true, value: pending },
  configs: {
    known: true,
    value: configSteps.map((id) => ({
      step: id,
      host: 'mentat',
      identical: done,
      files: [{ path: `/etc/${id}.yml`, secret: false, identical: done, diff: done ? [] : ['-a', '+b'] }],
    })),
  },
  envKeys: { known: false, why: 'not compared in this test' },
  smtpStored: { known: true, value: { identical: done, differing: done ? [] : ['password'] } },
  formSources: {
    'smtp.stored': { known: true, value: { identical: done, differing: done ? [] : ['password'] } },
  },
  uploads: {
    known: true,
    value: uploadSteps.map((id) => ({ step: id, host: 'mentat', path: `/hub/${id}`, identical: done })),
  },
  assessed: { rule_files: { known: true, value: [done ? 'basic.yml 10 ab' : 'old.yml 5 cd'] } },
  lastRun: null,
});
/** `done` and the target is the live commit: every step that changes a host is already done. */
const noop = (): PlanFacts => ({
  ...live([], true),
  liveCommit: { known: true, value: 'bb283dba2f4fc4a3b4dd6b16f8cefca99f4e4cb4' },
  commits: { known: true, value: { live: 'bb283db', target: 'bb283db', commits: [], behind: 0 } },
});

const step = (plan: DeployPlan, id: string): PlannedStep => {
  const found = plan.phases.flatMap((phase) => phase.steps).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no step ${id} in the plan`);
  return found;
};

describe('deploy plan: dispositions', () => {
  it('nothing pending: migrate is skipped with its reason and asks nothing; the switch asks', () => {
    const plan = deployPlan(production, {}, live([]), identity);
    expect(step(plan, 'migrate').disposition).toEqual({
      kind: 'skip',
      reason: 'no pending migration (every migration of the target has run on the live database)',
    });
    expect(step(plan, 'lock').disposition).toEqual({ kind: 'run' });
    expect(step(plan, 'switch').disposition).toMatchObject({ kind: 'ask', gate: 'confirm' });
    expect(step(plan, 'smtp-form').disposition).toMatchObject({ kind: 'ask', gate: 'form' });
    expect(plan.counts.skip).toBe(1);
    expect(plan.counts.unknown).toBe(0);
  });

  it('nothing to deploy: the target is live and everything identical → every host-changing step skips, said plainly', () => {
    const plan = deployPlan(production, {}, noop(), identity);
    expect(plan.nothing).toBe(
      'Nothing to deploy: the target bb283db is live, every config is identical, every staged file is identical, the stored settings are the same. All 25 steps that change a host skip with their evidence; the run changes nothing.',
    );
    for (const id of ['backup', 'create-release', 'switch', 'health-check', 'cleanup'])
      expect(step(plan, id).disposition).toEqual({
        kind: 'skip',
        reason: 'the target commit bb283db is the live one (the current release was built from it)',
      });
    expect(plan.counts).toEqual({ run: 11, ask: 1, skip: 29, unknown: 0 });
    expect(deployPlanMarkdown(plan)).toContain(`- ${plan.nothing}`);
    // one config differing (a new password): something to deploy again, and the test alert runs
    const facts = noop();
    const configs = facts.configs.known ? facts.configs.value : [];
    const newSecret = deployPlan(
      production,
      {},
      { ...facts, configs: { known: true, value: configs.map((c, i) => ({ ...c, identical: i !== 0 })) } },
      identity,
    );
    expect(newSecret.nothing).toBeUndefined();
    expect(step(newSecret, 'test-alert').disposition).toMatchObject({ kind: 'run' });
    expect(step(newSecret, 'snapshot-observability').disposition).toMatchObject({ kind: 'run' });
  });

  it('already done: identical configs and unchanged stored settings skip with evidence and ask nothing', () => {
    const plan = deployPlan(production, {}, live([], true), identity);
    for (const id of configSteps)
      expect(step(plan, id).disposition).toEqual({
        kind: 'skip',
        reason: `rendered config identical to the live files (/etc/${id}.yml)`,
      });
    expect(step(plan, 'store-smtp-settings').disposition).toEqual({
      kind: 'skip',
      reason: 'smtp.stored: the live values equal the ones to store',
    });
    // + the snapshot, the hub folders, the 5 staged files, the stale rules and the test alert
    expect(plan.counts.skip).toBe(15);
    expect(plan.nothing).toBeUndefined();
    // the steps that run say why: a differing field is named, never its value
    const changed = deployPlan(production, {}, live([]), identity);
    expect(step(changed, 'store-smtp-settings').disposition).toMatchObject({
      kind: 'ask',
      evidence: 'smtp.stored differs in: password',
    });
    expect(step(changed, 'configure-prometheus').disposition).toMatchObject({
      kind: 'ask',
      evidence: 'rendered config differs from the live files: /etc/configure-prometheus.yml',
    });
  });

  it('migrations pending: migrate asks, and Cancel there says something has changed by then', () => {
    const plan = deployPlan(
      production,
      {},
      live(['2026_01_09_083804_create_system_settings_table']),
      identity,
    );
    const migrate = step(plan, 'migrate').disposition;
    expect(migrate).toMatchObject({ kind: 'ask', gate: 'confirm' });
    // the lock, the backup and a new release come before it: Cancel asks (go back · pause), nothing to roll back
    expect(migrate.kind === 'ask' && migrate.cancel).toBe('something changed by then: asks go back · pause');
    // after the switch, the SMTP store's Cancel offers the app's rollback; after both configs, all
    const store = step(plan, 'store-smtp-settings').disposition;
    expect(store.kind === 'ask' && store.cancel).toMatch(/roll back app$/);
    const prometheus = step(plan, 'configure-prometheus').disposition;
    expect(prometheus.kind === 'ask' && prometheus.cancel).toMatch(/roll back all$/);
    expect(plan.counts).toEqual({ run: 35, ask: 6, skip: 0, unknown: 0 });
  });

  it('facts not read: migrate is unknown, naming the fact and why, and what it does either way', () => {
    const plan = deployPlan(
      production,
      {},
      offlineFacts(production, { variable: () => undefined, history: () => [] }),
      identity,
    );
    expect(step(plan, 'migrate').disposition).toEqual({
      kind: 'unknown',
      fact: 'pending_migrations: none',
      why: "pending migrations: not connected (plan reads no host): the database's ran migrations are needed",
      then: 'ask',
      skip: 'skipped when pending_migrations: none',
    });
    expect(plan.facts).toBe('offline');
    expect(plan.commits).toEqual({
      known: false,
      why: 'not connected (plan reads no host): the live commit is needed',
    });
    expect(plan.targetCommit).toMatchObject({ known: false });
  });

  it('--from phase3: phases 1 and 2 are not run, and Cancel at the form stops (nothing changed yet)', () => {
    const plan = deployPlan(production, { from: 'phase3' }, live([]), identity);
    expect(plan.phases.map((phase) => phase.skipped)).toEqual([
      'before --from phase3: not run',
      'before --from phase3: not run',
      null,
      null,
      null,
    ]);
    expect(plan.phases[1]!.steps).toEqual([]);
    const form = step(plan, 'smtp-form').disposition;
    expect(form.kind === 'ask' && form.cancel).toBe('nothing changed yet, the deploy stops');
    expect(plan.request).toEqual({ mode: 'deploy', from: 'phase3', only: null });
    expect(() => deployPlan(production, { from: 'phase9' }, live([]), identity)).toThrow(PlanError);
  });

  it('names each phase’s critical steps, the commit range and count', () => {
    const plan = deployPlan(production, {}, live([]), identity);
    expect(plan.phases.map((phase) => phase.critical)).toEqual([
      [],
      ['migrate', 'switch'],
      ['store-smtp-settings'],
      ['configure-alertmanager', 'configure-prometheus'],
      [],
    ]);
    expect(plan.commits).toMatchObject({ known: true, value: { count: 2, behind: 0 } });
  });
});

describe('deploy plan: hosts and backups', () => {
  it('production is production (real hosts, with address and user); the sandbox is not', () => {
    const real = deployPlan(production, {}, live([]), identity);
    expect(real.production).toBe(true);
    expect(real.hosts).toEqual([
      { name: 'landsraad', address: 'landsraad.arewel.com', user: 'stilgar', embedded: false },
      { name: 'mentat', address: 'mentat.arewel.com', user: 'stilgar', embedded: false },
    ]);
    const play = deployPlan(sandbox, {}, live([]), identity);
    expect(play.production).toBe(false);
    expect(play.hosts.every((host) => host.embedded)).toBe(true);
  });

  it('lists what is backed up: the database/release/.env backup, the snapshot, every config target', () => {
    const plan = deployPlan(production, {}, live([]), previewRender(production));
    const by = (id: string) => plan.backups.filter((backup) => backup.stepId === id);
    expect(by('backup')).toEqual([
      {
        stepId: 'backup',
        host: 'landsraad',
        what: 'Back up the database, the live release and .env (verified)',
      },
    ]);
    expect(by('snapshot-observability')).toHaveLength(1);
    expect(by('configure-alertmanager').map((backup) => backup.what)).toEqual([
      '/etc/observability/alertmanager/alertmanager.yml (backed up before the install, restored if it fails)',
      '/etc/observability/alertmanager/smtp_auth_password (backed up before the install, restored if it fails)',
    ]);
    // a skipped step backs nothing up: with nothing pending, migrate is not among them (it backs nothing anyway)
    expect(plan.backups.every((backup) => !backup.what.includes('{{'))).toBe(true);
  });
});

describe('deploy plan: names the operator knows', () => {
  it("shows the sandbox's generated commits with the seed report's names; production's hashes alone", () => {
    const facts = live([]);
    const names = { '22f330d1111': '7f572d2', '5d276f42222': 'bb283db' };
    const generated: PlanFacts = {
      ...facts,
      liveCommit: { known: true, value: '22f330d' },
      targetCommit: { known: true, value: '5d276f42222' },
      commits: {
        known: true,
        value: {
          live: '22f330d1111',
          target: '5d276f42222',
          commits: [{ short: '5d276f4', subject: 'Integrate SMTP' }],
          behind: 0,
        },
      },
    };
    const text = deployPlanMarkdown(deployPlan(sandbox, {}, generated, identity, names));
    expect(text).toContain('commit 22f330d (7f572d2 in the report)');
    expect(text).toContain('Target commit: 5d276f42222 (bb283db in the report)');
    expect(text).toContain('5d276f4 (bb283db in the report) Integrate SMTP');
    expect(deployPlanMarkdown(deployPlan(production, {}, generated, identity))).not.toContain(
      'in the report',
    );
  });

  it('shows full hashes short: the live one (a release the console built records all 40 digits) and a --commit target', () => {
    const full = `22f330d${'1'.repeat(33)}`;
    const names = { [full]: '7f572d2' };
    const target = `720dd06${'0'.repeat(33)}`;
    const facts: PlanFacts = {
      ...live([]),
      liveCommit: { known: true, value: full },
      targetCommit: { known: true, value: target },
    };
    const text = deployPlanMarkdown(deployPlan(sandbox, {}, facts, identity, names));
    expect(text).toContain('· commit 22f330d (7f572d2 in the report)');
    expect(text).toContain('Target commit: 720dd06\n');
    expect(text).not.toContain(full);
    expect(text).not.toContain(target);
  });
});
