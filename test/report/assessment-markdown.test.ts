// The Markdown report follows the seed's structure, says why a host is missing, and is pure (same input,
// same text). Built from synthetic probe results through buildAssessment (no hosts needed).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../source/engine/assess/assess.js';
import { buildAssessment } from '../../source/engine/assess/assess-build.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { assessmentJson } from '../../source/report/assessment-json.js';
import { assessmentMarkdown } from '../../source/report/assessment-markdown.js';

const loaded = loadProfile('production', { profilesDir: resolve('profiles') });
if (!loaded.ok) throw new Error('production profile does not load');
const profile = loaded.profile;

const probe = (host: string, id: string, facts: Record<string, unknown>): ProbeResult => ({
  id,
  title: id,
  host,
  ok: true,
  detail: 'exit 0',
  facts,
});

const landsraad = [
  probe('landsraad', 'current-release', {
    current_target: '/var/www/chom/releases/20260106_132320',
    current_release: '20260106_132320',
  }),
  probe('landsraad', 'deployment-info', {
    deployed_commit: '7f572d2',
    deployed_commit_message: 'feat: Enhance ProfileSettings',
    deployed_branch: 'main',
    deployed_at: '2026-01-06T13:23:20Z',
  }),
  probe('landsraad', 'php-fpm', { php_fpm_state: 'active', php_fpm_workers: '5' }),
  probe('landsraad', 'database', {
    last_migration: '2026_01_06_122430_add_metadata_to_users_table',
    last_migration_batch: '7',
    system_settings_table: 'present',
    mail_password: 'encrypted|<set>',
  }),
];
const mentatDown: ProbeResult = {
  id: 'observability-services',
  title: 'services',
  host: 'mentat',
  ok: false,
  detail: 'mentat: connection refused',
  facts: {},
  hostError: {
    kind: 'unreachable',
    message: 'cannot connect to mentat.arewel.com:22: ECONNREFUSED',
    hint: 'check that sshd runs',
  },
};

const input = {
  profile,
  runId: 'run-1',
  probes: [...landsraad, mentatDown],
  snapshot: null,
  durationMs: 321,
  commandsSent: 2,
  journal: null,
  generatedAt: '2026-01-09T10:00:00.000Z',
};

describe('assessment Markdown', () => {
  const assessment = buildAssessment(input);
  const markdown = assessmentMarkdown(assessment);

  it("has the seed's sections in the seed's order", () => {
    const headings = [
      '## Executive Summary',
      '## Current State Assessment',
      '### 1. landsraad.arewel.com (CHOM Application Server',
      '### 2. mentat.arewel.com (Observability Server',
      '## Changes Not Yet Deployed',
      '## Risks',
      '## Blockers',
      '## Ready to Deploy',
      '## Report Metadata',
    ];
    const at = headings.map((h) => markdown.indexOf(h));
    expect(
      at.every((p) => p >= 0),
      JSON.stringify(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(markdown).toContain('`7f572d2` - "feat: Enhance ProfileSettings" (branch main)');
    expect(markdown).toContain('(Batch 7)');
    expect(markdown).toContain('- **Changes Made:** None');
  });

  it('reports the reachable host and says why the other is missing (exit code 3)', () => {
    const mentat = markdown.slice(markdown.indexOf('### 2. mentat'));
    expect(mentat).toContain('❌ **Not reachable:** cannot connect to mentat.arewel.com:22: ECONNREFUSED');
    expect(mentat).toContain('What to do: check that sshd runs');
    expect(markdown).toContain('READ-ONLY ASSESSMENT INCOMPLETE');
    expect(markdown).toMatch(/## Ready to Deploy\n\n\*\*No ❌\*\*/);
    expect(assessment.exit_code).toBe(3);
    expect(assessment.hosts.landsraad?.reachable).toBe(true);
  });

  it('is pure, and its JSON carries the same facts under stable names', () => {
    expect(assessmentMarkdown(buildAssessment(input))).toBe(markdown);
    const json = JSON.parse(assessmentJson(assessment)) as {
      hosts: Record<string, { facts: Record<string, unknown> }>;
    };
    expect(json.hosts.landsraad!.facts).toMatchObject({
      current_release: '20260106_132320',
      commit: '7f572d2',
      migration_batch: 7,
    });
    expect(json.hosts.mentat!.facts.smtp_state).toBeNull();
    expect(JSON.stringify(json)).not.toMatch(/enc:/);
  });
});
