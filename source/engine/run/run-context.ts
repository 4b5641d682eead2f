// What every action sees: the run (transports, scope, redactor, gates, emitter) and its own step.
import type { Profile, RollbackScope, Step } from '../../profile/schema.js';
import type { Transport } from '../../transport/transport.js';
import type { LockInfo, RunEvent, RunMode } from './events.js';
import type { LiveConfig, LiveRelease } from './live-state.js';
import type { LockKeeper } from './lock-keeper.js';
import type { Gates } from './gates.js';
import type { Redactor } from './redaction.js';
import type { RunScope } from './run-scope.js';

/** A lock this run holds: released on success, failure and abort. */
export type HeldLock = { host: string; path: string; staleAfter: number };

/** What the run remembers across steps (beyond facts). */
export type RunMemory = {
  /** Hosts whose transport was connected in this run (connect once, before the first command). */
  connected: Set<string>;
  lock: HeldLock | null;
  /** Hosts where `release: activate` switched `current` in this run (post-switch failures propose rollback). */
  activated: Set<string>;
  /** Live release per host as last seen by a release action. */
  releases: Map<string, string>;
  /** What a switch or rollback of this run proved (or left unknown) about `current`, per host. */
  live: Map<string, LiveRelease>;
  /**
   * Per config step of this run, what it left in the live files (set by the action itself as its installs and
   * restores come back; cleared by a finished observability rollback).
   */
  configured: Map<string, LiveConfig>;
  /** The step each host last completed / was running. */
  lastCompleted: Map<string, string>;
  interrupted: Map<string, string>;
  /** Commands cut short (abort, timeout) that were not found ended on their host afterwards. */
  unended: { host: string; stepId: string; check: string }[];
  /** Set when the deploy lock was found held by another run (exit code 4). */
  lockHeldBy: LockInfo | null;
  rollbackScope: RollbackScope | null;
  /** A release `release: create` built in this run, per host (not necessarily live). */
  built: Map<string, string>;
  /** True once a step that changes a host started in this run (the lock alone is not a change). */
  changed: boolean;
  /** Why a form could not be answered (headless, no --values, no complete live values): exit 2. */
  formRefused?: string;
};

/** Event without its timestamp; the runner stamps and redacts it. */
export type UnstampedEvent = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'at'> : never) : never;

export type RunContext = {
  runId: string;
  mode: RunMode;
  operator: string;
  profile: Profile;
  /** The directory of the profile file (relative upload sources). */
  profileDir: string;
  transports: ReadonlyMap<string, Transport>;
  redactor: Redactor;
  scope: RunScope;
  gates: Gates;
  signal: AbortSignal;
  memory: RunMemory;
  /** The console's machine and process, written into the lock info. */
  consoleHost: string;
  pid: number;
  /**
   * The run this one resumes (or the deploy a rollback recovers), and whether that run is known to have ended
   * (its journal has run-finished); a lock still held by it is this run's own and is taken back (action-lock.ts).
   */
  resumed: { runId: string; finished: boolean } | null;
  /** Where this run's journal goes (null: no journal); earlier runs' journals name their staging dirs. */
  stateDir: string | null;
  /** Holds the deploy lock: heartbeat while running, release on success, failure and abort. */
  locks: LockKeeper;
  emit(event: UnstampedEvent): void;
};

/** The context of one step: the run, the step and its phase. */
export type StepContext = {
  run: RunContext;
  step: Step;
  phaseId: string;
  /**
   * Output held back until the step's facts are recorded: a step with `secret_paths` prints the secret
   * before the engine knows it, so its lines are emitted only after the redactor has learnt it.
   */
  held: { host: string; stream: 'stdout' | 'stderr'; line: string }[] | null;
};
