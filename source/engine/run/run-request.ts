// From what the operator asked (a command line or a screen) to what the runner is given: the plan, the run a
// `--resume` continues (from the journal), a rollback's target and the `--to` it names, and the deploy a
// rollback recovers. Decided here once for the headless commands and the console; a request the profile or
// the journal cannot serve is refused with the words both show.
import { releaseIdPattern } from '../../commands/release-name.js';
import { isSnapshotName } from '../../commands/snapshot-name.js';
import type { Probe, Profile } from '../../profile/schema.js';
import { phasesInRunOrder } from './early-lock.js';
import { buildRunPlan, PlanError } from '../plan/plan.js';
import { changesHosts, chooseResume, lastDeploy, resumeNotice } from './resume-choice.js';
import type { RunOptions, RunPlan } from './runner.js';

export type RollbackTarget = 'app' | 'observability' | 'all';

/** What the operator asked to run. */
export type RunAsk =
  /** `only`: a part of the profile's `parts:` (`deploy --only NAME`). */
  | { mode: 'deploy'; from?: string; only?: string; resume?: boolean | string }
  | {
      mode: 'rollback';
      target: RollbackTarget;
      to?: string;
      /** The snapshots a picker listed on `host` (a rollback there may only name one of them). */
      listed?: { host: string; snapshots: ReadonlySet<string> } | null;
    }
  | { mode: 'verify' }
  | { mode: 'fix'; steps: readonly string[] }
  /** The probes the assessment runs (engine/assess/assess-session.ts assessProbes). */
  | { mode: 'assess'; probes: Probe[] };

/** What the runner is given besides the world; `notices` are what the operator reads before it starts. */
export type PreparedRun = Pick<RunOptions, 'plan' | 'resume' | 'initialFacts' | 'recovers'> & {
  notices: string[];
};

export type RunRequestAnswer = { kind: 'ready'; run: PreparedRun } | { kind: 'refused'; message: string };

/** Why `--to NAME` cannot name what to roll back to, or null when it can. */
export function rollbackToProblem(target: RollbackTarget, to: string | undefined): string | null {
  if (to === undefined) return null;
  if (target !== 'observability' && !releaseIdPattern.test(to))
    return `rollback --to: "${to}" is not a release name (YYYYmmdd_HHMMSS, as listed under releases/)`;
  if (target === 'observability' && !isSnapshotName(to))
    return `rollback --to: "${to}" is not a snapshot name (a directory under obs_snapshots, e.g. 20261127_071500-<run>; the console's rollback screen lists them)`;
  return null;
}

/** Decides the run for a request; refuses (exit 2 headless, a message on screen) what cannot run. */
export function prepareRun(profile: Profile, stateDir: string, ask: RunAsk): RunRequestAnswer {
  try {
    return prepare(profile, stateDir, ask);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    const where = ask.mode === 'deploy' ? `deploy ${error.option ?? '--from'}` : ask.mode;
    return { kind: 'refused', message: `${where}: ${error.message}` };
  }
}

function prepare(profile: Profile, stateDir: string, ask: RunAsk): RunRequestAnswer {
  switch (ask.mode) {
    case 'deploy':
      return deploy(profile, stateDir, ask);
    case 'rollback':
      return rollback(profile, stateDir, ask);
    case 'verify': {
      const plan = buildRunPlan(profile, { mode: 'verify' });
      if (plan.mode !== 'verify' || plan.checks.length === 0)
        return { kind: 'refused', message: `profile ${profile.name} has no checks to verify (checks:)` };
      return ready({ plan, notices: [] });
    }
    case 'fix':
      return ready({ plan: buildRunPlan(profile, { mode: 'fix', steps: ask.steps }), notices: [] });
    case 'assess':
      return ready({ plan: { mode: 'assess', probes: ask.probes }, notices: [] });
    default: {
      const unreachable: never = ask;
      return unreachable;
    }
  }
}

const ready = (run: PreparedRun): RunRequestAnswer => ({ kind: 'ready', run });

/**
 * A deploy, whole or one part of it (`--only`). A resumed run continues the part its journal ran: `--resume`
 * alone takes it from there, an `--only` naming another part (or none, for a whole deploy) is refused.
 */
function deploy(
  profile: Profile,
  stateDir: string,
  ask: Extract<RunAsk, { mode: 'deploy' }>,
): RunRequestAnswer {
  const build = (only: string | undefined) =>
    buildRunPlan(profile, {
      mode: 'deploy',
      ...(ask.from !== undefined && { from: ask.from }),
      ...(only !== undefined && { only }),
    });
  if (ask.resume === undefined || ask.resume === false) {
    const plan = build(ask.only);
    return ready({ plan, notices: ask.only === undefined ? [] : [partNotice(profile, ask.only)] });
  }
  if (ask.only !== undefined) build(ask.only); // an unknown part is refused before the journals are read
  const requested = typeof ask.resume === 'string' ? ask.resume : undefined;
  const choice = chooseResume(stateDir, changesHosts(profile), requested);
  if (choice.kind !== 'chosen') return { kind: 'refused', message: choice.message };
  const ran = choice.state.only ?? undefined;
  if (ask.only !== undefined && ask.only !== ran)
    return {
      kind: 'refused',
      message: `deploy --only: run ${choice.state.runId} was ${ran === undefined ? 'a whole deploy' : `the partial deploy --only ${ran}`}, not --only ${ask.only}; continue it with \`chom-console deploy --resume ${choice.state.runId}${ran === undefined ? '' : ` --only ${ran}`}\``,
    };
  const notices = [resumeNotice(choice), ...(ran === undefined ? [] : [partNotice(profile, ran)])];
  return ready({ plan: build(ran), resume: choice.state, notices });
}

/** What a partial deploy runs, as the operator reads it before it starts. */
function partNotice(profile: Profile, only: string): string {
  const part = profile.parts[only];
  const phases = part ? [...part.phases, ...part.steps].join(', ') : '';
  return `partial deploy --only ${only}: ${part?.title ?? only} (${phases}); the rest of the runbook is not run`;
}

/**
 * The app goes back to --to, else to the release live before the last deploy (its journal), else (no fact)
 * to the newest complete release older than the live one; observability restores the snapshot named by
 * --to, else the last deploy's phase-1 snapshot. A lock the last deploy left behind is taken back.
 */
function rollback(
  profile: Profile,
  stateDir: string,
  ask: Extract<RunAsk, { mode: 'rollback' }>,
): RunRequestAnswer {
  const { target, to, listed } = ask;
  const problem = rollbackToProblem(target, to);
  if (problem !== null) return { kind: 'refused', message: problem };
  if (target === 'observability' && to !== undefined && listed && !listed.snapshots.has(to))
    return {
      kind: 'refused',
      message: `rollback --to: no observability snapshot ${to} on ${listed.host} (found: ${[...listed.snapshots].join(', ') || 'none'})`,
    };
  const plan = buildRunPlan(profile, { mode: 'rollback', target });
  const last = lastDeploy(stateDir, changesHosts(profile));
  const recovers = last && { recovers: { runId: last.runId, finished: last.finished } };
  if (target === 'observability')
    return ready({
      plan,
      ...(to !== undefined && { initialFacts: { rollback_snapshot: to } }),
      ...recovers,
      notices: [
        to !== undefined
          ? `observability: restoring snapshot ${to} (--to)`
          : "observability: restoring the latest snapshot (the last deploy's phase 1)",
      ],
    });
  const release = to ?? last?.release;
  return ready({
    plan,
    ...(release !== undefined && { initialFacts: { rollback_target: release } }),
    ...recovers,
    notices: [
      to !== undefined
        ? `app: rolling back to ${to} (--to)`
        : release !== undefined
          ? `app: rolling back to ${release}, the release live before the last deploy`
          : 'app: rolling back to the newest complete release older than the live one',
    ],
  });
}

/** The phases a run's step list shows, in run order (assess: one phase of probes per host). */
export function listedPhases(profile: Profile, plan: RunPlan): PreparedPhase[] {
  switch (plan.mode) {
    case 'deploy':
    case 'fix':
    case 'plan-check':
      return plan.phases;
    case 'rollback':
      // The rollback holds the deploy lock: taken before the switch, so listed before it.
      return phasesInRunOrder(plan.phases, new Set(), profile.phases);
    case 'verify':
      return [];
    case 'assess': {
      const hosts = [...new Set(plan.probes.map((probe) => probe.host))];
      return hosts.map((host) => ({
        id: `assess-${host}`,
        title: `${host} probes`,
        steps: plan.probes.filter((probe) => probe.host === host),
      }));
    }
    default: {
      const unreachable: never = plan;
      return unreachable;
    }
  }
}

/** A phase of the step list: an id, a title and its steps (or probes). */
export type PreparedPhase = {
  id: string;
  title: string;
  steps: { id: string; title: string; host: string }[];
};
