// What a `when:` refers to must exist: a fact some step saves, a config step for `config: identical`, a
// form's live source for `unchanged:`. A typo would otherwise never skip, and a no-op gate would ask forever.
import type { IssueSink } from './issue-sink.js';
import { allSteps } from './profile-catalog.js';
import type { Profile, Step } from './schema.js';
import { conditionsOf } from './when-conditions.js';
import type { When } from './when-schema.js';

type Path = (string | number)[];

/** Checks one `when:` at `path`; `step` is null for a phase's. */
export function checkWhen(profile: Profile, when: When, step: Step | null, path: Path, sink: IssueSink) {
  const saved = allSteps(profile).flatMap(({ step: s }) => (s.save_as === undefined ? [] : [s.save_as]));
  const sources = Object.entries(profile.forms).flatMap(([form, declared]) =>
    Object.keys(declared.live ?? {}).map((source) => `${form}.${source}`),
  );
  for (const { condition, path: inner } of conditionsOf(when)) {
    const at = [...path, ...inner];
    if ('fact' in condition && !saved.includes(condition.fact))
      sink.at(
        [...at, 'fact'],
        `expected a fact a step saves with save_as (${saved.join(', ') || 'none'}), found "${condition.fact}"`,
      );
    if ('config' in condition && step?.config === undefined)
      sink.at(
        [...at, 'config'],
        step === null
          ? 'expected `config: identical` on a config step, found it on a phase (put it on each config step)'
          : `expected \`config: identical\` on a config step, found it on a ${step.run ? 'run' : 'non-config'} step`,
      );
    if ('unchanged' in condition && !sources.includes(condition.unchanged))
      sink.at(
        [...at, 'unchanged'],
        `expected FORM.SOURCE naming a live source of a form (${sources.join(', ') || 'none: add forms.<form>.live'}), found "${condition.unchanged}"`,
      );
  }
}

/** Checks the `when:` of every phase and the hosts of every form's live sources. */
export function checkPhaseWhens(profile: Profile, sink: IssueSink): void {
  profile.phases.forEach((phase, i) => {
    if (phase.when) checkWhen(profile, phase.when, null, ['phases', i, 'when'], sink);
  });
  for (const [form, declared] of Object.entries(profile.forms))
    for (const [source, live] of Object.entries(declared.live ?? {}))
      if (!(live.host in profile.hosts))
        sink.at(
          ['forms', form, 'live', source, 'host'],
          `expected a host of the profile (${Object.keys(profile.hosts).join(', ')}), found "${live.host}"`,
        );
}
