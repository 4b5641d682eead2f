// The run screen's status line: what runs now or next, and how the run ended with what to do next.
import type { RunSnapshot } from '../session/run-session.js';
import { formatDuration } from '../../format-duration.js';
import { nextStepId, phaseProgress } from '../../step-view.js';
import { phaseItems, stepProgress } from '../session/run-views.js';

/** One line for the operator: "Running: Migrate on landsraad · 12.0s · phase 2/5 · 4/9 steps" or the outcome. */
export function runStatusLine(snapshot: RunSnapshot, mode: string, now?: number): string {
  const { state, summary, error } = snapshot;
  const { done, total } = stepProgress(state);
  const steps = `${done}/${total} steps`;
  const phase = summary === null ? phaseProgress(phaseItems(state)) : undefined;
  const progress = phase === undefined ? steps : `phase ${phase.number}/${phase.of} · ${steps}`;
  if (error !== null) return `✗ ${mode} could not run: ${error} · Esc back`;
  if (summary !== null) {
    const ended =
      summary.outcome === 'ok'
        ? `✓ ${mode} finished`
        : summary.outcome === 'aborted'
          ? `⊘ ${mode} aborted`
          : `✗ ${mode} failed (exit ${summary.exitCode})`;
    const message = summary.message ? `: ${summary.message}` : '';
    // A resumable deploy names its key first: the message after it may be cut at the terminal's width.
    if (summary.resumable && mode === 'deploy')
      return `${ended} · u resume · Esc back · R rollback${message} · ${steps}`;
    return `${ended}${message} · ${steps} · Esc back · R rollback`;
  }
  const current = state.currentStepId === null ? undefined : state.steps[state.currentStepId];
  // A form has no Cancel button to label: what Esc does is said here, before the progress (cut first).
  const gate = snapshot.gate;
  if (gate?.kind === 'form' && gate.request.cancel && current !== undefined)
    return `Waiting for you: ${current.title} on ${current.host} · Esc cancels: ${gate.request.cancel.note} · ${progress}`;
  // The leave question comes once the cancelled step is no longer current: say what it waits for, never the
  // next step (which read as if the run carried on).
  if (gate?.kind === 'leave') {
    const ways = gate.request.plan.choices.includes('rollback')
      ? 'go back, pause or roll back'
      : 'go back or pause';
    return `Waiting for you: cancelled at ${gate.request.title} · ${ways} · ${progress}`;
  }
  if (gate !== null && current !== undefined)
    return `Waiting for you: ${current.title} on ${current.host} · ${progress}`;
  if (current !== undefined) {
    const elapsed =
      now === undefined || current.startedAt === undefined
        ? ''
        : ` · ${formatDuration(Math.max(0, now - Date.parse(current.startedAt)))}`;
    return `Running: ${current.title} on ${current.host}${elapsed} · ${progress}`;
  }
  const next = nextStepId(phaseItems(state));
  const nextStep = next === undefined ? undefined : state.steps[next];
  return nextStep === undefined
    ? `${mode} · ${progress}`
    : `Next: ${nextStep.title} on ${nextStep.host} · ${progress}`;
}
