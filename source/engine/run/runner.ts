// The orchestrator: runs a plan (phases of steps, checks, probes, rollback steps) over a map host →
// Transport, emitting events; gates answer questions; an AbortSignal stops it cleanly.
import { hostname } from 'node:os';
import type { Phase, RollbackScope } from '../../profile/schema.js';
import type { Transport } from '../../transport/transport.js';
import { stopCause, stopMessage } from './abort.js';
import { runProbes, type ProbeResult } from '../assess/assess.js';
import { runChecklist, type CheckResult } from './checklist.js';
import {
  EventBus,
  redactEvent,
  type HostState,
  type RunEvent,
  type RunListener,
  type RunMode,
} from './events.js';
import { lockBeforePreflight, lockToTakeFirst } from './early-lock.js';
import { Journal } from './journal.js';
import { LockKeeper } from './lock-keeper.js';
import { mutatingItems } from './read-only.js';
import { Redactor } from './redaction.js';
import { describeRollback, type RollbackOutcome } from './recovery.js';
import { builtinFacts, type ResumeState } from './resume.js';
import type { RunContext, UnstampedEvent } from './run-context.js';
import { deployPreflight, preflightEntries } from './preflight-run.js';
import { newRunId } from './run-id.js';
import { RunScope, type BuiltinName } from './run-scope.js';
import { runStep, whenSkips, type StepResult } from './step-loop.js';
import type { RunOptions, RunPlan, RunSummary } from './run-types.js';

export type { RunOptions, RunPlan, RunSummary } from './run-types.js';

/** `new Date().toISOString()`, built once per millisecond (a burst of output shares it). */
function isoClock(): () => string {
  let last = -1;
  let text = '';
  return () => {
    const now = Date.now();
    if (now !== last) {
      last = now;
      text = new Date(now).toISOString();
    }
    return text;
  };
}

export class Runner {
  readonly runId: string;
  readonly redactor: Redactor;
  private readonly bus = new EventBus();
  private readonly context: RunContext;
  private readonly journal: Journal | null;
  private rollback: RollbackOutcome | null = null;

  /** The plan this runner runs (the step list shows its phases; engine/run/run-request.ts listedPhases). */
  get plan(): RunPlan {
    return this.options.plan;
  }

  constructor(private readonly options: RunOptions) {
    this.runId = options.runId ?? newRunId();
    this.redactor = options.redactor ?? new Redactor();
    const clock = isoClock();
    const emit = (event: UnstampedEvent): void => {
      // an output line is stamped in place (redactEvent copies it anyway): no spread per line
      const stamped =
        event.type === 'output' ? Object.assign(event, { at: clock() }) : { ...event, at: clock() };
      this.bus.emit(redactEvent(this.redactor, stamped as RunEvent));
    };
    this.journal = options.stateDir ? new Journal(options.stateDir, this.runId, this.redactor) : null;
    if (this.journal) this.bus.subscribe(this.journal.write);
    const scope = new RunScope(options.profile, options.runtimeVars ?? {});
    this.context = {
      runId: this.runId,
      mode: options.plan.mode,
      operator: options.operator,
      profile: options.profile,
      profileDir: options.profileDir ?? process.cwd(),
      transports: options.transports,
      redactor: this.redactor,
      scope,
      gates: options.gates,
      signal: options.signal ?? new AbortController().signal,
      memory: {
        connected: new Set(),
        lock: null,
        activated: new Set(),
        releases: new Map(),
        live: new Map(),
        configured: new Map(),
        lastCompleted: new Map(),
        interrupted: new Map(),
        unended: [],
        lockHeldBy: null,
        rollbackScope: null,
        built: new Map(),
        changed: false,
      },
      resumed: options.resume
        ? { runId: options.resume.runId, finished: options.resume.outcome !== null }
        : (options.recovers ?? null),
      consoleHost: hostname(),
      pid: process.pid,
      stateDir: options.stateDir ?? null,
      locks: new LockKeeper({
        runId: this.runId,
        transports: options.transports,
        emit,
        ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
      }),
      emit,
    };
    if (options.resume && options.plan.mode === 'deploy') this.inherit(options.resume);
    scope.setBuiltin('run_id', this.runId);
    scope.setBuiltin('operator', options.operator);
    scope.setBuiltin('profile_dir', this.context.profileDir);
    // the observability snapshot a rollback restores: empty = the one `latest` points at (set by --to / the picker)
    scope.setBuiltin('rollback_snapshot', '');
    for (const [name, value] of Object.entries({ ...options.resume?.facts, ...options.initialFacts })) {
      if ((builtinFacts as readonly string[]).includes(name))
        scope.setBuiltin(name as BuiltinName, String(value));
      else scope.setFact(name, value);
    }
  }

  /**
   * What the resumed run changed, known before any step is reached: its switch (the host runs the release it
   * built) and its config installs. A Cancel before this run reaches them must not call those hosts unchanged.
   */
  private inherit(resume: ResumeState): void {
    const { memory } = this.context;
    const built = resume.facts['release_id'];
    for (const step of this.options.profile.phases.flatMap((p) => p.steps)) {
      if (!resume.completedSteps.has(step.id)) continue;
      if (step.release?.op === 'activate') {
        memory.activated.add(step.host);
        if (typeof built === 'string') memory.built.set(step.host, built);
      }
      if (step.config !== undefined)
        memory.configured.set(step.id, {
          kind: 'changed',
          stepId: step.id,
          host: step.host,
          files: [step.config.target],
        });
    }
  }

  /** Subscribe before `run()`; returns the unsubscribe function. */
  subscribe(listener: RunListener): () => void {
    return this.bus.subscribe(listener);
  }

  get journalPath(): string | null {
    return this.journal?.path ?? null;
  }

  async run(): Promise<RunSummary> {
    const { plan } = this.options;
    const ctx = this.context;
    ctx.emit({
      type: 'run-started',
      runId: this.runId,
      mode: plan.mode,
      profile: this.options.profile.name,
      operator: this.options.operator,
      ...(this.options.resume ? { resumedFrom: this.options.resume.runId } : {}),
      ...(plan.mode === 'deploy' && plan.only !== undefined ? { only: plan.only } : {}),
    });
    // Known facts go into this run's journal too, so that resuming a resumed run still finds them.
    for (const [name, value] of Object.entries({
      ...this.options.resume?.facts,
      ...this.options.initialFacts,
    })) {
      ctx.emit({
        type: 'fact-recorded',
        name,
        value: typeof value === 'string' ? value : JSON.stringify(value),
      });
    }
    const refused = mutatingItems(plan.mode, plan);
    if (refused.length > 0) {
      const message = `${plan.mode} is read-only: refused before sending anything, because these change hosts: ${refused.join(', ')}. Mark read-only steps "mutates: false" or run them in deploy.`;
      return this.finish('failed', 2, message);
    }
    let checks: CheckResult[] = [];
    let probes: ProbeResult[] = [];
    let result: StepResult;
    try {
      // Whatever the forms accept is proven to work before the first change. The lock comes first even so: the
      // pre-flight connects to a host, and a second deploy started at once must stop (exit 4) having sent
      // nothing but its lock attempt.
      const done = this.options.resume?.completedSteps ?? new Set<string>();
      // `deploy --plan` re-reads the plan's deciding facts under the lock, so it takes the lock first too.
      const guard = plan.mode === 'deploy' ? this.options.planGuard : undefined;
      const lock =
        plan.mode === 'deploy' &&
        (guard !== undefined || preflightEntries(ctx.profile, plan.phases, done).length > 0)
          ? lockBeforePreflight(plan.phases, done, this.options.profile.phases)
          : null;
      const locked = lock
        ? await runStep(ctx, lock.phaseId, lock.step, { alreadyDone: false, inRollback: false })
        : null;
      if (guard !== undefined && (locked === null || locked.kind === 'ok')) {
        const answer = await guard();
        if (answer.moved) return this.finish('failed', 5, answer.message);
        ctx.emit({ type: 'output', host: 'console', stepId: null, stream: 'stdout', line: answer.note });
      }
      const preflight =
        locked !== null && locked.kind !== 'ok'
          ? ({ kind: 'step', result: locked } as const)
          : plan.mode === 'deploy'
            ? await deployPreflight(ctx, plan.phases, done)
            : null;
      if (preflight?.kind === 'refused') return this.finish('failed', 2, preflight.message);
      result = preflight?.kind === 'step' ? preflight.result : await this.runPhases(plan.phases ?? []);
      if (result.kind === 'ok' && plan.mode === 'verify') checks = await runChecklist(ctx, plan.checks);
      if (result.kind === 'ok' && plan.mode === 'assess') probes = await runProbes(ctx, plan.probes);
    } catch (error) {
      // a command cancelled by Ctrl-C or a lost terminal (the pre-flight's own, for one) is the stop, not a fault
      if (ctx.signal.aborted)
        return this.finish('aborted', 130, stopMessage(stopCause(ctx.signal)), { checks, probes });
      return this.finish(
        'failed',
        1,
        `internal error: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (ctx.signal.aborted || result.kind === 'aborted')
      return this.finish(
        'aborted',
        130,
        !ctx.signal.aborted && result.kind === 'aborted' && result.note !== undefined
          ? this.withUnended(result.note)
          : this.withUnended(stopMessage(stopCause(ctx.signal))),
        { checks, probes },
      );
    if (result.kind === 'rollback') {
      const rollback = await this.performRollback(result.scope);
      this.rollback = rollback;
      if (result.cancelled)
        return this.finish('aborted', 130, `${result.reason}; ${describeRollback(rollback, 'chosen')}`);
      return this.finish('failed', 1, `a step failed; ${describeRollback(rollback)}`);
    }
    if (result.kind === 'failed') {
      if (ctx.memory.lockHeldBy) return this.finish('failed', 4, 'the deploy lock is held by someone else');
      return this.finish('failed', result.connection ? 3 : 1, 'a step failed');
    }
    const failedChecks = checks.filter((c) => c.outcome !== 'pass').length;
    if (failedChecks > 0)
      return this.finish('failed', 1, `${failedChecks} of ${checks.length} checks failed`, {
        checks,
        probes,
      });
    return this.finish('ok', 0, null, { checks, probes });
  }

  private async runPhases(phases: Phase[], inRollback = false): Promise<StepResult> {
    const ctx = this.context;
    const done = this.options.resume?.completedSteps ?? new Set<string>();
    const early = inRollback ? null : lockToTakeFirst(phases, done, this.options.profile.phases);
    if (early) {
      // Its own step again when reached in order finds the lock held by this run and sends nothing.
      const taken = await runStep(ctx, early.phaseId, early.step, { alreadyDone: false, inRollback });
      if (taken.kind !== 'ok') return taken;
    }
    for (const phase of phases) {
      if (ctx.signal.aborted) return { kind: 'aborted' };
      ctx.emit({ type: 'phase-started', phaseId: phase.id, title: phase.title });
      const skipped = await phaseSkip(ctx, phase, inRollback);
      for (const step of phase.steps) {
        if (skipped !== null) {
          ctx.emit({
            type: 'step-finished',
            stepId: step.id,
            outcome: 'skipped',
            durationMs: 0,
            reason: skipped,
          });
          continue;
        }
        if (ctx.signal.aborted) return { kind: 'aborted' };
        const result = await runStep(ctx, phase.id, step, {
          alreadyDone: !inRollback && done.has(step.id),
          inRollback,
        });
        if (result.kind !== 'ok') return result;
      }
    }
    return { kind: 'ok' };
  }

  /** Runs the profile's rollback steps for the scope (all: app, then observability); done only if all ran ok. */
  private async performRollback(scope: RollbackScope): Promise<RollbackOutcome> {
    const targets: ('app' | 'observability')[] = scope === 'all' ? ['app', 'observability'] : [scope];
    let failedStep: string | null = null;
    let ok = true;
    for (const target of targets) {
      const rollback = this.options.profile.rollback[target];
      if (!rollback) {
        ok = false;
        continue;
      }
      const failed = (event: RunEvent) => {
        if (event.type === 'step-finished' && event.outcome === 'failed') failedStep ??= event.stepId;
      };
      const unsubscribe = this.bus.subscribe(failed);
      const result = await this.runPhases(
        [{ id: `rollback-${target}`, title: rollback.title, steps: rollback.steps }],
        true,
      );
      unsubscribe();
      if (result.kind === 'ok' && target === 'observability') this.context.memory.configured.clear();
      ok &&= result.kind === 'ok';
    }
    return { scope, outcome: ok ? 'done' : 'failed', failedStep };
  }

  /** The stop message, plus every command that may still run on its host and how to check (never "ended" unseen). */
  private withUnended(message: string): string {
    const unended = this.context.memory.unended;
    if (unended.length === 0) return message;
    const each = unended.map((u) => `step ${u.stepId} may still be running on ${u.host} (check: ${u.check})`);
    return `${message}; ${each.join('; ')}`;
  }

  private async finish(
    outcome: RunSummary['outcome'],
    exitCode: RunSummary['exitCode'],
    message: string | null,
    results: { checks?: CheckResult[]; probes?: ProbeResult[] } = {},
  ): Promise<RunSummary> {
    const ctx = this.context;
    await ctx.locks.release();
    const left = ctx.locks.left;
    if (left) {
      const note = `the deploy lock ${left.path} on ${left.host} is still held: \`chom-console deploy --resume\` takes it back`;
      message = message === null ? note : `${message}; ${note}`;
    }
    const hostStates = this.hostStates();
    ctx.emit({ type: 'run-finished', outcome, hostStates, ...(message !== null ? { message } : {}) });
    return {
      runId: this.runId,
      outcome,
      exitCode,
      message: message === null ? null : this.redactor.redact(message),
      hostStates,
      lockHeldBy: ctx.memory.lockHeldBy,
      checks: results.checks ?? [],
      probes: results.probes ?? [],
      journalPath: this.journalPath,
      rollback: this.rollback,
      configured: [...ctx.memory.configured.values()],
      switchedBefore: [...ctx.memory.activated].some((host) => !ctx.memory.live.has(host)),
      resumable:
        ctx.mode === 'deploy' &&
        outcome !== 'ok' &&
        exitCode !== 2 &&
        (ctx.memory.changed || ctx.resumed !== null) &&
        this.rollback?.outcome !== 'done',
    };
  }

  private hostStates(): HostState[] {
    const { memory } = this.context;
    return [...this.options.transports.entries()].map(([host, transport]) => ({
      host,
      lastCompletedStep: memory.lastCompleted.get(host) ?? null,
      interruptedStep: memory.interrupted.get(host) ?? null,
      release: memory.releases.get(host) ?? null,
      live: memory.live.get(host) ?? { kind: 'unchanged' },
      connection: safeStatus(transport),
    }));
  }
}

function safeStatus(transport: Transport): HostState['connection'] {
  try {
    return transport.status();
  } catch {
    return 'unknown';
  }
}

/** Creates a runner; subscribe to it, then `await runner.run()`. */
export function createRunner(options: RunOptions): Runner {
  return new Runner(options);
}

/** The read-only modes (verify, assess, plan-check) never send a mutating step. */
export type { RunMode };

/** The evidence a phase's `when:` skips it with (its steps are then neither asked nor run), else null. */
async function phaseSkip(ctx: RunContext, phase: Phase, inRollback: boolean): Promise<string | null> {
  if (phase.when === undefined || inRollback) return null;
  const step = { ...phase.steps[0]!, id: phase.id };
  const skip = await whenSkips({ run: ctx, step, phaseId: phase.id, held: null }, phase.when);
  return skip === null ? null : `phase ${phase.id} skipped: ${skip}`;
}
