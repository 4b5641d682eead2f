// What Cancel does at a gate (a critical step's confirmation, a form), decided from what the run has changed:
// before any change Cancel stops the deploy; after one, leaving asks (go back · pause · roll back) and states
// what is live on each host, so that no Cancel leaves a half-done deploy silently (issue 13, item 3).
import type { RollbackScope } from '../../profile/schema.js';
import type { RunMode } from './events.js';
import {
  describeConfigs,
  describeLive,
  mayHaveSwitched,
  type LiveConfig,
  type LiveRelease,
} from './live-state.js';

/** What the operator may choose when leaving a run that changed something. */
export type LeaveChoice = 'back' | 'pause' | 'rollback';

/** The run's changes as far as the engine saw them (run memory, plus a resumed run's completed steps). */
export type CancelFacts = {
  mode: RunMode;
  runId: string;
  /** The step whose gate is open. */
  stepId: string;
  /** Host names of the profile, in order. */
  hosts: readonly string[];
  /** True once a step that changes a host has started (in this run or the run it resumes). */
  changed: boolean;
  /** What a switch of this run proved (or left unknown) about `current`, per host. */
  live: ReadonlyMap<string, LiveRelease>;
  /** Hosts whose `current` was switched, in this run or the run it resumes. */
  activated: ReadonlySet<string>;
  /** A release this run built (not necessarily live), per host. */
  built: ReadonlyMap<string, string>;
  /** Config steps that installed (or may have installed) live files, by step id. */
  configured: ReadonlyMap<string, LiveConfig>;
  /** Rollback scopes the profile defines. */
  rollbacks: { app: boolean; observability: boolean };
};

/** The decision: shown in the gate's dialog (`note`) and, for `ask`, in the leave dialog. */
export type CancelPlan =
  | { kind: 'stop'; note: string }
  | {
      kind: 'ask';
      note: string;
      /** One line per host: what is live there as far as known, and what this run changed. */
      hosts: string[];
      choices: LeaveChoice[];
      /** The rollback `roll back` runs (null: nothing this run did has a rollback). */
      rollback: RollbackScope | null;
      /** How a paused run is continued. */
      resume: string;
    };

/** The exact command that continues a paused deploy. */
const resumeCommand = (runId: string): string => `chom-console deploy --resume ${runId}`;

/** Decides what Cancel does at the gate of `facts.stepId`. */
export function cancelPlan(facts: CancelFacts): CancelPlan {
  if (!facts.changed) return { kind: 'stop', note: `nothing changed yet, the ${facts.mode} stops` };
  const hosts = facts.hosts.map((host) => hostLine(host, facts));
  if (facts.mode !== 'deploy')
    // A rollback (or any other run) cancelled half way is not resumable; it says where each host is.
    return {
      kind: 'ask',
      note: `asks what to do: ${hosts.join('; ')}`,
      hosts,
      choices: ['back', 'pause'],
      rollback: null,
      resume: `chom-console ${facts.mode}`,
    };
  const rollback = rollbackScope(facts);
  return {
    kind: 'ask',
    note: `asks what to do: ${hosts.join('; ')}`,
    hosts,
    choices: rollback === null ? ['back', 'pause'] : ['back', 'pause', 'rollback'],
    rollback,
    resume: resumeCommand(facts.runId),
  };
}

/** App rollback when a switch may have happened; observability when configs were installed. */
function rollbackScope(facts: CancelFacts): RollbackScope | null {
  const switched =
    [...facts.live.values()].some(mayHaveSwitched) ||
    [...facts.activated].some((host) => !facts.live.has(host));
  const app = switched && facts.rollbacks.app;
  const observability = facts.configured.size > 0 && facts.rollbacks.observability;
  if (app && observability) return 'all';
  if (app) return 'app';
  if (observability) return 'observability';
  return null;
}

function hostLine(host: string, facts: CancelFacts): string {
  const live = facts.live.get(host);
  const parts: string[] = [];
  if (live) parts.push(describeLive(host, live));
  else if (facts.activated.has(host))
    parts.push(
      `${host}: release ${facts.built.get(host) ?? '(unknown)'} put live by the resumed run (its switch completed)`,
    );
  else {
    const built = facts.built.get(host);
    parts.push(
      built === undefined
        ? `${host}: live release unchanged`
        : `${host}: release ${built} built, not live (live release unchanged)`,
    );
  }
  const configs = describeConfigs([...facts.configured.values()].filter((c) => c.host === host));
  return [parts.join(', '), ...configs].join('; ');
}
