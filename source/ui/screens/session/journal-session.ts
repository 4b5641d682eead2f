// A finished run reopened from its journal, read-only: the journal's events through the same reducer the live
// run used (engine/run/journal-replay.ts) and its output lines into the same panes. Nothing runs: no runner, no
// gates, no log followers; the snapshot never changes.
import type { JournalRead } from '../../../engine/run/journal.js';
import { journalHosts, replayRunState } from '../../../engine/run/journal-replay.js';
import { describeDamage, type HistoryEntry } from '../../../engine/run/run-history.js';
import type { RunState } from '../../../engine/run/run-state.js';
import type { RunSummary } from '../../../engine/run/runner.js';
import { formatDuration } from '../../format-duration.js';
import type { RunRequest } from '../../app-services.js';
import { PaneStore } from './pane-store.js';
import type { RunSession, RunSnapshot } from './run-session.js';

/** What the run screen reads of a session: a live {@link RunSession} or a {@link JournalSession}. */
export type RunView = Pick<RunSession, 'panes' | 'mode' | 'subscribe' | 'getSnapshot'>;

const exitCodeOf = (entry: HistoryEntry): RunSummary['exitCode'] =>
  entry.result === 'ok' ? 0 : entry.result === 'aborted' ? 130 : entry.result === 'refused' ? 4 : 1;

export class JournalSession implements RunView {
  readonly panes: PaneStore;
  readonly mode: RunRequest['mode'];
  /** One line for the status row: which run this is and that it is read-only. */
  readonly banner: string;
  private readonly snapshot: RunSnapshot;

  constructor(
    readonly entry: HistoryEntry,
    read: JournalRead,
    profileHosts: readonly string[],
    /** A verify ran after this deploy: `v` opens it (the banner says so). */
    hasChecks = false,
  ) {
    // plan checks are never reopened as such; they read like the verify they belong to
    this.mode = entry.mode === 'plan-check' ? 'verify' : entry.mode;
    // the live run's panes: one per profile host (lines of `console` go to the first, as they did live)
    const hosts = profileHosts.length > 0 ? [...profileHosts] : journalHosts(read.events);
    this.panes = new PaneStore(hosts, () => undefined);
    for (const event of read.events) {
      if (event.type !== 'output') continue;
      this.panes.push(event.host, {
        text: event.line,
        time: Date.parse(event.at),
        ...(event.stepId === null ? {} : { step: event.stepId }),
        stream: event.stream,
      });
    }
    this.panes.close();
    const state = replayRunState(read.events);
    this.banner = journalBanner(entry, state, hasChecks ? 'v its checks · Esc back' : 'Esc back');
    this.snapshot = {
      state,
      gate: null,
      paneVersion: this.panes.version,
      summary: summaryOf(entry, state),
      error: entry.result === 'interrupted' ? 'its journal ends before the run did (console killed?)' : null,
    };
  }

  subscribe = (): (() => void) => () => undefined;
  getSnapshot = (): RunSnapshot => this.snapshot;
}

function summaryOf(entry: HistoryEntry, state: RunState): RunSummary | null {
  if (entry.result === 'interrupted') return null;
  return {
    runId: entry.runId,
    outcome: entry.result === 'refused' ? 'failed' : entry.result,
    exitCode: exitCodeOf(entry),
    message: entry.message,
    hostStates: state.hostStates,
    lockHeldBy: state.lock.kind === 'held-by-other' ? state.lock.lock : null,
    checks: [],
    probes: [],
    journalPath: entry.journal,
    rollback: null,
    configured: [],
    switchedBefore: false,
    // a reopened run is a record: nothing resumes from its screen (`deploy --resume RUN_ID` does)
    resumable: false,
  };
}

/** "read-only · deploy 2026…-ab12cd · aborted · 2m03s · by root · Esc back": what matters first at 80 columns. */
export function journalBanner(entry: HistoryEntry, state: RunState, keys = 'Esc back'): string {
  const result =
    entry.result === 'interrupted'
      ? 'never finished (console killed?)'
      : entry.result === 'refused'
        ? 'refused: lock held by someone else'
        : entry.result;
  const cut = entry.damage !== null ? ` · ${describeDamage(entry.damage)}` : '';
  const said = state.message !== null && entry.result !== 'ok' ? ` · ${state.message}` : '';
  return `read-only · ${entry.mode} ${entry.runId} · ${result} · ${entry.result === 'interrupted' ? '≥ ' : ''}${formatDuration(entry.durationMs)} · by ${entry.operator} · ${keys}${cut}${said}`;
}
