// What a command may touch of the process: its output streams, environment and working directory.
// Commands take it as a parameter so they can be called (and tested) without spawning a process.

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
  // `chom-console plan | head`: the reader went away; stop quietly like other command-line tools instead of
  // crashing on EPIPE. Other stream errors still surface.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Options every command receives (commander's globals). */
export type GlobalOptions = { profile?: string; plain?: boolean };
