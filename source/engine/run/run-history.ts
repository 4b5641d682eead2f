// The runs this console made, read back from their journals (journal.ts): what `chom-console history` prints,
// what home lists and what a reopened run screen replays. Only what the journal says is reported: a run
// without a run-finished event was killed (or is still running) and is said to be so, never guessed ok.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent, RunMode } from './events.js';
import { journalDir, readJournalFile, type JournalDamage } from './journal.js';

/**
 * How a run ended, as its journal tells: `refused` never got the deploy lock (someone else held it) and
 * changed nothing; `interrupted` has no end in its journal (the console was killed, or it still runs).
 */
export type RunResult = 'ok' | 'failed' | 'aborted' | 'refused' | 'interrupted';

/** One run of the history. */
export type HistoryEntry = {
  runId: string;
  mode: RunMode;
  /** A partial deploy's part (`deploy --only NAME`); null for a whole run. */
  only: string | null;
  profile: string;
  /** Who started it (the journal's operator). */
  operator: string;
  startedAt: string;
  /** The run-finished event's time, or the last event's when the run never finished. */
  endedAt: string;
  durationMs: number;
  result: RunResult;
  /** The run's own closing message (redacted when it was journalled). */
  message: string | null;
  /** The first step that failed, if any. */
  failedStep: string | null;
  steps: { ok: number; failed: number; skipped: number };
  /** The run this one resumed, and the runs that resumed this one (newest last). */
  resumedFrom: string | null;
  resumedBy: string[];
  journal: string;
  /** Lines of the journal that could not be read (a torn last line from a killed console). */
  damage: JournalDamage | null;
};

/** A journal that is not a run's (empty, or its first line unreadable): listed so that nothing hides. */
export type UnreadableJournal = { journal: string; reason: string };

/** The history: newest first. */
export type RunHistory = { entries: HistoryEntry[]; unreadable: UnreadableJournal[]; dir: string };

/** Summarises one journal's events; null when the first event is not a run start. */
function historyEntry(
  journal: string,
  events: readonly RunEvent[],
  damage: JournalDamage | null,
): HistoryEntry | null {
  const start = events[0];
  if (start?.type !== 'run-started') return null;
  let finished: Extract<RunEvent, { type: 'run-finished' }> | undefined;
  let lockHeld = false;
  let lockTaken = false;
  let failedStep: string | null = null;
  const steps = { ok: 0, failed: 0, skipped: 0 };
  for (const event of events) {
    switch (event.type) {
      case 'lock-held':
        lockHeld = true;
        break;
      case 'lock-acquired':
        lockTaken = true;
        break;
      case 'step-finished':
        steps[event.outcome] += 1;
        if (event.outcome === 'failed') failedStep ??= event.stepId;
        break;
      case 'run-finished':
        finished = event;
        break;
      default:
        break;
    }
  }
  const last = events[events.length - 1] ?? start;
  const endedAt = finished?.at ?? last.at;
  const result: RunResult =
    finished === undefined
      ? 'interrupted'
      : finished.outcome !== 'ok' && lockHeld && !lockTaken
        ? 'refused'
        : finished.outcome;
  return {
    runId: start.runId,
    mode: start.mode,
    only: start.only ?? null,
    profile: start.profile,
    operator: start.operator,
    startedAt: start.at,
    endedAt,
    durationMs: Math.max(0, Date.parse(endedAt) - Date.parse(start.at)) || 0,
    result,
    message: finished?.message ?? null,
    failedStep,
    steps,
    resumedFrom: start.resumedFrom ?? null,
    resumedBy: [],
    journal,
    damage,
  };
}

/**
 * Every run journalled under the state directory, newest first (run ids sort by time). `limit` reads only
 * the newest journals (home shows a few; a journal can hold a hundred thousand output lines).
 */
export function runHistory(stateDir: string, limit?: number): RunHistory {
  const dir = journalDir(stateDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
  } catch {
    return { entries: [], unreadable: [], dir };
  }
  names.sort().reverse();
  const entries: HistoryEntry[] = [];
  const unreadable: UnreadableJournal[] = [];
  for (const name of limit === undefined ? names : names.slice(0, limit)) {
    const path = join(dir, name);
    try {
      const read = readJournalFile(path);
      const entry = historyEntry(path, read.events, read.damage);
      if (entry) entries.push(entry);
      else
        unreadable.push({
          journal: path,
          reason:
            read.events.length === 0 ? 'empty or unreadable from line 1' : 'does not start with run-started',
        });
    } catch (error) {
      unreadable.push({ journal: path, reason: (error as Error).message });
    }
  }
  // Resume chains: a run names the run it resumed; the resumed run learns who carried it on.
  for (const entry of entries) {
    const parent = entries.find((candidate) => candidate.runId === entry.resumedFrom);
    parent?.resumedBy.unshift(entry.runId);
  }
  return { entries, unreadable, dir };
}

/** What the operator reads about a damaged journal. */
export function describeDamage(damage: JournalDamage): string {
  return `journal cut at line ${damage.line} (${damage.dropped} unreadable line${damage.dropped === 1 ? '' : 's'} left out: the console was killed while writing?)`;
}

/**
 * The checks of a finished deploy (or fix): the verify that ran after it on the same profile (the console
 * checks the success criteria once a deploy finished), before any other run changed a host. `entries` are
 * newest first, as {@link runHistory} lists them.
 */
export function checksAfter(entries: readonly HistoryEntry[], run: HistoryEntry): HistoryEntry | undefined {
  if (run.mode !== 'deploy' && run.mode !== 'fix') return undefined;
  const later = entries
    .filter((entry) => entry.profile === run.profile && entry.startedAt >= run.endedAt)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  for (const entry of later) {
    if (entry.mode === 'verify' || entry.mode === 'plan-check') return entry;
    if (entry.mode !== 'assess') return undefined;
  }
  return undefined;
}
