// Ids must be unique: phases, steps (across all phases, since journals and --from name them), each rollback
// target's steps, checks, probes, and the fields of each form.
import type { IssueSink } from './issue-sink.js';
import { formatPath } from './profile-issue.js';
import type { Profile } from './schema.js';

type Item = { id: string; path: (string | number)[] };

function unique(items: readonly Item[], what: string, sink: IssueSink) {
  const seen = new Map<string, Item>();
  for (const item of items) {
    const first = seen.get(item.id);
    if (first)
      sink.at(
        [...item.path, 'id'],
        `expected a unique ${what} id, found "${item.id}" again (first at ${formatPath(first.path)})`,
      );
    else seen.set(item.id, item);
  }
}

/** Reports every duplicate id. */
export function checkIds(profile: Profile, sink: IssueSink): void {
  unique(
    profile.phases.map((phase, p) => ({ id: phase.id, path: ['phases', p] })),
    'phase',
    sink,
  );
  const steps = profile.phases.flatMap((phase, p) =>
    phase.steps.map((step, s) => ({ id: step.id, path: ['phases', p, 'steps', s] })),
  );
  unique(steps, 'step', sink);
  for (const [target, rollback] of Object.entries(profile.rollback)) {
    unique(
      (rollback?.steps ?? []).map((step, s) => ({ id: step.id, path: ['rollback', target, 'steps', s] })),
      `rollback.${target} step`,
      sink,
    );
  }
  unique(
    profile.checks.map((check, i) => ({ id: check.id, path: ['checks', i] })),
    'check',
    sink,
  );
  unique(
    profile.assess.map((probe, i) => ({ id: probe.id, path: ['assess', i] })),
    'probe',
    sink,
  );
  for (const [formId, form] of Object.entries(profile.forms)) {
    unique(
      form.fields.map((field, i) => ({ id: field.id, path: ['forms', formId, 'fields', i] })),
      `${formId} field`,
      sink,
    );
  }
}
