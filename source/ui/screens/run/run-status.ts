// The run screen's status line: what runs now or next, and how the run ended with what to do next.
import type { RunSnapshot } from '../session/run-session.js';
import { nextStepId } from '../../step-view.js';
import { phaseItems, stepProgress } from '../session/run-views.js';

/** One line for the operator: "Running: Migrate on landsraad · 4/9 steps" or the outcome. */
export function runStatusLine(snapshot: RunSnapshot, mode: string): string {
  const { state, summary, error } = snapshot;
  const { done, total } = stepProgress(state);
  const progress = `${done}/${total} steps`;
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
      return `${ended} · u resume · Esc back · R rollback${message} · ${progress}`;
    return `${ended}${message} · ${progress} · Esc back · R rollback`;
  }
  const current = state.currentStepId === null ? undefined : state.steps[state.currentStepId];
  // A form has no Cancel button to label: what Esc does is said here, before the progress (cut first).
  const gate = snapshot.gate;
  if (gate?.kind === 'form' && gate.request.cancel && current !== undefined)
    return `Waiting for you: ${current.title} on ${current.host} · Esc cancels: ${gate.request.cancel.note} · ${progress}`;
  if (gate !== null && current !== undefined)
    return `Waiting for you: ${current.title} on ${current.host} · ${progress}`;
  if (current !== undefined) return `Running: ${current.title} on ${current.host} · ${progress}`;
  const next = nextStepId(phaseItems(state));
  const nextStep = next === undefined ? undefined : state.steps[next];
  return nextStep === undefined
    ? `${mode} · ${progress}`
    : `Next: ${nextStep.title} on ${nextStep.host} · ${progress}`;
}
