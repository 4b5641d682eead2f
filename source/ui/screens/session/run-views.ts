// RunState as the building blocks want it: phases for StepList, entries for CommandLog, criteria for
// Checklist. Pure functions, so screens stay presentational.
import type { RunState } from '../../../engine/run/run-state.js';
import type { Check, Phase } from '../../../profile/schema.js';
import type { ChecklistItem, CriterionState } from '../../widgets/checklist/checklist-view.js';
import type { CommandEntry } from '../../components/CommandLog.js';
import type { PhaseItem } from '../../step-view.js';

/** The plan's phases with live step states. */
export function phaseItems(state: RunState): PhaseItem[] {
  return state.phases.map((phase) => ({
    id: phase.id,
    title: phase.title,
    steps: phase.stepIds.flatMap((id) => {
      const step = state.steps[id];
      if (step === undefined) return [];
      return [
        {
          id: step.id,
          title: step.title,
          host: step.host,
          state: step.status,
          ...(step.durationMs !== undefined ? { durationMs: step.durationMs } : {}),
          ...(step.startedAt !== undefined ? { startedAt: Date.parse(step.startedAt) } : {}),
          ...(step.status === 'skipped' && step.reason !== undefined ? { reason: step.reason } : {}),
        },
      ];
    }),
  }));
}

/** Every finished command, oldest first; housekeeping (lock heartbeats) only when asked for. */
export function commandEntries(state: RunState, housekeeping = false): CommandEntry[] {
  return state.commandLog.flatMap((entry, index) =>
    entry.housekeeping && !housekeeping ? [] : [commandEntry(entry, index)],
  );
}

/** How many housekeeping commands the command log hides now. */
export function hiddenHousekeeping(state: RunState): number {
  return state.commandLog.filter((entry) => entry.housekeeping).length;
}

function commandEntry(entry: RunState['commandLog'][number], index: number): CommandEntry {
  return {
    id: `${index}:${entry.at}`,
    host: entry.host,
    command: entry.command,
    exitCode: entry.exitCode,
    durationMs: entry.durationMs,
    ...(entry.signal !== null ? { signal: entry.signal } : {}),
  };
}

const criterionOf = { running: 'running', pass: 'passed', fail: 'failed', skipped: 'skipped' } as const;

/** The step a check names as its fix, with its title (the profile's validation ensures it exists). */
function fixOf(check: Check, steps: ReadonlyMap<string, string>): Pick<ChecklistItem, 'fix'> {
  if (check.fix === undefined) return {};
  return { fix: { stepId: check.fix, title: steps.get(check.fix) ?? check.fix } };
}

/** The profile's criteria (pending until the run reaches them) with the run's verdicts. */
export function checklistItems(
  checks: readonly Check[],
  state: RunState,
  phases: readonly Phase[] = [],
): ChecklistItem[] {
  const steps = new Map(phases.flatMap((phase) => phase.steps.map((step) => [step.id, step.title] as const)));
  const seen = Object.values(state.checks).flat();
  return checks.map((check) => {
    const result = seen.find((candidate) => candidate.id === check.id);
    const criterion: CriterionState = result === undefined ? 'pending' : criterionOf[result.outcome];
    return {
      id: check.id,
      group: check.group,
      title: check.title,
      state: criterion,
      explain: check.explain,
      ...(result !== undefined && result.detail !== '' ? { detail: result.detail } : {}),
      ...(result?.output !== undefined ? { output: result.output } : {}),
      ...fixOf(check, steps),
    };
  });
}

/** Counts for a one-line progress summary: "3/9 steps". */
export function stepProgress(state: RunState): { done: number; total: number } {
  const steps = Object.values(state.steps);
  return {
    done: steps.filter((step) => step.status === 'ok' || step.status === 'skipped').length,
    total: steps.length,
  };
}
