// From what the operator asked (deploy --from, rollback --target, verify, assess) to the plan the runner runs.
import type { Phase, Profile } from '../profile/schema.js';
import type { RunPlan } from './runner.js';

/** What a command line or a screen asks for. */
export type PlanRequest =
  | { mode: 'deploy'; from?: string }
  | { mode: 'rollback'; target: 'app' | 'observability' | 'all' }
  | { mode: 'verify' }
  | { mode: 'assess' };

/** A request the profile cannot serve (unknown phase, no rollback steps): a usage/profile error (exit 2). */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

export function buildRunPlan(profile: Profile, request: PlanRequest): RunPlan {
  switch (request.mode) {
    case 'deploy': {
      if (request.from === undefined) return { mode: 'deploy', phases: profile.phases };
      const index = profile.phases.findIndex((p) => p.id === request.from);
      if (index < 0) {
        throw new PlanError(
          `no phase "${request.from}" in profile ${profile.name}; phases: ${profile.phases.map((p) => p.id).join(', ')}`,
        );
      }
      return { mode: 'deploy', phases: profile.phases.slice(index) };
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
    default: {
      const unreachable: never = request;
      return unreachable;
    }
  }
}
