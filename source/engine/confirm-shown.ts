// What the confirmation dialog shows for a step, rendered with the run's own values: the same summary and
// exact commands `plan` prints (action-summary.ts), every `{{…}}` filled in, secrets as ‹secret:name›,
// values not known yet as ‹fact:name›, and the result redacted against every secret the run has learnt.
import { buildCatalog } from '../profile/profile-catalog.js';
import { previewTemplate, type InterpolationContext } from '../profile/interpolate.js';
import type { Profile, Step } from '../profile/schema.js';
import type { StepAction } from '../profile/step-action.js';
import { describeAction } from './action-summary.js';
import type { RunScope } from './scope.js';

/** The texts of a confirmation, ready to show. */
export type ConfirmShown = {
  title: string;
  summary: string;
  /** The exact commands, one per line group (the command, its cwd and stdin, commands run afterwards). */
  command?: string;
  changes?: string;
  undo?: string;
};

/** Renders a step's confirmation texts; `redact` masks secret values the run knows. */
export function confirmShown(
  profile: Profile,
  scope: RunScope,
  step: Step,
  action: StepAction,
  redact: (text: string) => string,
): ConfirmShown {
  // the runtime vars the run really has (the sandbox's among them when it serves the profile)
  const catalog = buildCatalog(profile, Object.keys(scope.snapshot().runtimeVars), false);
  const render = (template: string, context: InterpolationContext): string => {
    try {
      return redact(previewTemplate(template, scope.snapshot(), context, catalog));
    } catch {
      // a malformed template was refused by the loader already; show it as written rather than nothing
      return redact(template);
    }
  };
  const described = describeAction(namedTarget(action, scope), profile, render);
  const command = [
    ...(described.cwd !== undefined ? [`cd ${described.cwd}`] : []),
    ...(described.command !== undefined ? [described.command.replace(/\n$/, '')] : []),
    ...(described.stdin !== undefined ? [`stdin: ${described.stdin.replace(/\n$/, '')}`] : []),
    ...(described.after ?? []).map((line) => `then: ${line}`),
  ];
  return {
    title: render(step.title, 'plain'),
    summary: described.summary,
    ...(command.length > 0 ? { command: command.join('\n') } : {}),
    ...(step.changes !== undefined ? { changes: render(step.changes, 'plain') } : {}),
    ...(step.undo !== undefined ? { undo: render(step.undo, 'plain') } : {}),
  };
}

/**
 * A release rollback without `to` goes to the `rollback_target` fact (the picker's or `--to`'s choice, or
 * the release live before this deploy's switch): name it, so the confirmation says which release goes live.
 */
function namedTarget(action: StepAction, scope: RunScope): StepAction {
  if (action.kind !== 'release' || action.release.op !== 'rollback' || action.release.to !== undefined)
    return action;
  const target = scope.fact('rollback_target');
  if (typeof target !== 'string' || target === '' || target.includes('{{')) return action;
  return { ...action, release: { ...action.release, to: target } };
}
