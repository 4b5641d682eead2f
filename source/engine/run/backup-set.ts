// The backups of a deploy are part of its run: made once, named after the deploy's first run, recorded in
// the journal (a fact) and reused by `deploy --resume`, which would otherwise back up the already-new file.
// Only the backups of the last N deploys are kept per file, N being the number of releases the profile keeps.
import {
  buildBackup,
  buildPruneBackups,
  buildRemoveCreated,
  buildRestore,
} from '../../commands/file-commands.js';
import type { Profile } from '../../profile/schema.js';
import { execRemote, mustSucceed } from './exec-command.js';
import { neverReached } from './live-state.js';
import { recordFact } from './facts.js';
import type { RunContext, StepContext } from './run-context.js';
import { stepAction } from '../../profile/step-action.js';

/** The fact that carries the backup set from a run's journal to the run that resumes it. */
const backupFact = 'config_backups';

/** What was there before the deploy: a backup was saved, or the file did not exist. */
export type BackupState = 'saved' | 'absent';

/** The run owning the backup names, and per `host:path` what the backup found. */
export type BackupSet = { run: string; files: Record<string, BackupState> };

/** A file a step overwrites: where, as which user, and, for a secret, its live mode and owner. */
export type BackedUpFile = { path: string; root: boolean; secret?: { mode: string; owner?: string } };

/** Releases kept when the profile has no `release: cleanup` step (the seed's number). */
const defaultKeep = 5;

/** N: the backups kept per file, as many as the releases the profile keeps (its `release: cleanup` keep). */
function backupsToKeep(profile: Profile): number {
  const keeps = profile.phases
    .flatMap((phase) => phase.steps)
    .flatMap((step) => {
      try {
        const action = stepAction(step);
        return action.kind === 'release' && action.release.op === 'cleanup' ? [action.release.keep] : [];
      } catch {
        return [];
      }
    });
  return keeps.length > 0 ? Math.max(...keeps) : defaultKeep;
}

/** This run's backup set: the resumed run's (from its journal's fact), else a new one named after this run. */
function backupSet(run: RunContext): BackupSet {
  const known = run.scope.fact(backupFact);
  if (isBackupSet(known)) return known;
  return { run: run.runId, files: {} };
}

function isBackupSet(value: unknown): value is BackupSet {
  if (value === null || typeof value !== 'object') return false;
  const set = value as Partial<BackupSet>;
  return typeof set.run === 'string' && set.files !== null && typeof set.files === 'object';
}

const key = (host: string, path: string): string => `${host}:${path}`;

/**
 * Backs the file up once per deploy: a file the set already knows is not copied again (`absent` stays absent,
 * so a failure after a resume still removes the file this deploy created). Records the set in the journal.
 */
export async function backUp(ctx: StepContext, file: BackedUpFile): Promise<void> {
  const host = ctx.step.host;
  const set = backupSet(ctx.run);
  if (set.files[key(host, file.path)] === 'absent') return;
  const out = await mustSucceed(
    ctx,
    buildBackup(host, file.path, set.run, { root: file.root, ...(file.secret ? { secret: true } : {}) }),
    `back up ${file.path}`,
  );
  const state: BackupState = out.trim() === 'absent' ? 'absent' : 'saved';
  const files = { ...set.files, [key(host, file.path)]: state };
  recordFact(ctx.run, backupFact, JSON.stringify({ run: set.run, files }));
}

/** Puts the file back as it was before the deploy (best effort: the caller is already failing). */
/** How one restore ended: came back ok, came back failed, never reached the host, or never came back. */
export type RestoreResult = 'restored' | 'failed' | 'not-sent' | 'unknown';

export async function restore(ctx: StepContext, file: BackedUpFile): Promise<RestoreResult> {
  const host = ctx.step.host;
  const set = backupSet(ctx.run);
  const command =
    set.files[key(host, file.path)] === 'absent'
      ? buildRemoveCreated(host, file.path, file.root)
      : buildRestore(host, file.path, set.run, {
          root: file.root,
          ...(file.secret ? { secret: file.secret } : {}),
        });
  try {
    const { result } = await execRemote(ctx, command);
    return result.code === 0 ? 'restored' : 'failed';
  } catch (error) {
    return neverReached(error) ? 'not-sent' : 'unknown';
  }
}

/**
 * Removes the backups of older deploys beyond the newest N (this deploy's included). The file is live and
 * confirmed by then: a failure here is said, not fatal.
 */
export async function pruneBackups(ctx: StepContext, file: BackedUpFile): Promise<void> {
  const host = ctx.step.host;
  const command = buildPruneBackups(host, file.path, backupsToKeep(ctx.run.profile), file.root);
  const outcome = await execRemote(ctx, command).catch((error: unknown) => error as Error);
  if (outcome instanceof Error || outcome.result.code !== 0)
    ctx.run.emit({
      type: 'output',
      host,
      stepId: ctx.step.id,
      stream: 'stderr',
      line: `could not remove the old backups of ${file.path}: remove ${file.path}.bak-<run> beyond the newest ${backupsToKeep(ctx.run.profile)} by hand`,
    });
}
