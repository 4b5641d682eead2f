// The plan's `values` section: every profile var with the value the run uses and where it comes from
// (the profile, `--var`, `--commit`). Values not known before a run show as ‹runtime:…›, like the steps.
import type { RunValues, ValueSource } from '../engine/plan/var-overrides.js';
import { previewTemplate } from '../profile/interpolate.js';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import type { Scope } from '../profile/scope.js';

/** One value of the plan. */
export type PlanValue = {
  name: string;
  value: string;
  source: ValueSource;
  /** For `--commit`: the ref asked for, where it was resolved, and the `--var commit=…` it replaced. */
  note?: string;
};

function commitNote(values: RunValues): string | undefined {
  const commit = values.commit;
  if (!commit) return undefined;
  const replaced =
    commit.replacedVar === undefined
      ? ''
      : `; --commit wins over --var commit=${JSON.stringify(commit.replacedVar)}`;
  const seed = commit.seedName ? ` (the seed's name of ${commit.hash.slice(0, 7)})` : '';
  return `--commit ${JSON.stringify(commit.ref)}${seed} resolved in ${commit.checkout}${replaced}`;
}

/** The values section of the plan, in the profile's order of vars. */
export function planValues(profile: LoadedProfile, scope: Scope, values: RunValues): PlanValue[] {
  return Object.keys(profile.vars).map((name) => {
    const source: ValueSource = values.sources[name] ?? 'profile';
    const value = previewTemplate(`{{${name}}}`, scope, 'plain', profile.catalog);
    const note = source === '--commit' ? commitNote(values) : undefined;
    return { name, value, source, ...(note !== undefined && { note }) };
  });
}

/** A value as Markdown shows it: in backticks when printable, else as a JSON string (newlines, backticks). */
function shown(value: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f`]/.test(value) || value === '' ? JSON.stringify(value) : `\`${value}\``;
}

/** A profile's multi-line value (a shell function) is named by its size: the steps show where it is used. */
function markdownValue(v: PlanValue): string {
  const lines = v.value.split('\n').length;
  if (v.source === 'profile' && lines > 1) return `(${lines} lines, as written in the profile)`;
  return shown(v.value);
}

/** The values section as Markdown lines. */
export function planValuesMarkdown(values: PlanValue[]): string[] {
  if (values.length === 0) return [];
  return [
    '',
    '## Values (name = value · source: profile, --var or --commit)',
    '',
    ...values.map(
      (v) => `- ${v.name} = ${markdownValue(v)} · ${v.source}${v.note !== undefined ? ` (${v.note})` : ''}`,
    ),
  ];
}
