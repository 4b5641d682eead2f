// The pending migrations classified from the local checkout, as the TUI's pre-flight and `plan --live` both
// read them: a migration that drops a column at the target commit makes a rollback need a restore.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifiedMigrations } from '../../source/cli/live-plan.js';
import { offlineFacts, type PlanFacts } from '../../source/engine/plan/plan-facts.js';
import { restoreWarning } from '../../source/engine/plan/plan-migrations.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { resolve } from 'node:path';
import { testRepo } from '../helpers/git-repo.js';

const repo = testRepo('chom-classify-');
afterAll(() => repo.remove());

const migration = (body: string) =>
  `<?php\nreturn new class extends Migration {\n  public function up(): void {\n    ${body}\n  }\n};\n`;

describe('classified migrations', () => {
  it('reads each pending migration at the target commit: adds → no restore, drops → a rollback needs a restore', async () => {
    repo.git('init', '-q');
    mkdirSync(join(repo.dir, 'database/migrations'), { recursive: true });
    const file = (name: string) => join(repo.dir, 'database/migrations', `${name}.php`);
    writeFileSync(
      file('2026_02_01_000000_add_note'),
      migration(`Schema::table('sites', fn (Blueprint $t) => $t->string('note'));`),
    );
    writeFileSync(
      file('2026_02_02_000000_drop_token'),
      migration(`Schema::table('users', function (Blueprint $t) { $t->dropColumn('legacy_token'); });`),
    );
    repo.git('add', '-A');
    repo.git('commit', '-qm', 'next');
    const target = repo.git('rev-parse', 'HEAD');
    const loaded = loadProfile('sandbox', { profilesDir: resolve('profiles') });
    if (!loaded.ok) throw new Error('sandbox profile does not load');
    const facts: PlanFacts = {
      ...offlineFacts(loaded.profile, { variable: () => undefined, history: () => [] }),
      targetCommit: { known: true, value: target },
      pendingMigrations: {
        known: true,
        value: ['2026_02_01_000000_add_note', '2026_02_02_000000_drop_token'],
      },
    };
    const classified = await classifiedMigrations(facts, repo.dir);
    if (!classified.known) throw new Error(classified.why);
    expect(classified.value.map((m) => [m.name, m.needsRestore])).toEqual([
      ['2026_02_01_000000_add_note', false],
      ['2026_02_02_000000_drop_token', true],
    ]);
    expect(restoreWarning(classified.value)).toMatch(
      /^an app rollback after this deploy needs a database restore: 2026_02_02_000000_drop_token/,
    );
    const noRepo = await classifiedMigrations(facts, undefined);
    expect(noRepo.known && noRepo.value.map((m) => m.needsRestore)).toEqual([null, null]);
  });
});
