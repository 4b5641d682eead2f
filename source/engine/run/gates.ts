// The engine asks; the UI, a headless policy or a test answers (DESIGN.md: Engine ↔ UI).
import type { Form, RollbackScope, Step } from '../../profile/schema.js';
import type { ConfirmShown } from './confirm-shown.js';
import type { FailureDecision, LockInfo, RunMode, StepFailure } from './events.js';
import type { CancelPlan, LeaveChoice } from './cancel-plan.js';
import { holderName } from './lock-holder.js';

/** What the confirmation dialog shows besides the step itself. */
export type ConfirmContext = {
  runId: string;
  mode: RunMode;
  host: string;
  command?: string;
  /** The step's texts rendered with the run's values (every template filled in, secrets masked). */
  shown?: ConfirmShown;
  typeHost: boolean;
  /** What Cancel does here (the dialog says it). */
  cancel: CancelPlan;
};
export type ConfirmAnswer = { answer: 'yes' | 'no'; by: string };
export type ConfirmGate = (step: Step, context: ConfirmContext) => Promise<ConfirmAnswer>;

/** A form to fill; values by field id (numbers as text). `cancel` stops the run. */
export type FormRequest = {
  id: string;
  form: Form;
  stepId: string;
  cancel?: CancelPlan;
  /**
   * The form's live values (forms.<id>.live) were read: `complete` when every field is pre-filled with a
   * valid live one (the defaults are then the live values; a secret left empty keeps the live one).
   */
  live?: { complete: boolean; missing: string[] };
};
/** `refused`: the form cannot be answered here (headless without --values and no live values), why. */
export type FormAnswer = { values: Record<string, string>; by: string } | { refused: string } | 'cancel';
export type FormGate = (request: FormRequest) => Promise<FormAnswer>;

/** What the failure dialog may offer: skip only for non-critical steps, rollback only after a switch. */
export type FailureContext = { canSkip: boolean; rollback: RollbackScope | null; attempt: number };
export type FailureGate = (failure: StepFailure, context: FailureContext) => Promise<FailureDecision>;

/**
 * Asked when the lock is held by someone whose run is provably dead (stale heartbeat, or a dead process on
 * this machine): the typed holder name takes it over; null keeps it.
 */
export type TakeoverGate = (lock: LockInfo) => Promise<{ typed: string; by: string } | null>;

/**
 * Asked when the operator cancels a gate after the run changed something: go back to the gate, pause (stop
 * here, resumable) or roll back what was done. Without it (headless) a cancel pauses.
 */
export type LeaveRequest = { stepId: string; title: string; plan: Extract<CancelPlan, { kind: 'ask' }> };
export type LeaveGate = (request: LeaveRequest) => Promise<LeaveChoice>;

export type Gates = {
  confirm: ConfirmGate;
  form: FormGate;
  leave?: LeaveGate;
  failure: FailureGate;
  takeover?: TakeoverGate;
};

/** Headless answers (`--plain`): never guesses. Critical steps need --yes; forms need --values. */
export function headlessGates(options: {
  yes: boolean;
  operator: string;
  values?: Record<string, Record<string, string>>;
  /** `--take-over-lock HOLDER`: the holder (`owner@host`) whose dead run's lock may be taken over. */
  takeOverLock?: string;
}): Gates {
  const { takeOverLock } = options;
  return {
    confirm: async () => ({
      answer: options.yes ? 'yes' : 'no',
      by: options.yes ? `${options.operator} (--yes)` : 'headless',
    }),
    form: async (request) => {
      const values = options.values?.[request.id];
      if (values) return { values, by: `${options.operator} (--values)` };
      // Without --values the live values are the answer, but only when every field has one: the steps
      // that store them then find nothing changed and skip. Otherwise --values is needed, as always.
      if (request.live?.complete)
        return { values: {}, by: `${options.operator} (the live values, no --values)` };
      if (request.live === undefined) return 'cancel';
      return {
        refused: `the form ${request.id} needs --values FILE (YAML or JSON: field → value) and its secret from --password-stdin or the environment: its live values are incomplete (${request.live.missing.join('; ')}). Nothing was changed.`,
      };
    },
    // With --yes a proposed rollback is performed; otherwise stop and leave the decision to the operator.
    failure: async (_failure, context) => (context.rollback !== null && options.yes ? 'rollback' : 'abort'),
    // Asked only when the holder is provably dead; the flag must name that very holder.
    ...(takeOverLock !== undefined && {
      takeover: async (lock: LockInfo) =>
        holderName(lock) === takeOverLock
          ? { typed: lock.owner, by: `${options.operator} (--take-over-lock)` }
          : null,
    }),
  };
}
