// The pending-migrations finding, worded from what each migration's up() does: only adding needs no database
// restore for a code rollback; a change, drop or rename does; an unreadable one is said as such.
import type { Finding, PendingMigration } from '../assess-model.js';
import type { MigrationChange } from '../laravel/migration-changes.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `drops column users.x`, `inserts rows into plans`, `unrecognised: SQL …`. */
export function describeChange(change: MigrationChange): string {
  switch (change.kind) {
    case 'data':
      return change.target;
    case 'unknown':
      return `unrecognised: ${change.target}`;
    case 'creates':
    case 'adds':
    case 'changes':
    case 'drops':
    case 'renames':
      return `${change.kind} ${change.target}`;
    default: {
      const never: never = change.kind;
      return String(never);
    }
  }
}

const described = (m: PendingMigration): string => `${m.name} (${m.changes.map(describeChange).join('; ')})`;

/** Data writes a code rollback leaves in place (updates and deletes; inserts only add rows). */
const rewritesData = (m: PendingMigration): boolean =>
  m.changes.some((c) => c.kind === 'data' && !/^inserts /.test(c.target));

export function pendingMigrationsFinding(
  host: string,
  live: string | null,
  pending: PendingMigration[],
): Finding {
  const restore = pending.filter((m) => m.needs_restore === true);
  const unknown = pending.filter((m) => m.needs_restore === null);
  const rewrites = pending.filter(rewritesData);
  const code = live ?? 'the live commit';
  const verdict =
    restore.length > 0
      ? `${restore.map((m) => m.name).join(', ')} ${restore.length === 1 ? 'changes, drops or renames' : 'change, drop or rename'} what ${code} may read: once ${restore.length === 1 ? 'it has' : 'they have'} run, a rollback needs a database restore, not only the code switched back.`
      : unknown.length > 0
        ? `${unknown.map((m) => m.name).join(', ')} could not be classified: whether a rollback needs a database restore is not known; read ${unknown.length === 1 ? 'it' : 'them'} before deploying.`
        : `They only add: ${code} runs on the new schema, so a rollback of the code needs no database restore.`;
  const leftover =
    rewrites.length > 0
      ? ` ${rewrites.map((m) => m.name).join(', ')} also rewrite${rewrites.length === 1 ? 's' : ''} rows, which a code rollback leaves rewritten.`
      : '';
  return {
    id: 'drift.pending-migrations',
    kind: 'drift',
    severity: restore.length > 0 ? 'high' : 'medium',
    host,
    title:
      restore.length > 0
        ? `${plural(pending.length, 'migration')} not run yet; ${restore.length} of them make a rollback need a database restore`
        : `${plural(pending.length, 'migration')} not run yet`,
    detail: `${pending.map(described).join('; ')}. ${verdict}${leftover}`,
    action:
      restore.length > 0 || unknown.length > 0
        ? 'Phase 2 backs the database up before it migrates (confirmed step): keep that dump; rolling back past these migrations is `chom-console rollback --target app` plus restoring it (gunzip -c db.sql.gz | psql).'
        : 'Phase 2 runs them before the switch, after a database backup (confirmed step).',
    blocks: false,
  };
}
