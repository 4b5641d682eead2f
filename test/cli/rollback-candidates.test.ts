// The rollback picker's snapshot list: newest first, `latest` marked as the default, every snapshot a choice.
import { describe, expect, it } from 'vitest';
import { parseSnapshots } from '../../source/cli/rollback-candidates.js';

describe('parseSnapshots', () => {
  it('lists every snapshot newest first and marks the one latest points at', () => {
    const listing = [
      'latest=20261127_071500-run2',
      'snapshot=20261120_090000-run1 4',
      'snapshot=20261127_071500-run2 5',
      'noise line',
    ].join('\n');
    const now = Date.UTC(2026, 10, 27, 8, 15, 0);
    const snapshots = parseSnapshots(listing, now);
    expect(snapshots.map((s) => s.name)).toEqual(['20261127_071500-run2', '20261120_090000-run1']);
    expect(snapshots[0]!.description).toBe('5 files · latest (the default of rollback)');
    expect(snapshots[1]!.description).toBe('4 files');
    expect(snapshots[0]!.age).toBeDefined();
    expect(snapshots[1]!.age).not.toBe(snapshots[0]!.age);
  });

  it('has nothing to offer when the host has no snapshot directory', () => {
    expect(parseSnapshots('')).toEqual([]);
  });
});
