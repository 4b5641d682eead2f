// What the confirmation dialog shows for a step, rendered with the run's own values: the same summary and
// exact commands `plan` prints (action-summary.ts), every `{{…}}` filled in, secrets as ‹secret:name›,
// values not known yet as ‹fact:name›, and the result redacted against every secret the run has learnt.
import { basename } from 'node:path';
import { stagingDir } from '../../commands/file-commands.js';
import { buildCatalog } from '../../profile/profile-catalog.js';
import { previewTemplate, type InterpolationContext } from '../../profile/interpolate.js';
import type { Profile, Step } from '../../profile/schema.js';
import type { StepAction } from '../../profile/step-action.js';
import { describeAction } from '../actions/action-summary.js';
import type { RunScope } from './run-scope.js';

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
  let snapshot = scope.snapshot();
  const render = (template: string, context: InterpolationContext): string => {
    try {
      return redact(previewTemplate(template, snapshot, context, catalog));
    } catch {
      // a malformed template was refused by the loader already; show it as written rather than nothing
      return redact(template);
    }
  };
  snapshot = withStaged(snapshot, action, render);
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
 * `staged` as this step will have it: a config step validates the file IT stages, at the path configAction
 * uploads it to (the run's staging directory + the target's name); without a run id, unknown (named). Never
 * the file an earlier config step staged, which the scope still holds (the Prometheus confirmation showed
 * `promtool check config …/basic.yml`).
 */
function withStaged(
  snapshot: ReturnType<RunScope['snapshot']>,
  action: StepAction,
  render: (template: string, context: InterpolationContext) => string,
): ReturnType<RunScope['snapshot']> {
  const { staged: _previous, ...builtins } = snapshot.builtins;
  const runId = builtins['run_id'];
  if (action.kind !== 'config' || runId === undefined || runId === '') return { ...snapshot, builtins };
  const staged = `${stagingDir(runId)}/${basename(render(action.config.target, 'plain'))}`;
  return { ...snapshot, builtins: { ...builtins, staged } };
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
