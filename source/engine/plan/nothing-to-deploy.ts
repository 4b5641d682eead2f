// A deploy with nothing to do says so plainly (issue 16: "a second deploy on the sandbox is a reviewed no-op"):
// when every step of the run that changes a host is skipped with its evidence, the plan leads with one line
// saying what is already live, and the run it describes changes nothing.
import type { Step } from '../../profile/schema.js';
import { isMutating, stepAction } from '../../profile/step-action.js';
import type { PlanFacts } from './plan-facts.js';
import type { StepDisposition } from './plan-disposition.js';
import { sameCommit } from './same-commit.js';

/** A step that changes a host: mutating, not the lock (taking or releasing it changes nothing of the deploy). */
function changesAHost(step: Step): boolean {
  const kind = stepAction(step).kind;
  return isMutating(step) && kind !== 'lock' && kind !== 'unlock' && kind !== 'form';
}

/** The line when every host-changing step of the run is skipped; null when one runs, asks or is unknown. */
export function nothingToDeploy(
  planned: { step: Step; disposition: StepDisposition }[],
  facts: PlanFacts,
): string | null {
  const changing = planned.filter(({ step }) => changesAHost(step));
  if (changing.length === 0 || changing.some(({ disposition }) => disposition.kind !== 'skip')) return null;
  const live =
    facts.liveCommit.known &&
    facts.targetCommit.known &&
    sameCommit(facts.liveCommit.value, facts.targetCommit.value)
      ? [`the target ${facts.targetCommit.value.slice(0, 12)} is live`]
      : [];
  const configs =
    facts.configs.known && facts.configs.value.every((c) => c.identical) ? ['every config is identical'] : [];
  const uploads =
    facts.uploads?.known === true && facts.uploads.value.every((u) => u.identical)
      ? ['every staged file is identical']
      : [];
  const stored =
    facts.smtpStored.known && facts.smtpStored.value.identical ? ['the stored settings are the same'] : [];
  const why = [...live, ...configs, ...uploads, ...stored];
  return `Nothing to deploy${why.length > 0 ? `: ${why.join(', ')}` : ''}. All ${changing.length} steps that change a host skip with their evidence; the run changes nothing.`;
}
