// What a run is asked to do (the plan and its options) and how it ended (the summary): the runner's contract
// with the commands and the console, apart from the runner itself.
import type { Check, Phase, Probe, Profile } from '../../profile/schema.js';
import type { Transport } from '../../transport/transport.js';
import type { ProbeResult } from '../assess/assess.js';
import type { CheckResult } from './checklist.js';
import type { HostState, LockInfo } from './events.js';
import type { Gates } from './gates.js';
import type { LiveConfig } from './live-state.js';
import type { RollbackOutcome } from './recovery.js';
import type { Redactor } from './redaction.js';
import type { ResumeState } from './resume.js';

/** What to run. Deploy and rollback run phases; verify runs checks; assess runs probes. */
export type RunPlan =
  /** `only`: the part of the profile a partial deploy runs (`deploy --only NAME`); journaled with the run. */
  | { mode: 'deploy' | 'rollback' | 'plan-check' | 'fix'; phases: Phase[]; only?: string }
  | { mode: 'verify'; checks: Check[]; phases?: Phase[] }
  | { mode: 'assess'; probes: Probe[]; phases?: Phase[] };

export type RunOptions = {
  profile: Profile;
  plan: RunPlan;
  transports: ReadonlyMap<string, Transport>;
  gates: Gates;
  operator: string;
  runId?: string;
  /** Runtime vars (sandbox ports, --var k=v): first in lookup order. */
  runtimeVars?: Record<string, string>;
  profileDir?: string;
  signal?: AbortSignal;
  /** When set, the run appends its journal under `<stateDir>/journal/`. */
  stateDir?: string;
  resume?: ResumeState;
  /**
   * The deploy a rollback recovers: a lock that run left behind once it ended (or its process died on this
   * machine) is taken back, as a resumed run's is. Ignored when `resume` is set.
   */
  recovers?: { runId: string; finished: boolean };
  /** Facts known before the run, e.g. `{ rollback_target: '20260106_132320' }` from `rollback --to`. */
  initialFacts?: Record<string, string>;
  redactor?: Redactor;
  /** Lock heartbeat period (default: a quarter of the lock's stale_after). */
  heartbeatMs?: number;
  /**
   * `deploy --plan`: asked once the deploy lock is held, before anything changes (before the forms and the
   * value pre-flight): re-reads the plan's deciding facts. Moved → the run ends with exit 5, lock released.
   */
  planGuard?: () => Promise<PlanGuardAnswer>;
};

/** What the plan guard found: the facts as planned (a line for the journal), or what moved. */
export type PlanGuardAnswer = { moved: false; note: string } | { moved: true; message: string };

/** How the run ended, for the CLI's exit code and the summary screen. */
export type RunSummary = {
  runId: string;
  outcome: 'ok' | 'failed' | 'aborted';
  /** 0 ok · 1 step/check failed · 2 profile error · 3 cannot connect · 4 lock held · 5 moved since the plan · 130 aborted. */
  exitCode: 0 | 1 | 2 | 3 | 4 | 5 | 130;
  message: string | null;
  hostStates: HostState[];
  lockHeldBy: LockInfo | null;
  checks: CheckResult[];
  probes: ProbeResult[];
  journalPath: string | null;
  /** The automatic rollback after a failed step, as it ended (null: none ran). */
  rollback: RollbackOutcome | null;
  /** Config steps that changed (or may have changed) live files and were not restored. */
  configured: LiveConfig[];
  /** A switch the resumed run made (this run skipped it): the previous release may be wanted back. */
  switchedBefore: boolean;
  /**
   * A deploy that changed something and did not end ok, with no rollback done: `deploy --resume RUN_ID` (or
   * the console's resume key) continues it after its last completed step.
   */
  resumable: boolean;
};
