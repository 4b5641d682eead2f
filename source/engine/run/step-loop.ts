// One step from confirmation to outcome: confirm (critical) → run → facts → on failure ask the
// FailureGate (retry · skip · rollback · abort). The runner calls this for every step of every phase.
import type { InterpolationContext } from '../../profile/interpolate.js';
import type { RollbackScope, Step } from '../../profile/schema.js';
import { RunAborted, raceAbort, stopCause, stopMessage } from './abort.js';
import { FormCancelled } from '../actions/action-form.js';
import { describeAction, dispatchAction } from '../actions/action-dispatch.js';
import { cancelPlanOf } from './cancel-facts.js';
import type { LeaveChoice } from './cancel-plan.js';
import { confirmShown } from './confirm-shown.js';
import type { FailureDecision } from './events.js';
import { asStepError, isTransportError } from './failure.js';
import { recordFact } from './facts.js';
import type { RunContext, StepContext } from './run-context.js';
import { stepAction, isMutating, type StepAction } from '../../profile/step-action.js';
import { runText, runWritten } from './run-text.js';
import { evaluateWhen } from './step-when.js';
import { readWhenView } from './when-live.js';
import type { When } from '../../profile/when-schema.js';

/** How a step ended, as far as the rest of the run is concerned. */
export type StepResult =
  | { kind: 'ok' }
  | { kind: 'failed'; connection: boolean }
  /** `note`: why the run stopped when the operator chose to (a pause says how to resume). */
  | { kind: 'aborted'; note?: string }
  /** `cancelled`: the operator chose the rollback when leaving (no step failed). */
  | { kind: 'rollback'; scope: RollbackScope; reason: string; cancelled?: boolean };

export type StepOptions = {
  /** Completed in the run being resumed: skip it (unless it only asks or reads). */
  alreadyDone: boolean;
  /** A rollback the operator already chose: no confirmation, no nested rollback proposal. */
  inRollback: boolean;
};

/** Steps re-run on resume although completed: they change nothing, or they are the lock itself. */
function rerunsOnResume(step: Step, action: StepAction): boolean {
  return (
    action.kind === 'form' ||
    action.kind === 'lock' ||
    action.kind === 'unlock' ||
    step.mutates === false ||
    (action.kind === 'http' && action.http.method !== 'POST')
  );
}

export async function runStep(
  run: RunContext,
  phaseId: string,
  step: Step,
  options: StepOptions,
): Promise<StepResult> {
  const ctx: StepContext = { run, step, phaseId, held: null };
  const at = performance.now();
  let action: StepAction;
  try {
    action = stepAction(step);
  } catch (error) {
    const result = await fail(ctx, error, at, { canSkip: false, rollback: null, attempt: 1 });
    return result === 'retry' ? { kind: 'failed', connection: false } : result;
  }
  if (options.alreadyDone && !rerunsOnResume(step, action)) {
    run.emit({
      type: 'step-finished',
      stepId: step.id,
      outcome: 'skipped',
      durationMs: 0,
      reason: 'completed in the resumed run',
    });
    run.memory.lastCompleted.set(step.host, step.id);
    // The switch happened in the resumed run: a later post-switch failure must still propose the rollback.
    if (action.kind === 'release' && action.release.op === 'activate') run.memory.activated.add(step.host);
    return { kind: 'ok' };
  }
  if (step.when !== undefined && !options.inRollback) {
    const skip = await whenSkips(ctx, step.when);
    if (skip !== null) {
      run.emit({ type: 'step-finished', stepId: step.id, outcome: 'skipped', durationMs: 0, reason: skip });
      return { kind: 'ok' };
    }
  }
  if (step.critical && !options.inRollback) {
    try {
      const asked = await confirmOrLeave(ctx, action);
      if (asked !== 'yes') return asked;
    } catch (error) {
      if (error instanceof RunAborted) return { kind: 'aborted' };
      throw error;
    }
  }
  for (let attempt = 1; ; attempt += 1) {
    const started = performance.now();
    run.emit({
      type: 'step-started',
      phaseId,
      stepId: step.id,
      host: step.host,
      title: step.title,
      ...shownAction(ctx, action),
    });
    ctx.held = step.secret_paths ? [] : null;
    run.memory.interrupted.set(step.host, step.id);
    if (action.kind !== 'lock' && action.kind !== 'unlock' && isMutating(step)) run.memory.changed = true;
    try {
      const out = await dispatchAction(ctx, action);
      if (step.save_as)
        recordFact(run, step.save_as, out.output ?? '', { secretPaths: step.secret_paths ?? [] });
      flushHeld(ctx, true);
      run.emit({ type: 'step-finished', stepId: step.id, outcome: 'ok', durationMs: elapsed(started) });
      run.memory.interrupted.delete(step.host);
      run.memory.lastCompleted.set(step.host, step.id);
      return { kind: 'ok' };
    } catch (error) {
      flushHeld(ctx, false);
      if (error instanceof FormCancelled && !run.signal.aborted) {
        const left = await leave(ctx, error.message);
        if (left === 'back') continue;
        run.emit({
          type: 'step-finished',
          stepId: step.id,
          outcome: 'failed',
          durationMs: elapsed(started),
          reason: error.message,
        });
        return left;
      }
      const rollback =
        !options.inRollback && step.on_failure && run.memory.activated.size > 0
          ? step.on_failure.rollback
          : null;
      const result = await fail(ctx, error, started, { canSkip: !step.critical, rollback, attempt });
      if (result !== 'retry') return result;
    }
  }
}

/**
 * Reads what the step's `when:` needs and evaluates it: the evidence when the step is skipped, else null
 * (its evidence, or why it could not be read, goes to the step's output: a step never skips on a guess).
 */
export async function whenSkips(ctx: StepContext, when: When): Promise<string | null> {
  const verdict = evaluateWhen(when, ctx.step.id, await readWhenView(ctx, when));
  if (verdict.kind === 'skip') return verdict.evidence;
  const line =
    verdict.kind === 'run'
      ? `runs: ${verdict.evidence}`
      : `runs: could not tell whether it is done (${verdict.why})`;
  ctx.run.emit({ type: 'output', host: 'console', stepId: ctx.step.id, stream: 'stdout', line });
  return null;
}

async function fail(
  ctx: StepContext,
  error: unknown,
  started: number,
  context: { canSkip: boolean; rollback: RollbackScope | null; attempt: number },
): Promise<StepResult | 'retry'> {
  const { run, step } = ctx;
  if (error instanceof FormCancelled || error instanceof RunAborted || run.signal.aborted) {
    const reason = error instanceof FormCancelled ? error.message : stopMessage(stopCause(run.signal));
    run.emit({
      type: 'step-finished',
      stepId: step.id,
      outcome: 'failed',
      durationMs: elapsed(started),
      reason,
    });
    return { kind: 'aborted' };
  }
  const failure = asStepError(ctx, error).failure;
  run.emit({
    type: 'step-finished',
    stepId: step.id,
    outcome: 'failed',
    durationMs: elapsed(started),
    failure,
  });
  if (context.rollback)
    run.emit({ type: 'rollback-proposed', scope: context.rollback, reason: failure.message });
  let decision: FailureDecision;
  try {
    decision = await raceAbort(run.gates.failure(failure, context), run.signal);
  } catch {
    return { kind: 'aborted' };
  }
  run.emit({ type: 'failure-decided', stepId: step.id, decision, by: run.operator });
  const connection =
    isTransportError(error) &&
    ['unreachable', 'host-key-unknown', 'host-key-changed', 'auth-failed'].includes(error.kind);
  switch (decision) {
    case 'retry':
      return 'retry';
    case 'skip':
      if (!context.canSkip) return { kind: 'failed', connection };
      run.emit({
        type: 'step-finished',
        stepId: step.id,
        outcome: 'skipped',
        durationMs: 0,
        reason: 'skipped by the operator after a failure',
      });
      run.memory.interrupted.delete(step.host);
      return { kind: 'ok' };
    case 'rollback': {
      const scope = context.rollback ?? step.on_failure?.rollback ?? null;
      return scope ? { kind: 'rollback', scope, reason: failure.message } : { kind: 'failed', connection };
    }
    case 'abort':
      return { kind: 'failed', connection };
    default: {
      const unreachable: never = decision;
      return unreachable;
    }
  }
}

/** Asks the confirmation; a `no` after the run changed something asks the leave gate (back asks again). */
async function confirmOrLeave(ctx: StepContext, action: StepAction): Promise<'yes' | StepResult> {
  for (;;) {
    if (await confirmed(ctx, action)) return 'yes';
    const left = await leave(ctx, `declined at ${ctx.step.id}`);
    if (left !== 'back') return left;
  }
}

/**
 * The operator cancelled a gate. Before any change the run stops; after one the leave gate chooses: back to
 * the gate, pause (stop, resumable, the resume command in the message) or roll back what was done.
 */
async function leave(ctx: StepContext, why: string): Promise<'back' | StepResult> {
  const { run, step } = ctx;
  const plan = cancelPlanOf(run, step.id);
  if (plan.kind === 'stop') return { kind: 'aborted', note: `${why}: ${plan.note}` };
  const choice: LeaveChoice = run.gates.leave
    ? await raceAbort(run.gates.leave({ stepId: step.id, title: step.title, plan }), run.signal)
    : 'pause';
  run.emit({ type: 'leave-decided', stepId: step.id, choice, by: run.operator });
  switch (choice) {
    case 'back':
      return 'back';
    case 'pause':
      return {
        kind: 'aborted',
        note: `paused at ${step.id} (${why}); ${plan.hosts.join('; ')}; continue with \`${plan.resume}\``,
      };
    case 'rollback':
      return plan.rollback === null
        ? {
            kind: 'aborted',
            note: `paused at ${step.id}: nothing to roll back; continue with \`${plan.resume}\``,
          }
        : {
            kind: 'rollback',
            scope: plan.rollback,
            reason: `${why}, the operator chose to roll back`,
            cancelled: true,
          };
    default: {
      const unreachable: never = choice;
      return unreachable;
    }
  }
}

async function confirmed(ctx: StepContext, action: StepAction): Promise<boolean> {
  const { run, step } = ctx;
  run.emit({
    type: 'confirm-requested',
    stepId: step.id,
    host: step.host,
    ...(step.changes !== undefined ? { changes: step.changes } : {}),
    ...(step.undo !== undefined ? { undo: step.undo } : {}),
  });
  const shown = shownAction(ctx, action);
  const answer = await raceAbort(
    run.gates.confirm(step, {
      runId: run.runId,
      mode: run.mode,
      host: step.host,
      ...(shown.command !== undefined ? { command: shown.command } : {}),
      shown: confirmShown(run.profile, run.scope, step, action, (text) => run.redactor.redact(text)),
      typeHost: run.profile.settings.type_host_to_confirm,
      cancel: cancelPlanOf(run, step.id),
    }),
    run.signal,
  );
  run.emit({ type: 'confirm-answered', stepId: step.id, answer: answer.answer, by: answer.by });
  if (answer.answer === 'no') {
    run.emit({
      type: 'step-finished',
      stepId: step.id,
      outcome: 'skipped',
      durationMs: 0,
      reason: `declined by ${answer.by}`,
    });
  }
  return answer.answer === 'yes';
}

/** The exact (redacted) command of a run step, or a description for other actions. */
function shownAction(ctx: StepContext, action: StepAction): { command?: string; description?: string } {
  if (action.kind !== 'run')
    return {
      description: ctx.run.redactor.redact(
        describeAction(action, (template) => ctx.run.scope.render(template, 'plain')),
      ),
    };
  try {
    const render = (template: string, context: InterpolationContext) =>
      ctx.run.scope.render(template, context);
    return { command: ctx.run.redactor.redact(runText(action.run, render)) };
  } catch {
    return { command: runWritten(action.run) };
  }
}

/** Emits held output once the step's secrets are known; a failed step's held output is withheld. */
function flushHeld(ctx: StepContext, ok: boolean): void {
  const held = ctx.held;
  ctx.held = null;
  if (!held || held.length === 0) return;
  if (!ok) {
    ctx.run.emit({
      type: 'output',
      host: ctx.step.host,
      stepId: ctx.step.id,
      stream: 'stderr',
      line: `(${held.length} lines withheld: this step handles secrets)`,
    });
    return;
  }
  const redactors = { stdout: ctx.run.redactor.lineRedactor(), stderr: ctx.run.redactor.lineRedactor() };
  for (const { host, stream, line } of held) {
    ctx.run.emit({ type: 'output', host, stepId: ctx.step.id, stream, line: redactors[stream].line(line) });
  }
}

const elapsed = (since: number): number => Math.round((performance.now() - since) * 10) / 10;
