// The rollback picker's listings, run in real bash over a temp release tree and snapshot directory.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReleases, parseSnapshots } from '../../source/cli/rollback-candidates.js';
import { releaseLedger } from '../../source/commands/release-create.js';
import { buildReleaseListing, buildSnapshotListing } from '../../source/commands/release-listing.js';
import { completeMarker } from '../../source/commands/release-switch.js';
import { runBash } from './bash.js';

const root = mkdtempSync(join(tmpdir(), 'release-listing-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('release and snapshot listings (real bash)', () => {
  it('lists releases newest first: live, complete by marker or by info, migrations the live one adds', () => {
    const base = join(root, 'app base');
    const release = (name: string, files: Record<string, string>) => {
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(join(base, 'releases', name, file, '..'), { recursive: true });
        writeFileSync(join(base, 'releases', name, file), text);
      }
    };
    release('20260101_000000', { '.deployment-info': 'commit_hash=1111111aaaa\ncommit_message=old one\n' });
    release('20260102_000000', { [completeMarker]: '', 'database/migrations/a.php': '' });
    release('20260103_000000', { 'database/migrations/a.php': '', 'database/migrations/b.php': '' });
    release('20260104_000000', { '.deployment-info': 'commit_hash=4444444dddd\n' });
    writeFileSync(join(base, releaseLedger), '20260104_000000\n');
    symlinkSync(join(base, 'releases', '20260103_000000'), join(base, 'current'));
    const answer = runBash(buildReleaseListing('landsraad', base), root);
    expect(answer.code).toBe(0);
    const listed = parseReleases(answer.stdout, Date.UTC(2026, 0, 5));
    expect(listed.map((r) => [r.name, r.live, r.complete, r.migrationsSince])).toEqual([
      ['20260104_000000', false, false, ['a.php', 'b.php']], // in the ledger, no marker: an unfinished create
      ['20260103_000000', true, false, []],
      ['20260102_000000', false, true, ['b.php']],
      ['20260101_000000', false, true, ['a.php', 'b.php']], // made before the console: its info counts
    ]);
    expect(listed[3]).toMatchObject({ commit: '1111111', message: 'old one' });
    expect(runBash(buildReleaseListing('landsraad', join(root, 'none')), root)).toMatchObject({
      code: 0,
      stdout: '',
    });
  });

  it('lists snapshots with their file counts (checksums not counted) and the one latest points at', () => {
    const dir = join(root, 'snapshots');
    for (const [name, files] of [
      ['20261120_090000-run1', ['a', 'b', 'SHA256SUMS']],
      ['20261127_071500-run2', ['a', 'b', 'c']],
    ] as const) {
      mkdirSync(join(dir, name), { recursive: true });
      for (const file of files) writeFileSync(join(dir, name, file), '');
    }
    symlinkSync(join(dir, '20261127_071500-run2'), join(dir, 'latest'));
    const answer = runBash(buildSnapshotListing('mentat', dir), root);
    expect(answer.code).toBe(0);
    expect(parseSnapshots(answer.stdout).map((s) => [s.name, s.description])).toEqual([
      ['20261127_071500-run2', '3 files · latest (the default of rollback)'],
      ['20261120_090000-run1', '2 files'],
    ]);
  });
});
