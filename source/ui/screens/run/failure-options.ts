// What the failure panel offers, from the engine's FailureContext: skip only for non-critical steps,
// rollback only when the engine proposes one (after a switch).
import type { FailureDecision } from '../../../engine/run/events.js';
import type { FailureContext } from '../../../engine/run/gates.js';

/** One choice of the failure panel. */
export type FailureOption = { decision: FailureDecision; key: string; label: string };

export function failureOptions(context: FailureContext): FailureOption[] {
  const options: FailureOption[] = [{ decision: 'retry', key: 'r', label: 'Retry' }];
  if (context.canSkip) options.push({ decision: 'skip', key: 's', label: 'Skip' });
  if (context.rollback !== null)
    options.push({ decision: 'rollback', key: 'b', label: `Roll back ${context.rollback}` });
  options.push({ decision: 'abort', key: 'a', label: 'Abort' });
  return options;
}
