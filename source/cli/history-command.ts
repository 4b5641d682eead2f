// `chom-console history [--format md|json]`: the runs journalled under the state directory, newest first.
// Read-only and offline: it loads no profile, connects to nothing and never loads the UI.
import { runHistory } from '../engine/run/run-history.js';
import { historyJson } from '../report/history-json.js';
import { historyMarkdown } from '../report/history-markdown.js';
import { consoleHome } from '../sandbox/lifecycle/paths.js';
import type { CliIo } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';

/** Options of {@link historyCommand}. */
export type HistoryOptions = { format?: 'md' | 'json' };

export function historyCommand(options: HistoryOptions, io: CliIo): ExitCode {
  const history = runHistory(consoleHome(io.env as NodeJS.ProcessEnv));
  io.out(options.format === 'json' ? historyJson(history) : historyMarkdown(history));
  return exitCodes.ok;
}
