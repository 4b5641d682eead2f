// `parts:` (deploy --only NAME): each names phases and steps the runbook has, and can run alone: a fact or form
// value one of its steps uses is set by a step of the part, else the partial deploy would stop half-way on a
// `{{name}}` nobody set (checked here, at load time, with the file:line:column of the offending entry).
import type { IssueSink } from './issue-sink.js';
import { nodeAt, type LocatedNode } from './located-node.js';
import { formatPath, type ProfileIssue } from './profile-issue.js';
import { splitName } from './name-catalog.js';
import type { Part } from './part-schema.js';
import type { Profile, Step } from './schema.js';
import { closest } from './schema-keys.js';
import { templateSites } from './template-sites.js';
import { templateNames } from './template-syntax.js';

type Path = (string | number)[];

/** The steps a part runs (phase order), with their paths in the profile. */
function partSteps(profile: Profile, part: Part): { step: Step; path: Path }[] {
  return profile.phases.flatMap((phase, p) =>
    phase.steps.flatMap((step, s) =>
      part.phases.includes(phase.id) || part.steps.includes(step.id)
        ? [{ step, path: ['phases', p, 'steps', s] }]
        : [],
    ),
  );
}

function checkNames(profile: Profile, name: string, part: Part, sink: IssueSink): boolean {
  const phaseIds = profile.phases.map((phase) => phase.id);
  const stepIds = profile.phases.flatMap((phase) => phase.steps.map((step) => step.id));
  let ok = true;
  const check = (list: string[], known: string[], key: 'phases' | 'steps', what: string) =>
    list.forEach((id, i) => {
      if (known.includes(id)) return;
      ok = false;
      const guess = closest(id, known);
      sink.at(
        ['parts', name, key, i],
        `expected the id of ${what} (${known.join(', ')}), found "${id}"${guess ? `; did you mean "${guess}"?` : ''}`,
      );
    });
  check(part.phases, phaseIds, 'phases', 'a phase');
  check(part.steps, stepIds, 'steps', 'a step under phases');
  return ok;
}

function checkAlone(profile: Profile, name: string, part: Part, sink: IssueSink): void {
  const steps = partSteps(profile, part);
  const facts = new Set(
    profile.phases.flatMap((p) => p.steps.flatMap((s) => (s.save_as ? [s.save_as] : []))),
  );
  const forms = new Set(Object.keys(profile.forms));
  const setHere = new Set(
    steps.flatMap(({ step }) => [step.save_as, step.form].filter((n) => n !== undefined)),
  );
  const sites = templateSites(profile);
  const missing = new Map<string, string>();
  for (const { step, path } of steps) {
    const used = sites
      .filter((site) => path.every((segment, i) => site.path[i] === segment))
      .flatMap((site) => templateNames(site.template));
    for (const used1 of used) {
      const { root } = splitName(used1);
      if ((facts.has(root) || forms.has(root)) && !setHere.has(root) && !missing.has(root))
        missing.set(root, `{{${used1}}} in step ${step.id}`);
    }
  }
  if (missing.size === 0) return;
  const setters = [...missing.keys()].map((root) => {
    const setter = profile.phases.flatMap((p) => p.steps).find((s) => s.save_as === root || s.form === root);
    return setter ? `"${setter.id}"` : root;
  });
  sink.at(
    ['parts', name, 'phases'],
    `expected a part that can run alone, found ${[...missing.values()].join(', ')} set only outside it; add ${setters.join(', ')} to its steps`,
  );
}

/** Checks every part of a merged, schema-valid profile. */
export function checkParts(profile: Profile, sink: IssueSink): void {
  for (const [name, part] of Object.entries(profile.parts)) {
    if (checkNames(profile, name, part, sink)) checkAlone(profile, name, part, sink);
  }
}

/**
 * A part inherited through `extends` may name phases the child's own `phases` replaced (a test profile with one
 * phase extending production): that part is dropped with a note, as an inherited fix is (inherited-fixes.ts);
 * a part the profile declares itself stays checked, and an error.
 */
export function dropInheritedParts(
  profile: Profile,
  root: LocatedNode,
  ownFile: string,
): { profile: Profile; notes: ProfileIssue[] } {
  const phaseIds = new Set(profile.phases.map((phase) => phase.id));
  const stepIds = new Set(profile.phases.flatMap((phase) => phase.steps.map((step) => step.id)));
  const notes: ProfileIssue[] = [];
  const parts = Object.fromEntries(
    Object.entries(profile.parts).filter(([name, part]) => {
      const missing = [
        ...part.phases.filter((id) => !phaseIds.has(id)),
        ...part.steps.filter((id) => !stepIds.has(id)),
      ];
      const origin = nodeAt(root, ['parts', name]).origin;
      if (missing.length === 0 || origin.file === ownFile) return true;
      notes.push({
        file: origin.file,
        line: origin.line,
        column: origin.column,
        path: formatPath(['parts', name]),
        message: `part "${name}" is not offered by this profile: ${missing.join(', ')} not under its phases (they replace the ones of ${origin.file})`,
      });
      return false;
    }),
  );
  return notes.length === 0 ? { profile, notes } : { profile: { ...profile, parts }, notes };
}
