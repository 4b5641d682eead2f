// The rollback picker's candidates, read from the listings of commands/release-listing.ts: the app host's
// releases (commit and message from .deployment-info, live marker, completeness as `release: rollback` judges
// it, migration files) and the observability host's phase-1 snapshots (`latest` is the one
// rollback.observability restores).
import { releaseEpoch } from '../commands/release-name.js';
import { seedName, type CommitNames } from '../engine/plan/commit-names.js';
import type { ReleaseInfo, SnapshotInfo } from '../ui/app-services.js';
import { formatAge } from '../lib/format-age.js';

type RawRelease = {
  name: string;
  live: boolean;
  marker: boolean;
  ledger: boolean;
  info: boolean;
  commit?: string;
  message?: string;
  migrations: string[];
};

function parseBlocks(stdout: string): RawRelease[] {
  const found: RawRelease[] = [];
  let current: RawRelease | undefined;
  for (const line of stdout.split('\n')) {
    const at = line.indexOf('=');
    const key = at > 0 ? line.slice(0, at) : line.trim();
    const value = at > 0 ? line.slice(at + 1) : '';
    if (key === 'release') {
      current = { name: value, live: false, marker: false, ledger: false, info: false, migrations: [] };
      found.push(current);
    } else if (current !== undefined) {
      if (key === 'live') current.live = true;
      else if (key === 'marker') current.marker = true;
      else if (key === 'ledger') current.ledger = true;
      else if (key === 'commit') [current.info, current.commit] = [true, value.slice(0, 7)];
      else if (key === 'message') [current.info, current.message] = [true, value];
      else if (key === 'migration') current.migrations.push(value);
    }
  }
  return found;
}

/** Newest first; migrations since = files the live release has and this one lacks (they stay applied). */
export function parseReleases(stdout: string, now = Date.now(), names: CommitNames = {}): ReleaseInfo[] {
  const raw = parseBlocks(stdout);
  const live = raw.find((release) => release.live);
  return raw
    .sort((a, b) => b.name.localeCompare(a.name))
    .map((release) => {
      const epoch = releaseEpoch(release.name);
      const own = new Set(release.migrations);
      const named = release.commit ? seedName(release.commit, names) : undefined;
      return {
        name: release.name,
        ...(release.commit ? { commit: release.commit } : {}),
        ...(named !== undefined ? { seedName: named } : {}),
        ...(release.message ? { message: release.message } : {}),
        ...(epoch !== undefined ? { age: formatAge(now - epoch) } : {}),
        live: release.live,
        migrationsSince: live === undefined || release.live ? [] : live.migrations.filter((m) => !own.has(m)),
        // architecture.md: complete = .release-complete, or (made before the console) .deployment-info
        complete: release.marker || (!release.ledger && release.info),
      };
    });
}

/** The snapshot `latest` points at (empty when none). */
function latestOf(stdout: string): string {
  return /^latest=(.*)$/m.exec(stdout)?.[1]?.trim() ?? '';
}

/** Newest first; `latest` is what a rollback restores by default, any other one may be chosen. */
export function parseSnapshots(stdout: string, now = Date.now()): SnapshotInfo[] {
  const latest = latestOf(stdout);
  const found: { name: string; files: string }[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^snapshot=(\S+) (\d+)/.exec(line);
    if (m) found.push({ name: m[1]!, files: m[2]! });
  }
  return found
    .sort((a, b) => b.name.localeCompare(a.name))
    .map(({ name, files }) => {
      const epoch = releaseEpoch(name.slice(0, 15)); // a snapshot is named <release-like time>-<run>
      const restores = name === latest ? ' · latest (the default of rollback)' : '';
      return {
        name,
        ...(epoch !== undefined ? { age: formatAge(now - epoch) } : {}),
        description: `${files} files${restores}`,
      };
    });
}
