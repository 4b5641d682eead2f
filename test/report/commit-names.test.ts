// Issue 14, item 7: the sandbox's generated commits are shown with the seed's name beside them
// (`22f330d (7f572d2 in the report)`) in the report, the home facts and the rollback picker's rows; without
// names (production) a commit is its hash alone.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { homeFactsOf } from '../../source/cli/home-answers.js';
import { parseReleases } from '../../source/cli/rollback-candidates.js';
import type { ProbeResult } from '../../source/engine/assess/assess.js';
import { buildAssessment } from '../../source/engine/assess/assess-build.js';
import { commitWithName, seedName } from '../../source/engine/plan/commit-names.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { assessmentJson } from '../../source/report/assessment-json.js';
import { assessmentMarkdown } from '../../source/report/assessment-markdown.js';
import { seedCommitNames } from '../../source/sandbox/world/repository.js';

const generated = '22f330d0123456789abcdef0123456789abcdef0';
const names = seedCommitNames({ initial: 'a'.repeat(40), '7f572d2': generated, bb283db: 'b'.repeat(40) });

const loaded = loadProfile('production', { profilesDir: resolve('profiles') });
if (!loaded.ok) throw new Error('production profile does not load');
const probe = (id: string, facts: Record<string, unknown>): ProbeResult => ({
  id,
  title: id,
  host: 'landsraad',
  ok: true,
  detail: 'exit 0',
  facts,
});
const input = {
  profile: loaded.profile,
  runId: 'run-1',
  probes: [
    probe('current-release', { current_release: '20260106_132320' }),
    probe('deployment-info', { deployed_commit: '22f330d', deployed_commit_message: 'feat: x' }),
  ],
  snapshot: null,
  durationMs: 1,
  commandsSent: 1,
  journal: null,
  generatedAt: '2026-01-09T10:00:00.000Z',
};

describe('commit names', () => {
  it('maps only the seed names (hex labels) of the generated history, by full hash', () => {
    expect(names).toEqual({ [generated]: '7f572d2', ['b'.repeat(40)]: 'bb283db' });
    expect(seedName('22F330D', names)).toBe('7f572d2');
    expect(seedName(generated, names)).toBe('7f572d2');
    expect(seedName('22f330', names)).toBeUndefined();
    expect(seedName('aaaaaaa', names)).toBeUndefined();
  });

  it('shows both where a name exists, the hash alone elsewhere and in production', () => {
    expect(commitWithName('22f330d', names)).toBe('22f330d (7f572d2 in the report)');
    expect(commitWithName('1234567', names)).toBe('1234567');
    expect(commitWithName('22f330d', {})).toBe('22f330d');
    // production: the real commit already is the seed's name
    expect(commitWithName('7f572d2', { ['7f572d2'.padEnd(40, '0')]: '7f572d2' })).toBe('7f572d2');
  });

  it('the report names the deployed commit in the summary, the app section and the metadata', () => {
    const assessment = buildAssessment({ ...input, commitNames: names });
    const markdown = assessmentMarkdown(assessment);
    expect(markdown).toContain('landsraad runs 22f330d (7f572d2 in the report) (release 20260106_132320)');
    expect(markdown).toContain('- **Git Commit:** `22f330d` (7f572d2 in the report) - "feat: x"');
    expect(markdown).toContain('- **Deployed Commit (landsraad):** `22f330d` (7f572d2 in the report)');
    expect(JSON.parse(assessmentJson(assessment)).commit_names).toEqual(names);
  });

  it('production (no names): the hash alone, and commit_names is empty', () => {
    const assessment = buildAssessment(input);
    const markdown = assessmentMarkdown(assessment);
    expect(markdown).toContain('- **Deployed Commit (landsraad):** `22f330d`\n');
    expect(markdown).not.toContain('in the report)');
    expect(JSON.parse(assessmentJson(assessment)).commit_names).toEqual({});
  });

  it('home and the rollback picker carry the name too', () => {
    const app = new Map([
      ['live', '20260106_132320'],
      ['commit', generated],
    ]);
    expect(homeFactsOf(app, new Map(), 120, names).liveCommit).toBe('22f330d (7f572d2 in the report)');
    expect(homeFactsOf(app, new Map(), 120).liveCommit).toBe('22f330d');
    const listing = 'release=20260106_132320\nlive=1\ncommit=22f330d\nmessage=feat: x\n';
    const [named] = parseReleases(listing, Date.now(), names);
    expect(named).toMatchObject({ commit: '22f330d', seedName: '7f572d2' });
    expect(parseReleases(listing, Date.now())[0]!.seedName).toBeUndefined();
  });
});
