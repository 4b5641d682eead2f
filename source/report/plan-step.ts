// One step of the plan as data: who runs what where, with every template previewed (secrets and values not
// known before a run shown as ‹secret:…›, ‹fact:…›, ‹runtime:…›). Never connects anywhere.
import { previewTemplate } from '../profile/interpolate.js';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import type { Step } from '../profile/schema.js';
import type { Scope } from '../profile/scope.js';
import type { StepAction } from '../profile/step-action.js';
import { describeAction, type Render } from '../engine/actions/action-summary.js';

/** A step as `plan` shows it. */
export type PlanStep = {
  id: string;
  title: string;
  host: string;
  /** The remote user the action runs as (null: the operator's machine or the SSH default). */
  user: string | null;
  critical: boolean;
  mutates: boolean;
  action: StepAction['kind'];
  /** One line: what the action does. */
  summary: string;
  /** The exact shell command (run, config validation). */
  command?: string;
  cwd?: string;
  stdin?: string;
  /** Commands run after a release switch or rollback. */
  after?: string[];
  on_failure?: string;
  note?: string;
};

function loginUser(profile: LoadedProfile, host: string): string | null {
  const entry = profile.hosts[host];
  return entry?.user ?? null;
}

/** The plan view of one step. */
export function planStep(profile: LoadedProfile, step: Step, scope: Scope): PlanStep {
  const render: Render = (template, context) => previewTemplate(template, scope, context, profile.catalog);
  const action = profile.stepAction(step);
  const user =
    action.kind === 'run' && action.run.user
      ? action.run.user
      : step.host === 'console'
        ? null
        : loginUser(profile, step.host);
  return {
    id: step.id,
    title: render(step.title, 'plain'),
    host: step.host,
    user,
    critical: step.critical,
    mutates: profile.stepMutates(step),
    action: action.kind,
    ...describeAction(action, profile, render),
    ...(step.on_failure && { on_failure: `rollback ${step.on_failure.rollback}` }),
    ...(step.note !== undefined && { note: step.note }),
  };
}
