// From what the operator asked (deploy --from, rollback --target, verify, assess) to the plan the runner runs.
import type { Phase, Profile, Step } from '../../profile/schema.js';
import { isMutating } from '../../profile/step-action.js';
import type { RunPlan } from '../run/runner.js';
import { partPhases } from './deploy-part.js';
import { PlanError } from './plan-error.js';

/** What a command line or a screen asks for. */
export type PlanRequest =
  /** `only`: a part of the profile's `parts:` (deploy --only); `from` then starts inside it. */
  | { mode: 'deploy'; from?: string; only?: string }
  | { mode: 'rollback'; target: 'app' | 'observability' | 'all' }
  | { mode: 'verify' }
  | { mode: 'assess' }
  /** Named deploy steps on their own (a check's `fix:`), each with its usual gates, journaled as a run. */
  | { mode: 'fix'; steps: readonly string[] };

export { PlanError } from './plan-error.js';

export function buildRunPlan(profile: Profile, request: PlanRequest): RunPlan {
  switch (request.mode) {
    case 'deploy': {
      const only = request.only;
      const phases = only === undefined ? profile.phases : partPhases(profile, only);
      const part = only === undefined ? {} : { only };
      if (request.from === undefined) return { mode: 'deploy', phases, ...part };
      const index = phases.findIndex((p) => p.id === request.from);
      if (index < 0) {
        const where =
          only === undefined ? `profile ${profile.name}` : `part ${only} of profile ${profile.name}`;
        throw new PlanError(
          `no phase "${request.from}" in ${where}; phases: ${phases.map((p) => p.id).join(', ')}`,
        );
      }
      return { mode: 'deploy', phases: phases.slice(index), ...part };
    }
    case 'rollback': {
      const targets: ('app' | 'observability')[] =
        request.target === 'all' ? ['app', 'observability'] : [request.target];
      const phases: Phase[] = targets.map((target) => {
        const rollback = profile.rollback[target];
        if (!rollback)
          throw new PlanError(
            `profile ${profile.name} has no rollback steps for "${target}" (rollback.${target})`,
          );
        return {
          id: `rollback-${target}`,
          title: rollback.title,
          ...(rollback.description ? { description: rollback.description } : {}),
          steps: rollback.steps,
        };
      });
      return { mode: 'rollback', phases };
    }
    case 'verify':
      return { mode: 'verify', checks: profile.checks };
    case 'assess':
      return { mode: 'assess', probes: profile.assess };
    case 'fix':
      return { mode: 'fix', phases: fixPhases(profile, request.steps) };
    default: {
      const unreachable: never = request;
      return unreachable;
    }
  }
}

/**
 * The named steps, in their phases (plan order), so the step list and journal read as in a deploy. A fix
 * that changes a host holds the deploy lock like a deploy does: the profile's lock and unlock steps wrap it.
 */
function fixPhases(profile: Profile, stepIds: readonly string[]): Phase[] {
  const known = new Set(profile.phases.flatMap((phase) => phase.steps.map((step) => step.id)));
  const unknown = stepIds.filter((id) => !known.has(id));
  if (unknown.length > 0 || stepIds.length === 0) {
    throw new PlanError(
      `no deploy step ${unknown.map((id) => `"${id}"`).join(', ') || '(none named)'} in profile ${profile.name}; a fix runs steps of its phases`,
    );
  }
  const named = profile.phases.flatMap((phase) => {
    const steps = phase.steps.filter((step) => stepIds.includes(step.id));
    return steps.length === 0 ? [] : [{ ...phase, steps }];
  });
  if (!named.some((phase) => phase.steps.some(isMutating))) return named;
  const only = (pick: (step: Step) => boolean): Phase[] => {
    const phase = profile.phases.find((candidate) => candidate.steps.some(pick));
    return phase === undefined ? [] : [{ ...phase, steps: phase.steps.filter(pick) }];
  };
  // Lock first and unlock last, wherever the profile's deploy puts them.
  const wrapped = [
    ...only((step) => step.lock !== undefined),
    ...named,
    ...only((step) => step.unlock !== undefined),
  ];
  // One phase once: the lock's phase may also hold a named step.
  return wrapped.reduce<Phase[]>((phases, phase) => {
    const last = phases[phases.length - 1];
    if (last?.id !== phase.id) return [...phases, phase];
    const steps = [...last.steps, ...phase.steps.filter((step) => !last.steps.includes(step))];
    return [...phases.slice(0, -1), { ...last, steps }];
  }, []);
}
