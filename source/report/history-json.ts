// `history --format json`: the run history as one JSON document (fields documented in docs/history-json.md).
import type { RunHistory } from '../engine/run/run-history.js';

/** Bumped when a field is renamed or removed (fields are only ever added otherwise). */
export const historySchema = 1;

export function historyJson(history: RunHistory): string {
  return `${JSON.stringify({ schema: historySchema, journalDir: history.dir, runs: history.entries, unreadable: history.unreadable }, null, 2)}\n`;
}
