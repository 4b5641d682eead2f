// An observability snapshot's directory name under obs_snapshots: the rule the rollback request, the
// snapshot listing and the profile's restore step share.

/** A directory name under obs_snapshots: no path, not hidden. */
export const isSnapshotName = (name: string): boolean => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name);
