// Findings and verdicts from the report's own facts, against a real git repository made here: pending
// migrations worded from what their up() does, every deploy/ file changed in the range compared with the hub,
// and a verdict that says what it cannot know (no repository, a live commit the repository lacks).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../source/engine/assess/assess.js';
import { buildAssessment } from '../../source/engine/assess/assess-build.js';
import { assessProbes } from '../../source/engine/assess/assess-session.js';
import { readRepository, type RepoSnapshot } from '../../source/engine/assess/repo/repo-git.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { assessmentMarkdown } from '../../source/report/assessment-markdown.js';

const loaded = loadProfile('production', { profilesDir: resolve('profiles') });
if (!loaded.ok) throw new Error('production profile does not load');
const profile = loaded.profile;

const dir = mkdtempSync(join(tmpdir(), 'chom-verdict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const git = (...args: string[]): string =>
  execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  }).trim();
const write = (path: string, text: string): void => {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
};
const fixture = (name: string): string =>
  readFileSync(resolve('test/fixtures/migrations', `${name}.php`), 'utf8');
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

const created = '2024_01_15_100000_create_invoices_table';
const dropped = '2023_06_12_140000_drop_legacy_columns_from_users';
const added = '2024_02_01_090000_add_billing_fields_to_tenants_table';
git('init', '-q', '-b', 'main');
write(`database/migrations/${created}.php`, fixture(created));
write('deploy/deploy-chom.sh', '#!/bin/bash\necho v1\n');
write('deploy/scripts/rollback.sh', '#!/bin/bash\necho rollback\n');
write('deploy/scripts/old-helper.sh', '#!/bin/bash\necho old\n');
write('deploy/config/mentat/prometheus.yml', 'global: {}\n');
git('add', '-A');
git('commit', '-qm', 'live');
const live = git('rev-parse', '--short=7', 'HEAD');
write(`database/migrations/${dropped}.php`, fixture(dropped));
write(`database/migrations/${added}.php`, fixture(added));
write('deploy/deploy-chom.sh', '#!/bin/bash\necho v2\n');
write('deploy/deploy-chom-automated.sh', '#!/bin/bash\nexec ./deploy-chom.sh --skip-observability\n');
write('deploy/config/mentat/prometheus.yml', 'global: {scrape_interval: 15s}\n');
rmSync(join(dir, 'deploy/scripts/old-helper.sh'));
git('add', '-A');
git('commit', '-qm', 'target');
const snapshot: RepoSnapshot = readRepository(dir);

const probe = (host: string, id: string, facts: Record<string, unknown>): ProbeResult => ({
  id,
  title: id,
  host,
  ok: true,
  detail: 'exit 0',
  facts,
});

/** The app host at `commit` with the live release's files; mentat's hub with the given files. */
function probes(commit: string, extra: Record<string, unknown> = {}, hub: string[] = []): ProbeResult[] {
  return [
    probe('landsraad', 'current-release', {
      current_release: '20260106_132320',
      releases: ['20260106_132320'],
    }),
    probe('landsraad', 'deployment-info', { deployed_commit: commit }),
    probe('landsraad', 'database', {
      ran_migrations: created,
      last_migration: created,
      last_migration_batch: '1',
    }),
    probe('landsraad', 'release-files', { release_files: [`database/migrations/${created}.php`] }),
    probe('landsraad', 'extra', extra),
    probe('mentat', 'observability-services', { prometheus_state: 'active' }),
    probe('mentat', 'deploy-hub-tree', { deploy_hub_tree: hub }),
  ];
}
const hubLines = (files: Record<string, string | null>): string[] => [
  ...Object.keys(files).map((f) => `file ${f}`),
  ...Object.entries(files).flatMap(([f, text]) => (text === null ? [] : [`${sha(text)}  ${f}`])),
];
const assess = (
  commit: string,
  snap: RepoSnapshot | null,
  extra: Record<string, unknown> = {},
  hub: string[] = [],
) =>
  buildAssessment({
    profile,
    runId: 'run-1',
    probes: probes(commit, extra, hub),
    snapshot: snap,
    durationMs: 1,
    commandsSent: 2,
    journal: null,
    generatedAt: '2026-01-09T10:00:00.000Z',
  });

describe('pending migrations, from their up()', () => {
  it('says a rollback needs a database restore when one drops, and what each one does', () => {
    const a = assess(live, snapshot);
    expect(a.repository!.pending_migrations.map((m) => [m.name, m.needs_restore])).toEqual([
      [dropped, true],
      [added, false],
    ]);
    const finding = a.findings.find((f) => f.id === 'drift.pending-migrations')!;
    expect(finding.severity).toBe('high');
    expect(finding.title).toBe('2 migrations not run yet; 1 of them make a rollback need a database restore');
    expect(finding.detail).toContain('drops columns users.company_id, users.legacy_role');
    expect(finding.detail).toContain('adds column tenants.billing_email');
    expect(finding.detail).toContain('a rollback needs a database restore');
    expect(finding.detail).not.toContain('only add');
    expect(assessmentMarkdown(a)).toContain(
      `- \`${dropped}\`: drops foreign key users.company_id; drops columns`,
    );
  });
});

describe('the deploy tree against the hub', () => {
  it('adds one probe on the deploy hub when the repository is known, none without', () => {
    expect(
      assessProbes(profile, snapshot)
        .filter((p) => p.id === 'deploy-hub-tree')
        .map((p) => p.host),
    ).toEqual(['mentat']);
    expect(assessProbes(profile, null).some((p) => p.id === 'deploy-hub-tree')).toBe(false);
  });

  it('compares every deploy/ file changed in the range, and only those', () => {
    const hub = hubLines({
      'deploy-chom.sh': '#!/bin/bash\necho v1\n',
      'config/mentat/prometheus.yml': 'global: {scrape_interval: 15s}\n',
      'scripts/old-helper.sh': '#!/bin/bash\necho old\n',
      // differs from the repository but did not change in the range: not listed
      'scripts/rollback.sh': 'edited on the hub\n',
    });
    const a = assess(live, snapshot, {}, hub);
    expect(a.repository!.deploy_tree).toEqual([
      { path: 'deploy/config/mentat/prometheus.yml', change: 'M', hub: 'equal' },
      { path: 'deploy/deploy-chom-automated.sh', change: 'A', hub: 'absent' },
      { path: 'deploy/deploy-chom.sh', change: 'M', hub: 'different' },
      { path: 'deploy/scripts/old-helper.sh', change: 'D', hub: 'different' },
    ]);
    const finding = a.findings.find((f) => f.id === 'drift.deploy-tree')!;
    expect(finding.title).toBe(
      `The deploy hub on mentat differs from the repository in 3 of the 4 deploy/ files changed since ${live}`,
    );
    expect(finding.detail).toContain('deploy/deploy-chom-automated.sh (absent from the hub)');
    expect(finding.detail).toContain(
      'deploy/scripts/old-helper.sh (deleted in the repository, still on the hub)',
    );
    expect(finding.action).toBe(
      "The runbook does not stage deploy-chom-automated.sh, deploy-chom.sh: copy them from the checkout's deploy/ to the hub if anything on mentat uses them. " +
        'scripts/old-helper.sh is gone from the repository: remove it from the hub once nothing there uses it.',
    );
    expect(assessmentMarkdown(a)).toContain('| deploy/deploy-chom-automated.sh | A | absent ❌ |');
  });

  it('says when the hub is absent or a file cannot be read there', () => {
    const absent = assess(live, snapshot, {}, ['hub=absent']);
    expect(absent.repository!.deploy_tree!.every((f) => f.hub === 'absent' || f.change === 'D')).toBe(true);
    const unreadable = assess(live, snapshot, {}, ['file deploy-chom.sh']);
    expect(unreadable.repository!.deploy_tree!.find((f) => f.path === 'deploy/deploy-chom.sh')?.hub).toBe(
      'unknown',
    );
  });
});

describe('verdicts consistent with the facts', () => {
  const lacking = {
    system_setting_model: 'missing',
    system_config_controller: 'missing',
    smtp_config_api_status: '301',
    observability_health_api_status: '301',
  };

  it('without a repository, missing components and unregistered routes are changes not deployed', () => {
    const a = assess(live, null, lacking);
    expect(a.summary.status).toBe('changes-not-deployed');
    expect(a.summary.headline).toContain(
      'no repository compared (--repo DIR), yet the live release lacks 2 Phase 0 components and 2 Phase 0 API routes answer 301',
    );
    expect(a.findings.map((f) => f.id)).toEqual(
      expect.arrayContaining(['drift.live-components', 'drift.live-routes']),
    );
    const markdown = assessmentMarkdown(a);
    expect(markdown).not.toContain('nothing to deploy');
    expect(markdown.slice(markdown.indexOf('### Drift'))).not.toMatch(/^### Drift[^\n]*\n\nNone found/);
  });

  it('without a repository and nothing seen missing, it says it cannot know', () => {
    const a = assess(live, null);
    expect(a.summary.status).toBe('not-compared');
    expect(a.summary.headline).toContain('whether the hosts run the latest commit is not known');
    const markdown = assessmentMarkdown(a);
    expect(markdown).not.toContain('nothing to deploy');
    expect(markdown).toContain('drift from the repository is not known');
  });

  it('a live commit absent from the repository is said so, not as 0 commits behind', () => {
    const a = assess('deadbee', snapshot);
    expect(a.repository!.deployed_commit_found).toBe(false);
    expect(a.summary.headline).toContain(`deadbee is not in the repository (at ${snapshot.head.short})`);
    expect(a.summary.headline).not.toContain('0 commit(s)');
    expect(a.summary.status).not.toBe('up-to-date');
    // the deploy tree falls back to every deploy/ file of HEAD, and says so
    const tree = assess('deadbee', snapshot, {}, hubLines({ 'deploy-chom.sh': '#!/bin/bash\necho v2\n' }));
    expect(tree.repository!.deploy_tree!.map((f) => f.change)).toEqual(['=', '=', '=', '=']);
    expect(tree.findings.find((f) => f.id === 'drift.deploy-tree')?.detail).toContain(
      'every deploy/ file of HEAD',
    );
  });

  it('a database ahead of the live release (the code rolled back, not the schema) is a risk', () => {
    const a = assess(live, null, { ran_migrations: `${created} ${added}` });
    expect(a.findings.find((f) => f.id === 'risk.schema-ahead-of-code')?.detail).toContain(added);
  });
});
