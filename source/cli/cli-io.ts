// What a command may touch of the process: its output streams, environment and working directory.
// Commands take it as a parameter so they can be called (and tested) without spawning a process.
import { watchTerminal, writeIfPresent } from './terminal-loss.js';

/** The process surface a command uses. */
export type CliIo = {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
};

/** The real process. */
export function processIo(): CliIo {
  // A reader that went away (`plan | head`) or a closed terminal: never a crash (terminal-loss.ts).
  watchTerminal();
  return {
    out: (text) => writeIfPresent(process.stdout, text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => writeIfPresent(process.stderr, text.endsWith('\n') ? text : `${text}\n`),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Options every command receives (commander's globals). */
export type GlobalOptions = {
  profile?: string;
  plain?: boolean;
  /** `--var NAME=VALUE`, repeatable: values for this run (source/cli/run-values.ts). */
  var?: string[];
};
