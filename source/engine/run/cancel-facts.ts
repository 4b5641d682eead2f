// The run's memory as the facts `cancelPlan` decides on (the pure decision lives in cancel-plan.ts).
import { cancelPlan, type CancelPlan } from './cancel-plan.js';
import type { RunContext } from './run-context.js';

/** What Cancel does at the gate of `stepId`, now. */
export function cancelPlanOf(run: RunContext, stepId: string): CancelPlan {
  const { memory, profile } = run;
  return cancelPlan({
    mode: run.mode,
    runId: run.runId,
    stepId,
    hosts: Object.keys(profile.hosts),
    // A resumed deploy continues a run that changed something (only such runs are resumable).
    changed: memory.changed || (run.mode === 'deploy' && run.resumed !== null),
    live: memory.live,
    activated: memory.activated,
    built: memory.built,
    configured: memory.configured,
    rollbacks: {
      app: profile.rollback.app !== undefined,
      observability: profile.rollback.observability !== undefined,
    },
  });
}
