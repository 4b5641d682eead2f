// A deploy's lock must be held before the deploy changes anything. When the runbook's `lock` step comes after
// steps that change hosts (production.yaml locks in phase 2; phase 1 already stages files on mentat), the runner
// takes that lock first, so a second deploy started at the same time stops (exit 4) before touching anything.
import type { Phase, Step } from '../../profile/schema.js';
import { stepAction, isMutating } from '../../profile/step-action.js';

/**
 * The lock step to take before the run starts, with the phase it is shown in; null when no mutating step would
 * precede it. `profilePhases` covers `deploy --from PHASE`: a plan that starts after the runbook's lock step
 * still takes that lock before it changes anything.
 */
export function lockToTakeFirst(
  phases: Phase[],
  done: ReadonlySet<string>,
  profilePhases: Phase[] = phases,
): { phaseId: string; step: Step } | null {
  let mutatingBefore = false;
  for (const phase of phases) {
    for (const step of phase.steps) {
      if (isLock(step)) return mutatingBefore ? { phaseId: phase.id, step } : null;
      // Steps completed in a resumed run are skipped, so they change nothing this time.
      if (isMutating(step) && !done.has(step.id)) mutatingBefore = true;
    }
  }
  const first = phases[0];
  const skipped = profilePhases.flatMap((phase) => phase.steps).find(isLock);
  return mutatingBefore && first && skipped ? { phaseId: first.id, step: skipped } : null;
}

/**
 * The lock step to take before a deploy's value pre-flight, which connects to a host: the run's first lock step
 * (or, for `--from` past it, the runbook's), when the run has anything left to change. Null otherwise.
 */
export function lockBeforePreflight(
  phases: Phase[],
  done: ReadonlySet<string>,
  profilePhases: Phase[] = phases,
): { phaseId: string; step: Step } | null {
  const steps = phases.flatMap((phase) => phase.steps.map((step) => ({ phaseId: phase.id, step })));
  if (!steps.some(({ step }) => isMutating(step) && !isLock(step) && !done.has(step.id))) return null;
  const own = steps.find(({ step }) => isLock(step));
  if (own) return own;
  const first = phases[0];
  const skipped = profilePhases.flatMap((phase) => phase.steps).find(isLock);
  return first && skipped ? { phaseId: first.id, step: skipped } : null;
}

/**
 * The phases as they will run: a lock the run takes first that none of its phases holds (a rollback holds the
 * runbook's deploy lock) is listed first in the phase it is shown in, not appended once it has run.
 */
export function phasesInRunOrder(
  phases: Phase[],
  done: ReadonlySet<string>,
  profilePhases: Phase[] = phases,
): Phase[] {
  const early = lockToTakeFirst(phases, done, profilePhases);
  const listed = phases.some((phase) => phase.steps.some((step) => step.id === early?.step.id));
  if (early === null || listed) return phases;
  return phases.map((phase) =>
    phase.id === early.phaseId ? { ...phase, steps: [early.step, ...phase.steps] } : phase,
  );
}

function isLock(step: Step): boolean {
  try {
    return stepAction(step).kind === 'lock';
  } catch {
    return false;
  }
}
