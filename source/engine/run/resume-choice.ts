// Which run `deploy --resume [RUN_ID]` continues. A run is resumable when it changed something (took the lock
// or started a step that changes a host) and did not end ok, and no later run that resumed it changed
// something itself. A run refused before changing anything (the lock held by someone else: exit 4) is never
// resumable, so the run it was refused by stays the one to resume.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../../profile/schema.js';
import type { RunEvent } from './events.js';
import { journalDir, readJournal } from './journal.js';
import { resumeState, type ResumeState } from './resume.js';
import { stepAction, isMutating } from '../../profile/step-action.js';

/** One deploy journal, summarised for the choice. */
export type RunRecord = {
  runId: string;
  path: string;
  startedAt: string;
  resumedFrom: string | null;
  changed: boolean;
  outcome: 'ok' | 'failed' | 'aborted' | null;
};

/** The answer to `--resume [RUN_ID]`. */
export type ResumeChoice =
  | { kind: 'chosen'; state: ResumeState; path: string; others: RunRecord[] }
  | { kind: 'none'; message: string }
  | { kind: 'refused'; message: string };

/** Steps of the profile that change a host; the lock is not one (a refused run only tried to take it). */
export function changesHosts(profile: Profile): (stepId: string) => boolean {
  const changing = new Set<string>();
  const steps = [
    ...profile.phases.flatMap((p) => p.steps),
    ...Object.values(profile.rollback).flatMap((r) => r?.steps ?? []),
  ];
  for (const step of steps) {
    let kind: string;
    try {
      kind = stepAction(step).kind;
    } catch {
      kind = 'unknown';
    }
    if (kind !== 'lock' && kind !== 'unlock' && isMutating(step)) changing.add(step.id);
  }
  // A step the profile no longer has may have changed anything.
  const known = new Set(steps.map((s) => s.id));
  return (stepId) => changing.has(stepId) || !known.has(stepId);
}

/** Summarises one journal; `mutates(stepId)` says whether a step changes hosts (from the profile). */
function runRecord(path: string, events: RunEvent[], mutates: (stepId: string) => boolean): RunRecord | null {
  const start = events[0];
  if (start?.type !== 'run-started' || start.mode !== 'deploy') return null;
  let changed = false;
  let outcome: RunRecord['outcome'] = null;
  for (const event of events) {
    if (event.type === 'lock-acquired') changed = true;
    if (event.type === 'step-started' && mutates(event.stepId)) changed = true;
    if (event.type === 'run-finished') outcome = event.outcome;
  }
  return {
    runId: start.runId,
    path,
    startedAt: start.at,
    resumedFrom: start.resumedFrom ?? null,
    changed,
    outcome,
  };
}

/** Every deploy journal under the state directory, newest first (run ids sort by time). */
export function deployRuns(stateDir: string, mutates: (stepId: string) => boolean): RunRecord[] {
  let names: string[];
  try {
    names = readdirSync(journalDir(stateDir)).filter((n) => n.endsWith('.jsonl'));
  } catch {
    return [];
  }
  return names
    .sort()
    .reverse()
    .map((name) => {
      const path = join(journalDir(stateDir), name);
      return runRecord(path, readJournal(path), mutates);
    })
    .filter((record): record is RunRecord => record !== null);
}

/** The runs `--resume` may continue, newest first. */
export function resumableRuns(runs: readonly RunRecord[]): RunRecord[] {
  // A run resumed by a later run that changed something is continued there (its facts and steps went along).
  const continued = new Set(runs.filter((r) => r.changed && r.resumedFrom).map((r) => r.resumedFrom));
  return runs.filter((r) => r.changed && r.outcome !== 'ok' && !continued.has(r.runId));
}

/** One line per run for the messages: id, start, outcome. */
function describeRun(run: RunRecord): string {
  const ended = run.outcome === null ? 'never finished (killed?)' : `ended ${run.outcome}`;
  return `${run.runId} (started ${run.startedAt}, ${ended})`;
}

/** Chooses the run to resume: `requested` (a run id) or the newest resumable run. */
export function chooseResume(
  stateDir: string,
  mutates: (stepId: string) => boolean,
  requested?: string,
): ResumeChoice {
  const runs = deployRuns(stateDir, mutates);
  const candidates = resumableRuns(runs);
  const list = candidates.map((r) => `  ${describeRun(r)}`).join('\n');
  if (requested !== undefined) {
    const run = runs.find((r) => r.runId === requested);
    if (!run)
      return {
        kind: 'refused',
        message: `deploy --resume ${requested}: no deploy journal of that run under ${journalDir(stateDir)}${candidates.length > 0 ? `; resumable runs:\n${list}` : ''}`,
      };
    if (!candidates.includes(run)) {
      const why = !run.changed
        ? 'it changed nothing (it was refused before its first change), so there is nothing to continue'
        : run.outcome === 'ok'
          ? 'it finished ok'
          : 'a later run resumed it and carries on from there';
      return {
        kind: 'refused',
        message: `deploy --resume ${requested}: that run is not resumable: ${why}${candidates.length > 0 ? `; resumable runs:\n${list}` : ''}`,
      };
    }
    return chosen(run, candidates, runs);
  }
  const newest = candidates[0];
  if (!newest) {
    const last = runs[0];
    return {
      kind: 'none',
      message: last
        ? `deploy --resume: no unfinished deploy to resume (the last one, run ${describeRun(last)}${last.changed ? '' : ', changed nothing'}); \`chom-console deploy\` starts a new one`
        : `deploy --resume: no earlier deploy journal under ${journalDir(stateDir)}; run \`chom-console deploy\` to start one`,
    };
  }
  return chosen(newest, candidates, runs);
}

function chosen(run: RunRecord, candidates: readonly RunRecord[], runs: readonly RunRecord[]): ResumeChoice {
  return {
    kind: 'chosen',
    state: chainState(run, runs, new Set()),
    path: run.path,
    others: candidates.filter((r) => r !== run),
  };
}

/**
 * The resume state of a run together with the runs it resumed: a resumed run killed before it had skipped
 * (and so re-journalled) all of its predecessor's completed steps must not do them again.
 */
function chainState(run: RunRecord, runs: readonly RunRecord[], seen: Set<string>): ResumeState {
  const own = resumeState(readJournal(run.path));
  seen.add(run.runId);
  const parent = runs.find((r) => r.runId === run.resumedFrom);
  if (!parent || seen.has(parent.runId)) return own;
  const before = chainState(parent, runs, seen);
  return {
    ...own,
    completedSteps: new Set([...before.completedSteps, ...own.completedSteps]),
    lastCompletedStep: own.lastCompletedStep ?? before.lastCompletedStep,
    facts: { ...before.facts, ...own.facts },
  };
}

/** What the operator reads before a resumed run starts (several candidates: all listed). */
export function resumeNotice(choice: Extract<ResumeChoice, { kind: 'chosen' }>): string {
  const head = `resuming run ${choice.state.runId}`;
  if (choice.others.length === 0) return head;
  return [
    `${head}; ${choice.others.length === 1 ? 'another unfinished run' : `${choice.others.length} other unfinished runs`} (\`--resume RUN_ID\` picks one):`,
    ...choice.others.map((r) => `  ${describeRun(r)}`),
  ].join('\n');
}

/**
 * The last deploy that changed something, for `rollback`: the release it replaced (its `rollback_target`
 * fact) and whether it ended. A deploy refused before changing anything knows no target; the run before does.
 */
export function lastDeploy(
  stateDir: string,
  mutates: (stepId: string) => boolean,
): { release: string | undefined; runId: string; finished: boolean } | undefined {
  const last = deployRuns(stateDir, mutates).find((run) => run.changed);
  if (!last) return undefined;
  const target = resumeState(readJournal(last.path)).facts.rollback_target;
  return {
    release: typeof target === 'string' && /^\d{8}_\d{6}$/.test(target) ? target : undefined,
    runId: last.runId,
    finished: last.outcome !== null,
  };
}
