// Every run appends its events as JSONL to <state dir>/journal/<run id>.jsonl (0600): the redacted
// commands, exit codes, durations, and who confirmed what. The file is the audit trail and the input of
// `deploy --resume`. Each line is redacted once more on the way out (defence in depth).
import { appendFileSync, chmodSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactEvent, type RunEvent, type RunMode } from './events.js';
import type { Redactor } from './redaction.js';
import { createLineBatcher, type BatchTimer, type LineBatcher } from '../../lib/line-batcher.js';

export const journalDir = (stateDir: string): string => join(stateDir, 'journal');
export const journalPath = (stateDir: string, runId: string): string =>
  join(journalDir(stateDir), `${runId}.jsonl`);

/** Output lines wait at most this long, or this many, before they are written (see {@link Journal}). */
const outputFlushMs = 50;
const outputFlushLines = 512;

/** The journal's timer never keeps the process alive: a console that ends flushes on its way out. */
const unrefTimer: BatchTimer = {
  set: (callback, ms) => setTimeout(callback, ms).unref(),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Appends events to a run's journal. Every event that changes what a resume or an audit knows (step,
 * command, confirmation, lock, fact, finish) is written synchronously, after any output lines before it, so
 * a crash loses at most the event in flight. Output lines, which a noisy step prints by the hundred
 * thousand, are written in batches (≤ 50 ms or 512 lines): one append per line would block the event loop
 * (and the operator's keys) for seconds; a crash loses at most the last 50 ms of output.
 */
export class Journal {
  readonly path: string;
  private failed = false;
  private readonly batcher: LineBatcher<string>;

  /** `timer` drives the output batches (tests pass a manual one instead of sleeping). */
  constructor(
    stateDir: string,
    runId: string,
    private readonly redactor: Redactor,
    timer: BatchTimer = unrefTimer,
  ) {
    mkdirSync(journalDir(stateDir), { recursive: true, mode: 0o700 });
    this.path = journalPath(stateDir, runId);
    appendFileSync(this.path, '', { mode: 0o600 });
    chmodSync(this.path, 0o600);
    this.batcher = createLineBatcher({
      sink: (lines) => this.append(lines.join('')),
      intervalMs: outputFlushMs,
      maxBatch: outputFlushLines,
      timer,
    });
  }

  /** A RunListener: `runner.subscribe(journal.write)`. */
  readonly write = (event: RunEvent): void => {
    if (this.failed) return;
    // redacted once more on the way out (defence in depth)
    this.batcher.push(`${JSON.stringify(redactEvent(this.redactor, event))}\n`);
    if (event.type !== 'output') this.batcher.flush();
  };

  /** Writes what is pending now (the runner's last event, run-finished, does it too). */
  flush(): void {
    this.batcher.flush();
  }

  private append(text: string): void {
    if (this.failed) return;
    try {
      appendFileSync(this.path, text);
    } catch {
      // A full disk must not stop a half-done deploy; the run still reports in the UI.
      this.failed = true;
    }
  }
}

/** Where a journal stopped being readable: a console killed mid-write leaves a torn last line. */
export type JournalDamage = { line: number; dropped: number };

/** A journal's events and, when a line could not be read, where (that line and every one after it). */
export type JournalRead = { events: RunEvent[]; damage: JournalDamage | null };

/** Reads a journal; reading stops at the first line that is not an event (a torn write), and says where. */
export function readJournalFile(path: string): JournalRead {
  const events: RunEvent[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      events.push(JSON.parse(line) as RunEvent);
    } catch {
      const dropped = lines.slice(index).filter((rest) => rest.trim() !== '').length;
      return { events, damage: { line: index + 1, dropped } };
    }
  }
  return { events, damage: null };
}

/** Reads a journal; a torn last line (crash mid-write) is ignored. */
export function readJournal(path: string): RunEvent[] {
  return readJournalFile(path).events;
}

/** The newest journal of a deploy (by run id, which sorts by time), or null. */
export function latestJournal(stateDir: string, mode: RunMode = 'deploy'): string | null {
  let names: string[];
  try {
    names = readdirSync(journalDir(stateDir))
      .filter((n) => n.endsWith('.jsonl'))
      .sort()
      .reverse();
  } catch {
    return null;
  }
  for (const name of names) {
    const path = join(journalDir(stateDir), name);
    const first = readJournal(path)[0];
    if (first?.type === 'run-started' && first.mode === mode) return path;
  }
  return null;
}
