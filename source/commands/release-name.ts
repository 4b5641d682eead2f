// The release directory name, `YYYYmmdd_HHMMSS` in UTC: the one rule every reader and builder of releases uses
// (releases are ordered by name, never by mtime).

/** A whole release directory name. */
export const releaseIdPattern = /^([0-9]{4})([0-9]{2})([0-9]{2})_([0-9]{2})([0-9]{2})([0-9]{2})$/;

/** Throws a builder error naming what was wrong and what to do. */
export function assertReleaseId(id: string, where: string): void {
  if (!releaseIdPattern.test(id)) {
    throw new Error(`${where}: "${id}" is not a release name (YYYYmmdd_HHMMSS); pick one from releases/.`);
  }
}

/** A release name's time as epoch ms, or undefined for a name that is not a release. */
export function releaseEpoch(name: string): number | undefined {
  const m = releaseIdPattern.exec(name);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

/** A release name's time in ISO 8601 UTC (`2026-01-06T13:23:20Z`), or null. */
export function releaseTime(name: string | null): string | null {
  const epoch = name === null ? undefined : releaseEpoch(name);
  return epoch === undefined ? null : new Date(epoch).toISOString().replace('.000Z', 'Z');
}
