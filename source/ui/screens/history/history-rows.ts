// The run history as the screens print it: one line per run (the same wording as `chom-console history`).
import type { HistoryEntry } from '../../../engine/run-history.js';
import { durationText, resultText, startText } from '../../../report/history-markdown.js';

/** Entries home lists under "Recent runs". */
export const homeHistoryLimit = 5;
/** Entries the history screen reads. */
export const screenHistoryLimit = 50;

/** `2026-12-06 06:40:12 UTC  deploy    aborted  2m03s  root  20261206T064012000Z-ab12cd.jsonl`. */
export function historyLine(entry: HistoryEntry): string {
  const file = entry.journal.slice(entry.journal.lastIndexOf('/') + 1);
  return `${startText(entry.startedAt)}  ${entry.mode.padEnd(8)}  ${resultText(entry)}  ${durationText(entry)}  ${entry.operator}  ${file}`;
}
