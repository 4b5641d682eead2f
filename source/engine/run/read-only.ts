// Fail closed: in verify and assess modes nothing that can change a host is ever sent.
import type { Check, Phase, Probe } from '../../profile/schema.js';
import type { RunMode } from './events.js';
import { isMutating } from '../../profile/step-action.js';

const readOnlyModes: ReadonlySet<RunMode> = new Set<RunMode>(['verify', 'assess', 'plan-check']);

/** Names every step, check or probe a read-only run must refuse; empty when the plan is safe. */
export function mutatingItems(
  mode: RunMode,
  plan: { phases?: Phase[]; checks?: Check[]; probes?: Probe[] },
): string[] {
  if (!readOnlyModes.has(mode)) return [];
  const found: string[] = [];
  for (const phase of plan.phases ?? []) {
    for (const step of phase.steps) if (isMutating(step)) found.push(`${phase.id}/${step.id}`);
  }
  for (const item of [...(plan.checks ?? []), ...(plan.probes ?? [])]) {
    if (item.http?.method === 'POST' || (item.run === undefined && item.http === undefined))
      found.push(item.id);
  }
  return found;
}
