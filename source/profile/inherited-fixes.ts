// A check's `fix:` inherited through `extends` may name a step the child profile's own `phases` replaced. The
// check still holds there; only its repair is gone. So such a fix is dropped (with a note), while a check the
// profile itself declares with a wrong fix stays an error (reference-checks.ts), pointing at its line.
import { nodeAt, type LocatedNode } from './located-node.js';
import { formatPath, type ProfileIssue } from './profile-issue.js';
import type { Profile } from './schema.js';

/** The profile without the inherited fixes its phases cannot serve, and a note for each one dropped. */
export function dropInheritedFixes(
  profile: Profile,
  root: LocatedNode,
  /** Display path of the requested file: values defined there are the profile's own. */
  ownFile: string,
): { profile: Profile; notes: ProfileIssue[] } {
  const ids = new Set(profile.phases.flatMap((phase) => phase.steps.map((step) => step.id)));
  const notes: ProfileIssue[] = [];
  const checks = profile.checks.map((check, index) => {
    if (check.fix === undefined || ids.has(check.fix)) return check;
    const origin = nodeAt(root, ['checks', index, 'fix']).origin;
    if (origin.file === ownFile) return check;
    notes.push({
      file: origin.file,
      line: origin.line,
      column: origin.column,
      path: formatPath(['checks', index, 'fix']),
      message: `check "${check.id}" has no fix in this profile: its fix step "${check.fix}" is not under this profile's phases (they replace the ones of ${origin.file})`,
    });
    const { fix: _dropped, ...rest } = check;
    return rest;
  });
  return notes.length === 0 ? { profile, notes } : { profile: { ...profile, checks }, notes };
}
