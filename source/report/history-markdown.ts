// `history` (Markdown): one table row per run, newest first, with what happened and where its journal is;
// notes under the table for resumed chains and damaged journals.
import { describeDamage, type HistoryEntry, type RunHistory } from '../engine/run/run-history.js';
import { formatDuration } from '../lib/format-duration.js';
import { cell, code, table } from './markdown-format.js';

/** What a result reads as, the way an operator says it. */
export function resultText(entry: HistoryEntry): string {
  switch (entry.result) {
    case 'ok':
      return 'ok';
    case 'failed':
      return entry.failedStep !== null ? `failed at ${entry.failedStep}` : 'failed';
    case 'aborted':
      return 'aborted';
    case 'refused':
      return 'refused (lock held by someone else; nothing changed)';
    case 'interrupted':
      return 'never finished (console killed?)';
    default: {
      const unknown: never = entry.result;
      return String(unknown);
    }
  }
}

/** Start time as `2026-12-06 06:40:12 UTC`. */
export const startText = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

/** The run's mode, with its part when it deployed one (`deploy --only smtp`). */
export const modeText = (entry: HistoryEntry): string =>
  entry.only === null ? entry.mode : `${entry.mode} --only ${entry.only}`;

/** The duration, marked as "at least" when the run never finished. */
export const durationText = (entry: HistoryEntry): string =>
  `${entry.result === 'interrupted' ? '≥ ' : ''}${formatDuration(entry.durationMs)}`;

export function historyMarkdown(history: RunHistory): string {
  const lines = ['# Run history', ''];
  if (history.entries.length === 0 && history.unreadable.length === 0) {
    lines.push(
      `No runs yet: no journal under ${code(history.dir)}. A deploy, rollback or verify writes one.`,
    );
    return `${lines.join('\n')}\n`;
  }
  lines.push(`Newest first; journals under ${code(history.dir)}.`, '');
  lines.push(
    ...table(
      ['Started', 'Run', 'Mode', 'Profile', 'Result', 'Duration', 'Who', 'Journal'],
      history.entries.map((entry) => [
        startText(entry.startedAt),
        code(entry.runId),
        modeText(entry),
        entry.profile,
        resultText(entry),
        durationText(entry),
        entry.operator,
        code(entry.journal),
      ]),
    ),
  );
  const notes: string[] = [];
  for (const entry of history.entries) {
    if (entry.resumedFrom !== null) notes.push(`- ${code(entry.runId)} resumed ${code(entry.resumedFrom)}`);
    if (entry.damage !== null) notes.push(`- ${code(entry.runId)}: ${describeDamage(entry.damage)}`);
    if (entry.message !== null && entry.result !== 'ok')
      notes.push(`- ${code(entry.runId)}: ${cell(entry.message)}`);
  }
  for (const bad of history.unreadable)
    notes.push(`- ${code(bad.journal)}: not a run journal (${bad.reason})`);
  if (notes.length > 0) lines.push('', '## Notes', '', ...notes);
  return `${lines.join('\n')}\n`;
}
