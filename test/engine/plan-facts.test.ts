// The pre-flight's facts gatherer over the real runbook's probes and a real git repository made here: the
// live commit and ran migrations parsed from the probes' own output, the commit range live..target counted
// by git, the pending migrations as the target's files not yet run; every fact that cannot be read is
// unknown and says why (a failed probe names itself and its host; a missing repository says so).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testRepo } from '../helpers/git-repo.js';
import { deployPlan } from '../../source/engine/plan/deploy-plan.js';
import { gatherPlanFacts, lastDeploy, type PlanFactsIo } from '../../source/engine/plan/plan-facts.js';
import { commitRange, migrationsAt } from '../../source/engine/assess/repo/repo-range.js';
import type { HistoryEntry } from '../../source/engine/run/run-history.js';
import type { Probe } from '../../source/profile/schema.js';
import { loadProfile } from '../../source/profile/profile-loader.js';

const loaded = loadProfile('production', { profilesDir: resolve('profiles') });
if (!loaded.ok) throw new Error('production profile does not load');
const production = loaded.profile;
const identity = (template: string): string => template;

const repo = testRepo('chom-plan-facts-');
const { dir, git } = repo;
afterAll(repo.remove);
const commit = (file: string, message: string): string => {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), `${message}\n`);
  git('add', file);
  git('commit', '-q', '-m', message);
  return git('rev-parse', 'HEAD');
};

git('init', '-q', '-b', 'main');
const base = commit('database/migrations/2026_01_01_000000_create_users.php', 'Phase 0 baseline');
commit('routes/api.php', 'Add the API routes');
commit('database/migrations/2026_01_09_083804_create_system_settings_table.php', 'Add system_settings');
const target = commit('app/Mail.php', 'Integrate SMTP');

/** The probes' stdout as the hosts print it, by probe id; a missing id fails like a broken host. */
function io(outputs: Record<string, string>, vars: Record<string, string>, history: HistoryEntry[] = []) {
  const asked: string[] = [];
  const facts: PlanFactsIo = {
    probe: async (probe: Probe) => {
      asked.push(probe.id);
      const out = outputs[probe.id];
      if (out === undefined) throw new Error('exit 1: psql: connection refused');
      return out;
    },
    variable: (name) => vars[name],
    commitRange,
    migrationsAt,
    history: () => history,
  };
  return { facts, asked };
}

const hostOutputs = (liveCommit: string, ran: string) => ({
  'current-release': '/var/www/chom/releases/20260106_132320\n',
  'deployment-info': `release_id=20260106_132320\ncommit_hash=${liveCommit.slice(0, 7)}\nbranch=main\n`,
  database: `last_migration=2026_01_01_000000_create_users\nlast_migration_batch=7\nran_migrations=${ran}\npending_migrations=\n`,
});

describe('plan facts from probes and a real repository', () => {
  it('counts live..target with git and finds the target’s migrations not yet run', async () => {
    const { facts, asked } = io(hostOutputs(base, '2026_01_01_000000_create_users'), {
      commit: target,
      repo: dir,
    });
    const read = await gatherPlanFacts(production, facts);
    // each probe once, even when it gives several facts
    expect([...asked].sort()).toEqual(['current-release', 'database', 'deployment-info']);
    expect(read.liveRelease).toEqual({ known: true, value: '20260106_132320' });
    expect(read.liveCommit).toEqual({ known: true, value: base.slice(0, 7) });
    expect(read.commits).toEqual({
      known: true,
      value: {
        live: base,
        target,
        commits: ['Integrate SMTP', 'Add system_settings', 'Add the API routes'].map((subject, index) => ({
          short: git('rev-parse', '--short', `${target}~${index}`),
          subject,
        })),
        behind: 0,
      },
    });
    expect(read.pendingMigrations).toEqual({
      known: true,
      value: ['2026_01_09_083804_create_system_settings_table'],
    });
    const plan = deployPlan(production, {}, read, identity);
    expect(plan.commits).toMatchObject({ known: true, value: { count: 3 } });
    expect(plan.phases[1]!.steps.find((s) => s.id === 'migrate')!.disposition.kind).toBe('ask');
  });

  it('all migrations ran and the target is live: nothing to deploy, migrate skipped', async () => {
    const ran = '2026_01_01_000000_create_users 2026_01_09_083804_create_system_settings_table';
    const read = await gatherPlanFacts(
      production,
      io(hostOutputs(target, ran), { commit: target, repo: dir }).facts,
    );
    expect(read.commits).toMatchObject({ known: true, value: { commits: [], behind: 0 } });
    expect(read.pendingMigrations).toEqual({ known: true, value: [] });
    const migrate = deployPlan(production, {}, read, identity).phases[1]!.steps.find(
      (s) => s.id === 'migrate',
    )!;
    expect(migrate.disposition).toEqual({
      kind: 'skip',
      reason: 'no pending migration (every migration of the target has run on the live database)',
    });
  });

  it('a target older than the live commit: no commit to bring, and how far it goes back', async () => {
    const read = await gatherPlanFacts(
      production,
      io(hostOutputs(target, '2026_01_01_000000_create_users'), { commit: base, repo: dir }).facts,
    );
    expect(read.commits).toMatchObject({ known: true, value: { commits: [], behind: 3 } });
  });

  it('a failed probe leaves its facts unknown, naming the probe and host; the rest is still read', async () => {
    const outputs: Record<string, string> = hostOutputs(base, 'x');
    delete outputs['database'];
    const read = await gatherPlanFacts(production, io(outputs, { commit: target, repo: dir }).facts);
    expect(read.pendingMigrations).toEqual({
      known: false,
      why: 'the ran migrations are unknown: probe database on landsraad: exit 1: psql: connection refused',
    });
    expect(read.commits.known).toBe(true);
    const migrate = deployPlan(production, {}, read, identity).phases[1]!.steps.find(
      (s) => s.id === 'migrate',
    )!;
    expect(migrate.disposition).toMatchObject({
      kind: 'unknown',
      fact: 'pending_migrations: none',
      then: 'ask',
    });
  });

  it('no repository at the repo var: the range and the pending migrations say so', async () => {
    const missing = join(dir, 'no-such-checkout');
    const read = await gatherPlanFacts(
      production,
      io(hostOutputs(base, 'x'), { commit: target, repo: missing }).facts,
    );
    expect(read.commits).toEqual({
      known: false,
      why: `${missing} is not a git repository (the profile's repo var names the local checkout)`,
    });
    expect(read.pendingMigrations).toMatchObject({ known: false });
    expect(!read.pendingMigrations.known && read.pendingMigrations.why).toContain('is not a git repository');
  });

  it('a live commit the repository does not have: the range is unknown and says how to get it', async () => {
    const read = await gatherPlanFacts(
      production,
      io(hostOutputs('abcdef1234567', 'x'), { commit: target, repo: dir }).facts,
    );
    expect(read.commits).toEqual({
      known: false,
      why: `the live commit abcdef1 is not in the repository ${dir} (fetch it there: git -C ${dir} fetch)`,
    });
  });

  it('the last run is the newest deploy of this profile', () => {
    const entry = (runId: string, mode: HistoryEntry['mode'], profile: string): HistoryEntry =>
      ({
        runId,
        mode,
        profile,
        result: 'ok',
        durationMs: 61_000,
        startedAt: 'now',
        operator: 'ann',
      }) as HistoryEntry;
    const history = [
      entry('r4', 'verify', 'production'),
      entry('r3', 'deploy', 'sandbox'),
      entry('r2', 'deploy', 'production'),
    ];
    expect(lastDeploy(history, 'production')).toEqual({
      runId: 'r2',
      result: 'ok',
      durationMs: 61_000,
      startedAt: 'now',
      operator: 'ann',
    });
    expect(lastDeploy(history, 'other')).toBeNull();
  });
});
