// The run as the UI sees it: a pure reducer over RunEvents (the UI reads it with useSyncExternalStore).
import type { CheckGroup } from '../../profile/schema.js';
import type { HostState, LockInfo, RunEvent, RunMode, StepFailure } from './events.js';

export type StepStatus = 'pending' | 'waiting-confirm' | 'running' | 'ok' | 'failed' | 'skipped';

/** One step's line in the step list. */
export type StepState = {
  id: string;
  phaseId: string;
  title: string;
  host: string;
  status: StepStatus;
  command?: string;
  description?: string;
  durationMs?: number;
  /** When the step last started (ISO), for the running step's elapsed time. */
  startedAt?: string;
  failure?: StepFailure;
  reason?: string;
};

export type PhaseState = { id: string; title: string; stepIds: string[] };

export type CheckState = {
  id: string;
  group: CheckGroup;
  title: string;
  outcome: 'running' | 'pass' | 'fail' | 'skipped';
  detail: string;
  /** A failure's last output lines (redacted). */
  output?: string[];
};

/** One line of the command log pane (every remote command, redacted). */
export type CommandLogEntry = {
  host: string;
  stepId: string | null;
  command: string;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** Lock heartbeats and other upkeep: hidden in the command log unless asked for. */
  housekeeping?: true;
  at: string;
};

export type LockState =
  | { kind: 'none' }
  | { kind: 'held-by-us'; host: string; path: string; since: string }
  | { kind: 'held-by-other'; lock: LockInfo }
  | { kind: 'released'; host: string; path: string };

export type RunState = {
  runId: string | null;
  mode: RunMode | null;
  profile: string | null;
  operator: string | null;
  startedAt: string | null;
  phases: PhaseState[];
  steps: Record<string, StepState>;
  currentStepId: string | null;
  checks: Record<CheckGroup, CheckState[]>;
  facts: Record<string, string>;
  lock: LockState;
  commandLog: CommandLogEntry[];
  rollbackProposed: { scope: string; reason: string } | null;
  outcome: 'running' | 'ok' | 'failed' | 'aborted' | null;
  hostStates: HostState[];
  message: string | null;
};

/** Entries kept in the command log (older ones drop off; the journal keeps them all). */
export const commandLogCap = 500;

export const initialRunState: RunState = {
  runId: null,
  mode: null,
  profile: null,
  operator: null,
  startedAt: null,
  phases: [],
  steps: {},
  currentStepId: null,
  checks: { Application: [], Observability: [], Integration: [] },
  facts: {},
  lock: { kind: 'none' },
  commandLog: [],
  rollbackProposed: null,
  outcome: null,
  hostStates: [],
  message: null,
};

/** Seeds the step list from a plan so that pending steps show before they run. */
export function withPlannedSteps(
  state: RunState,
  phases: { id: string; title: string; steps: { id: string; title: string; host: string }[] }[],
): RunState {
  const steps: Record<string, StepState> = { ...state.steps };
  for (const phase of phases) {
    for (const step of phase.steps) {
      steps[step.id] ??= {
        id: step.id,
        phaseId: phase.id,
        title: step.title,
        host: step.host,
        status: 'pending',
      };
    }
  }
  return {
    ...state,
    phases: phases.map((p) => ({ id: p.id, title: p.title, stepIds: p.steps.map((s) => s.id) })),
    steps,
  };
}

/**
 * A step the plan did not list (the deploy lock a rollback takes first) goes where it ran: before the
 * phase's first step that has not started yet, so the list reads in the order steps ran and will run.
 */
function inRunOrder(state: RunState, stepIds: readonly string[], added: string): string[] {
  const next = stepIds.findIndex((id) => (state.steps[id]?.status ?? 'pending') === 'pending');
  return next === -1 ? [...stepIds, added] : [...stepIds.slice(0, next), added, ...stepIds.slice(next)];
}

function updateStep(state: RunState, id: string, change: Partial<StepState>): RunState {
  const previous = state.steps[id];
  if (previous === undefined) return state;
  return { ...state, steps: { ...state.steps, [id]: { ...previous, ...change } } };
}

/** A step starts: listed in its phase (in run order when the plan did not list it) and marked running. */
function stepStarted(state: RunState, event: Extract<RunEvent, { type: 'step-started' }>): RunState {
  const known = state.steps[event.stepId] !== undefined;
  const phases = known
    ? state.phases
    : state.phases.map((p) =>
        p.id === event.phaseId ? { ...p, stepIds: inRunOrder(state, p.stepIds, event.stepId) } : p,
      );
  const step: StepState = {
    ...(state.steps[event.stepId] ?? { id: event.stepId, phaseId: event.phaseId }),
    id: event.stepId,
    phaseId: event.phaseId,
    title: event.title,
    host: event.host,
    status: 'running',
    startedAt: event.at,
    ...(event.command !== undefined ? { command: event.command } : {}),
    ...(event.description !== undefined ? { description: event.description } : {}),
  };
  return {
    ...state,
    phases,
    steps: { ...state.steps, [event.stepId]: step },
    currentStepId: event.stepId,
  };
}

/** A check's verdict replaces its running row (or adds a row for a check never announced). */
function checkFinished(state: RunState, event: Extract<RunEvent, { type: 'check-finished' }>): RunState {
  const list = state.checks[event.group];
  const found = list.some((c) => c.id === event.checkId);
  const verdict = {
    outcome: event.outcome,
    detail: event.detail,
    ...(event.output ? { output: event.output } : {}),
  };
  const updated = found
    ? list.map((c) => {
        if (c.id !== event.checkId) return c;
        const { output: _previous, ...rest } = c;
        return { ...rest, ...verdict };
      })
    : [...list, { id: event.checkId, group: event.group, title: event.checkId, ...verdict }];
  return { ...state, checks: { ...state.checks, [event.group]: updated } };
}

export function reduceRunState(state: RunState, event: RunEvent): RunState {
  switch (event.type) {
    case 'run-started':
      return {
        ...state,
        runId: event.runId,
        mode: event.mode,
        profile: event.profile,
        operator: event.operator,
        startedAt: event.at,
        outcome: 'running',
      };
    case 'phase-started': {
      if (state.phases.some((p) => p.id === event.phaseId)) return state;
      // A step may run before its phase starts (the deploy lock is taken first: early-lock.ts).
      const early = Object.values(state.steps)
        .filter((s) => s.phaseId === event.phaseId)
        .map((s) => s.id);
      return {
        ...state,
        phases: [...state.phases, { id: event.phaseId, title: event.title, stepIds: early }],
      };
    }
    case 'step-started':
      return stepStarted(state, event);
    case 'output':
      return state;
    case 'command-finished': {
      const entry: CommandLogEntry = {
        host: event.host,
        stepId: event.stepId,
        command: event.command,
        exitCode: event.exitCode,
        signal: event.signal,
        durationMs: event.durationMs,
        ...(event.housekeeping ? { housekeeping: event.housekeeping } : {}),
        at: event.at,
      };
      const log = state.commandLog.length >= commandLogCap ? state.commandLog.slice(1) : state.commandLog;
      return { ...state, commandLog: [...log, entry] };
    }
    case 'step-finished': {
      const next = updateStep(state, event.stepId, {
        status: event.outcome,
        durationMs: event.durationMs,
        ...(event.failure !== undefined ? { failure: event.failure } : {}),
        ...(event.reason !== undefined ? { reason: event.reason } : {}),
      });
      return { ...next, currentStepId: state.currentStepId === event.stepId ? null : state.currentStepId };
    }
    case 'confirm-requested':
      return {
        ...updateStep(state, event.stepId, { status: 'waiting-confirm' }),
        currentStepId: event.stepId,
      };
    case 'confirm-answered':
      return updateStep(state, event.stepId, { status: event.answer === 'yes' ? 'pending' : 'skipped' });
    case 'form-requested':
    case 'form-submitted':
    case 'failure-decided':
      return state;
    case 'fact-recorded':
      return { ...state, facts: { ...state.facts, [event.name]: event.value } };
    case 'check-started': {
      const list = state.checks[event.group].filter((c) => c.id !== event.checkId);
      const check: CheckState = {
        id: event.checkId,
        group: event.group,
        title: event.title,
        outcome: 'running',
        detail: '',
      };
      return { ...state, checks: { ...state.checks, [event.group]: [...list, check] } };
    }
    case 'check-finished':
      return checkFinished(state, event);
    case 'lock-acquired':
      return { ...state, lock: { kind: 'held-by-us', host: event.host, path: event.path, since: event.at } };
    case 'lock-released':
      return { ...state, lock: { kind: 'released', host: event.host, path: event.path } };
    case 'lock-held':
      return { ...state, lock: { kind: 'held-by-other', lock: event.lock } };
    case 'rollback-proposed':
      return { ...state, rollbackProposed: { scope: event.scope, reason: event.reason } };
    case 'leave-decided':
      return state;
    case 'run-finished':
      return {
        ...state,
        outcome: event.outcome,
        hostStates: event.hostStates,
        message: event.message ?? null,
        currentStepId: null,
      };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
