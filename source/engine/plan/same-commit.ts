// Whether the live commit is the target: the `commit` var may be an abbreviation (fetch_commit accepts one),
// the live one is the full hash `.deployment-info` records. Shorter than 7 hex digits is never taken as a match.

/** True when `live` and `target` name the same commit (one a prefix of the other, at least 7 digits). */
export function sameCommit(live: string, target: string): boolean {
  const [a, b] = [live.trim().toLowerCase(), target.trim().toLowerCase()];
  if (a === b) return a !== '';
  const shorter = a.length < b.length ? a : b;
  const longer = a.length < b.length ? b : a;
  return /^[0-9a-f]{7,}$/.test(shorter) && longer.startsWith(shorter);
}
