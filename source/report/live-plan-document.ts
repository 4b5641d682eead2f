// Builds the live plan document from what was read: the deploy plan model, each step's exact command (the
// same preview `plan` prints: every value known now, `‹fact:…›` for what only the run learns), the classified
// migrations, the deciding facts and their fingerprint, and the digest of the whole.
import { fingerprintOf } from '../engine/plan/deciding-facts.js';
import { deployPlan } from '../engine/plan/deploy-plan.js';
import type { CommitNames } from '../engine/plan/commit-names.js';
import {
  digestOf,
  livePlanSchema,
  type LivePlan,
  type LiveRead,
  type PlannedCommand,
  type PlanRequest,
} from '../engine/plan/live-plan.js';
import { previewRender } from '../engine/plan/plan-render.js';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import { planStep } from './plan-step.js';
import type { PlanFacts } from '../engine/plan/plan-facts.js';
import type { DeployPlan } from '../engine/plan/deploy-plan.js';

/** What a live plan is made of. */
export type LivePlanInput = {
  profile: LoadedProfile;
  runtimeVars: Record<string, string>;
  read: LiveRead;
  request: PlanRequest;
  commitNames?: CommitNames;
  madeBy: string;
  madeAt?: Date;
};

/** The steps of a deploy plan with the command each sends, as the profile gives them with these vars. */
export function plannedCommands(
  profile: LoadedProfile,
  runtimeVars: Record<string, string>,
  plan: DeployPlan,
): PlannedCommand[] {
  const scope = profile.scope({ runtimeVars });
  const steps = new Map(profile.phases.flatMap((phase) => phase.steps.map((step) => [step.id, step])));
  return plan.phases.flatMap((phase) =>
    phase.steps.map((planned): PlannedCommand => {
      const step = steps.get(planned.id)!;
      const view = planStep(profile, step, scope);
      const d = planned.disposition;
      const lines = [
        ...(view.action !== 'run' ? [`${view.action}: ${view.summary}`] : []),
        ...(view.command !== undefined ? [view.command] : []),
        ...(view.cwd !== undefined ? [`in: ${view.cwd}`] : []),
        ...(view.user !== null ? [`as: ${view.user}`] : []),
        ...(view.after ?? []).map((command) => `then: ${command}`),
      ];
      return {
        phase: phase.id,
        step: planned.id,
        host: planned.host,
        action: view.action,
        critical: planned.critical,
        disposition: d.kind,
        reason: d.kind === 'skip' ? d.reason : d.kind === 'unknown' ? `${d.fact} not read: ${d.why}` : null,
        command: lines.join('\n'),
      };
    }),
  );
}

/** The deploy plan of the live facts (the TUI's pre-flight shows the same model). */
export function liveDeployPlan(
  profile: LoadedProfile,
  runtimeVars: Record<string, string>,
  facts: PlanFacts,
  request: Pick<PlanRequest, 'from' | 'only'>,
  commitNames: CommitNames = {},
  classified?: LiveRead['migrations'],
): DeployPlan {
  const render = previewRender(profile, profile.scope({ runtimeVars }));
  const asked = {
    ...(request.from !== null && { from: request.from }),
    ...(request.only !== null && { only: request.only }),
  };
  return deployPlan(profile, asked, facts, render, commitNames, classified);
}

/** The document (`digest` computed last, over everything else). */
export function livePlanDocument(input: LivePlanInput): LivePlan {
  const { profile, runtimeVars, read, request } = input;
  const deploy = liveDeployPlan(
    profile,
    runtimeVars,
    read.facts,
    request,
    input.commitNames,
    read.migrations,
  );
  const steps = plannedCommands(profile, runtimeVars, deploy);
  const body: Omit<LivePlan, 'digest'> = {
    schema: livePlanSchema,
    madeAt: (input.madeAt ?? new Date()).toISOString(),
    madeBy: input.madeBy,
    profile: profile.name,
    hosts: deploy.hosts,
    request,
    deploy,
    steps,
    critical: steps.filter((s) => s.critical && s.disposition !== 'skip').map((s) => s.step),
    deciding: read.deciding,
    fingerprint: fingerprintOf(read.deciding),
  };
  return { ...body, digest: digestOf(body) };
}

/** The document as `plan --live --format json` prints it and `--out` saves it. */
export function livePlanJson(plan: LivePlan): string {
  return JSON.stringify(plan, null, 2);
}
