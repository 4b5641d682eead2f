// The plan's phases and steps as rows, without React, with the "next" marker and a window that keeps
// the running (or next) step visible.

/** A step's lifecycle as the step list shows it. */
export type StepState = 'pending' | 'waiting-confirm' | 'running' | 'ok' | 'failed' | 'skipped';

/** One step of the plan, as shown. */
export type StepItem = {
  id: string;
  title: string;
  host: string;
  state: StepState;
  durationMs?: number;
  /** When it started (ms since epoch): a running step shows its elapsed time. */
  startedAt?: number;
  /** Why a skipped step was skipped (its evidence: nothing pending, config identical, …). */
  reason?: string;
};

/** One phase with its steps. */
export type PhaseItem = { id: string; title: string; steps: readonly StepItem[] };

/** A row of the step list. */
export type StepRow =
  | { kind: 'phase'; phase: PhaseItem; done: number; number: number; of: number }
  | { kind: 'step'; step: StepItem; next: boolean };

/** The id of the step that runs next: the first one not finished and not running, after any running one. */
export function nextStepId(phases: readonly PhaseItem[]): string | undefined {
  const steps = phases.flatMap((phase) => phase.steps);
  const running = steps.findIndex((step) => step.state === 'running');
  const from = running === -1 ? 0 : running + 1;
  return steps.slice(from).find((step) => step.state === 'pending' || step.state === 'waiting-confirm')?.id;
}

/** "phase 2/5": the phase of the running step, else of the next one; undefined before and after. */
export function phaseProgress(phases: readonly PhaseItem[]): { number: number; of: number } | undefined {
  const next = nextStepId(phases);
  const index = phases.findIndex((phase) =>
    phase.steps.some(
      (step) => step.state === 'running' || step.state === 'waiting-confirm' || step.id === next,
    ),
  );
  return index === -1 ? undefined : { number: index + 1, of: phases.length };
}

/** Rows in plan order, and the row to keep visible (running, else failed, else next, else the last). */
export function stepRows(phases: readonly PhaseItem[]): { rows: StepRow[]; focus: number } {
  const next = nextStepId(phases);
  const rows: StepRow[] = [];
  for (const [index, phase] of phases.entries()) {
    const done = phase.steps.filter((step) => step.state === 'ok' || step.state === 'skipped').length;
    rows.push({ kind: 'phase', phase, done, number: index + 1, of: phases.length });
    for (const step of phase.steps) rows.push({ kind: 'step', step, next: step.id === next });
  }
  const find = (predicate: (row: StepRow) => boolean): number => rows.findIndex(predicate);
  const running = find(
    (row) => row.kind === 'step' && (row.step.state === 'running' || row.step.state === 'waiting-confirm'),
  );
  const nextRow = find((row) => row.kind === 'step' && row.next);
  const failed = find((row) => row.kind === 'step' && row.step.state === 'failed');
  // A finished run (nothing running, failed or next) keeps its end in view: where it ended is what a
  // reopened or just-finished run is read for; its first phase hid everything after it at 24 rows.
  const focus = [running, failed, nextRow].find((index) => index !== -1) ?? Math.max(0, rows.length - 1);
  return { rows, focus };
}
