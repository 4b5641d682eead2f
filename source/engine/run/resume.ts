// What `deploy --resume` needs from a journal: the steps already completed and the facts learnt, so the
// new run continues after the last completed step without repeating side effects.
import type { RunEvent } from './events.js';
import { mask } from './redaction.js';

export type ResumeState = {
  /** The run being resumed. */
  runId: string;
  completedSteps: Set<string>;
  lastCompletedStep: string | null;
  /** Facts by name (JSON-parsed when they were JSON); facts that were redacted are left out. */
  facts: Record<string, unknown>;
  /** How the resumed run ended (null: it never finished, e.g. a crash). */
  outcome: 'ok' | 'failed' | 'aborted' | null;
  /** The part a partial deploy ran (`deploy --only NAME`); null for a whole deploy. */
  only: string | null;
};

/** Built-in facts the release actions set; they go back to the scope as built-ins. */
export const builtinFacts = ['release_id', 'release_path', 'rollback_target', 'rollback_snapshot'] as const;

export function resumeState(events: RunEvent[]): ResumeState {
  const start = events.find((e) => e.type === 'run-started');
  if (!start || start.type !== 'run-started')
    throw new Error('not a run journal: it has no run-started event');
  const state: ResumeState = {
    runId: start.runId,
    completedSteps: new Set(),
    lastCompletedStep: null,
    facts: {},
    outcome: null,
    only: start.only ?? null,
  };
  for (const event of events) {
    switch (event.type) {
      case 'step-finished':
        // A step skipped because an earlier resume found it done stays done.
        if (
          event.outcome === 'ok' ||
          (event.outcome === 'skipped' && event.reason === 'completed in the resumed run')
        ) {
          state.completedSteps.add(event.stepId);
          state.lastCompletedStep = event.stepId;
        }
        break;
      case 'fact-recorded':
        if (event.value.includes(mask)) delete state.facts[event.name];
        else state.facts[event.name] = parse(event.value);
        break;
      case 'run-finished':
        state.outcome = event.outcome;
        break;
      default:
        break;
    }
  }
  return state;
}

function parse(value: string): unknown {
  try {
    const parsed = JSON.parse(value) as unknown;
    return typeof parsed === 'object' ? parsed : value;
  } catch {
    return value;
  }
}
