// The engine's view of a step's action: the profile's discriminated union, with a mutating test that fails
// closed, so a malformed step can never slip through a read-only mode.
import { stepAction, stepMutates, type StepAction } from '../../profile/step-action.js';
import type { Step } from '../../profile/schema.js';

export type { StepAction };

/** The step's one action; throws naming the step when it has none or several. */
export const actionOf = stepAction;

/** Whether a step may change a host; a step whose action cannot be determined counts as changing. */
export function isMutating(step: Step): boolean {
  try {
    return stepMutates(step);
  } catch {
    return true;
  }
}
