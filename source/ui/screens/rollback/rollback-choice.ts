// The rollback picker's decision logic: which lists exist, what may be chosen, and what the confirmation
// says. A live or incomplete release is never a target.
import type { ReleaseInfo, SnapshotInfo } from '../../app-services.js';

/** The two things that can be rolled back. */
export type RollbackTarget = 'app' | 'observability';

/** A chosen target, or why it cannot be chosen. */
export type RollbackChoice =
  | {
      ok: true;
      target: RollbackTarget;
      name: string;
      /** The release's commit, with the seed's name where the sandbox has one: `155b932 (d597c3b in the report)`. */
      commit?: string;
      warning?: string;
    }
  | { ok: false; message: string };

export function chooseRelease(release: ReleaseInfo | undefined): RollbackChoice {
  if (release === undefined) return { ok: false, message: 'no release to roll back to' };
  if (release.live) return { ok: false, message: `${release.name} is live already: pick an older release` };
  if (!release.complete) {
    return {
      ok: false,
      message: `${release.name} is incomplete (never finished deploying): refusing to put it live`,
    };
  }
  const count = release.migrationsSince.length;
  return {
    ok: true,
    target: 'app',
    name: release.name,
    ...(release.commit !== undefined && {
      commit:
        release.seedName !== undefined
          ? `${release.commit} (${release.seedName} in the report)`
          : release.commit,
    }),
    ...(count > 0
      ? {
          warning: `${count} migration${count === 1 ? '' : 's'} added since stay applied: ${release.migrationsSince.join(', ')}`,
        }
      : {}),
  };
}

export function chooseSnapshot(snapshot: SnapshotInfo | undefined): RollbackChoice {
  if (snapshot === undefined) return { ok: false, message: 'no observability snapshot to restore' };
  if (snapshot.live) return { ok: false, message: `${snapshot.name} is the live configuration already` };
  return { ok: true, target: 'observability', name: snapshot.name };
}
