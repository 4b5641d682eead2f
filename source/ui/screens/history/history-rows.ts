// The run history as the screens print it: one line per run, in columns (the wording of `chom-console history`).
import type { HistoryEntry } from '../../../engine/run/run-history.js';
import { durationText, modeText, resultText, startText } from '../../../report/history-markdown.js';

/** Entries home lists under "Recent runs". */
export const homeHistoryLimit = 5;
/** Entries the history screen reads. */
export const screenHistoryLimit = 50;

function cells(entry: HistoryEntry): string[] {
  const file = entry.journal.slice(entry.journal.lastIndexOf('/') + 1);
  return [
    startText(entry.startedAt),
    modeText(entry),
    resultText(entry),
    durationText(entry),
    entry.operator,
    file,
  ];
}

/** `2026-12-06 06:40:12 UTC  deploy    aborted  2m03s  root  20261206T064012000Z-ab12cd.jsonl`, aligned. */
export function historyLines(entries: readonly HistoryEntry[]): string[] {
  const rows = entries.map(cells);
  const widths = rows.reduce<number[]>(
    (max, row) => row.map((cell, index) => Math.max(max[index] ?? 0, cell.length)),
    [],
  );
  return rows.map((row) =>
    row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0))).join('  '),
  );
}
