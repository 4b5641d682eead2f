// The pending migrations with what each does to the database, read from the target's PHP: a deploy whose
// migrations drop, change or rename something cannot be undone by switching the release back alone.
import { migrationChanges, needsRestore, type MigrationChange } from '../assess/laravel/migration-changes.js';
import type { Known } from './plan-facts.js';

/** One pending migration and what its up() does. */
export type PlannedMigration = {
  name: string;
  changes: MigrationChange[];
  /** True: an app rollback after it needs a database restore; null: up() holds something not classified. */
  needsRestore: boolean | null;
};

/** Classifies each pending migration; `source` reads its PHP at the target commit. */
export async function classifyPending(
  pending: Known<string[]>,
  source: (name: string) => Promise<string>,
): Promise<Known<PlannedMigration[]>> {
  if (!pending.known) return pending;
  const migrations = await Promise.all(
    pending.value.map(async (name): Promise<PlannedMigration> => {
      const changes = await source(name).then(migrationChanges, (error: unknown) => [
        {
          kind: 'unknown' as const,
          target: `its source was not read: ${error instanceof Error ? error.message : String(error)}`,
        },
      ]);
      return { name, changes, needsRestore: needsRestore(changes) };
    }),
  );
  return { known: true, value: migrations };
}

/** The warning a plan prints when a migration makes a rollback need the database back; null when none does. */
export function restoreWarning(migrations: readonly PlannedMigration[]): string | null {
  const dropping = migrations.filter((m) => m.needsRestore === true).map((m) => m.name);
  const unclear = migrations.filter((m) => m.needsRestore === null).map((m) => m.name);
  if (dropping.length > 0)
    return `an app rollback after this deploy needs a database restore: ${dropping.join(', ')} ${dropping.length === 1 ? 'changes or drops' : 'change or drop'} what the live code uses (take a backup before migrating)`;
  if (unclear.length > 0)
    return `not known whether an app rollback needs a database restore: ${unclear.join(', ')} could not be classified`;
  return null;
}
