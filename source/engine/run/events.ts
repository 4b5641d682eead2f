// The event stream of a run: the runner emits it, the run-state reducer, the UI and the journal consume it.
// Every string in an event has passed through the redactor before it is emitted.
import type { CheckGroup, RollbackScope } from '../../profile/schema.js';
import type { LiveRelease } from './live-state.js';
import type { HolderVerdict } from './lock-holder.js';
import type { Redactor } from './redaction.js';

/** What kind of run this is; verify and assess are read-only by construction. */
export type RunMode = 'deploy' | 'verify' | 'assess' | 'rollback' | 'plan-check' | 'fix';

/** Why a step failed, with what to do next (DESIGN.md, style rule 7). */
export type StepFailure = {
  host: string;
  stepId: string;
  /** The redacted command, or a description for non-command actions. */
  command: string;
  exitCode: number | null;
  signal: string | null;
  /** The last 20 lines of stderr (redacted). */
  stderrTail: string[];
  message: string;
  /** What the operator can do next, one sentence. */
  hint: string;
};

/** The operator's answer to a failed step. */
export type FailureDecision = 'retry' | 'skip' | 'rollback' | 'abort';

/** How each host was left when the run ended. */
export type HostState = {
  host: string;
  /** The last step that finished ok on this host, if any. */
  lastCompletedStep: string | null;
  /** The step running or failed when the run ended. */
  interruptedStep: string | null;
  /** Live release after the run (when known from release actions). */
  release: string | null;
  /** What is known to be live, from the readlink the switch ran (absent in journals written before it). */
  live?: LiveRelease;
  connection: 'idle' | 'connecting' | 'connected' | 'lost' | 'closed' | 'unknown';
};

export type LockInfo = {
  path: string;
  host: string;
  owner: string;
  holderHost: string;
  pid: string;
  started: number;
  heartbeat: number;
  /** The run id of the holder (absent in info files written before it was recorded). */
  run?: string;
  /** The holder process's start time (clock ticks since boot), to tell a reused pid from the holder. */
  pidStart?: string;
  /** Whether the holder is provably dead, as judged by the console that found the lock held. */
  verdict?: HolderVerdict;
  /** Seconds since the last heartbeat, null when unknown. */
  ageSeconds: number | null;
  stale: boolean;
};

/** Every event of a run, discriminated by `type`. `at` is an ISO timestamp. */
export type RunEvent =
  | {
      type: 'run-started';
      runId: string;
      mode: RunMode;
      profile: string;
      operator: string;
      at: string;
      resumedFrom?: string;
      /** A partial deploy: the part of the profile it runs (`deploy --only NAME`). */
      only?: string;
    }
  | { type: 'phase-started'; phaseId: string; title: string; at: string }
  | {
      type: 'step-started';
      phaseId: string;
      stepId: string;
      host: string;
      title: string;
      command?: string;
      description?: string;
      at: string;
    }
  | {
      type: 'output';
      host: string;
      stepId: string | null;
      stream: 'stdout' | 'stderr';
      line: string;
      at: string;
    }
  | {
      type: 'command-finished';
      host: string;
      stepId: string | null;
      command: string;
      exitCode: number | null;
      signal: string | null;
      durationMs: number;
      /** Upkeep the operator did not ask for (lock heartbeats): the command log hides it by default. */
      housekeeping?: true;
      at: string;
    }
  | {
      type: 'step-finished';
      stepId: string;
      outcome: 'ok' | 'failed' | 'skipped';
      durationMs: number;
      failure?: StepFailure;
      /** Why a step was skipped (resume, operator, read-only refusal). */
      reason?: string;
      at: string;
    }
  | { type: 'confirm-requested'; stepId: string; host: string; changes?: string; undo?: string; at: string }
  | { type: 'confirm-answered'; stepId: string; answer: 'yes' | 'no'; by: string; at: string }
  /** The operator cancelled a gate after the run changed something, and chose this. */
  | { type: 'leave-decided'; stepId: string; choice: 'back' | 'pause' | 'rollback'; by: string; at: string }
  | { type: 'form-requested'; formId: string; stepId: string; at: string }
  | { type: 'form-submitted'; formId: string; values: Record<string, string>; cancelled: boolean; at: string }
  | { type: 'fact-recorded'; name: string; value: string; at: string }
  | { type: 'failure-decided'; stepId: string; decision: FailureDecision; by: string; at: string }
  | { type: 'check-started'; checkId: string; group: CheckGroup; title: string; at: string }
  | {
      type: 'check-finished';
      checkId: string;
      group: CheckGroup;
      outcome: 'pass' | 'fail' | 'skipped';
      detail: string;
      /** A failure's last output lines (redacted). */
      output?: string[];
      at: string;
    }
  | { type: 'lock-acquired'; host: string; path: string; at: string }
  | { type: 'lock-released'; host: string; path: string; at: string }
  | { type: 'lock-held'; lock: LockInfo; at: string }
  | { type: 'rollback-proposed'; scope: RollbackScope; reason: string; at: string }
  | {
      type: 'run-finished';
      outcome: 'ok' | 'failed' | 'aborted';
      hostStates: HostState[];
      message?: string;
      at: string;
    };

/** A listener of the event stream. */
export type RunListener = (event: RunEvent) => void;

/** Distributes events to subscribers; a throwing subscriber never breaks the run. */
export class EventBus {
  private readonly listeners = new Set<RunListener>();

  subscribe(listener: RunListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: RunEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A UI or journal bug must not stop a half-done deploy; the journal records its own errors.
      }
    }
  }
}

/**
 * The event with every secret masked. An output line, by far the most frequent event (a noisy step prints
 * them by the hundred thousand), can hold one only in its text: that alone is redacted, without the deep
 * copy every other event gets.
 */
export function redactEvent(redactor: Redactor, event: RunEvent): RunEvent {
  if (event.type !== 'output') return redactor.redactDeep(event);
  // a literal, not a spread: one object of one shape per line keeps the hot path cheap
  const { host, stepId, stream, line, at } = event;
  return { type: 'output', host, stepId, stream, line: redactor.redact(line), at };
}
