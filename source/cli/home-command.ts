// The full-screen console: `chom-console` on a terminal opens home; `deploy`, `verify` and `rollback` on a
// terminal without --plain open their screen directly. The profile is the session's (last used, else
// sandbox); the sandbox world starts in this process when nothing else serves it, and stops on exit.
// The TUI (Ink, React, yoga) and the world (ssh2, the sandbox) are imported only once the console is wanted:
// cli.tsx imports this file for every command.
import type { StartScreen } from '../ui/App.js';
import type { CliIo, GlobalOptions } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { onTerminalLost, watchTerminal, writeIfPresent } from './terminal-loss.js';

/** True when this invocation should get the full-screen console rather than line output. */
export function wantsConsole(options: GlobalOptions, io: CliIo): boolean {
  return io.isTTY && options.plain !== true && process.stdin.isTTY === true;
}

/** Runs the console until the operator quits; its exit code is the last run's (DESIGN.md codes). */
export async function runConsole(options: GlobalOptions, io: CliIo, start?: StartScreen): Promise<ExitCode> {
  // Home draws its first frame before the world's modules load (deferred-services.ts); a screen that starts a
  // run needs the hosts first and takes the usual path. Loading a session starts no sandbox (openHosts does,
  // whatever serves the profile), so both paths load the same profile the same way.
  const deferred = start === undefined;
  const loaded = deferred
    ? await (await import('./home-session.js')).homeSession(options, io)
    : await (await import('./session.js')).loadSession(options, io);
  if (!loaded.ok) return loaded.code;
  const { session } = loaded;
  const { renderConsole } = await import('../ui/render-console.js');
  const create = async () => (await import('./app-services-impl.js')).createConsoleServices(session);
  const { services, ready, close } = deferred
    ? (await import('./deferred-services.js')).deferredServices(session, create)
    : await create();
  const held = holdSignals();
  // The TUI reads the terminal too: its failing reads are the same loss. Listening here (for the console's
  // whole life) keeps a lost terminal from ending the process before the sandbox and connections are closed.
  watchTerminal({ input: true });
  let lost = false;
  const unwatch = onTerminalLost(() => (lost = true));
  try {
    // A screen that starts a run needs the hosts first; home shows at once and connects behind it.
    if (start !== undefined) await ready;
    // a signal or a lost terminal while the hosts were being connected: nothing was shown or run yet
    if (held.seen() > 0 || lost) return exitCodes.aborted;
    return (await renderConsole(services, {
      ...(start !== undefined ? { start } : {}),
      onTerminalLost,
    })) as ExitCode;
  } finally {
    try {
      await close();
    } finally {
      unwatch();
      held.release();
    }
  }
}

const heldSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Keeps a listener on the termination signals until the connections and the in-process sandbox are closed.
 * renderConsole drops its own as soon as the screen is restored; with no listener of ours left, the
 * signal-exit handler Ink installs re-raises the signal and the process died before it stopped the
 * sandbox's Prometheus and Alertmanager (they were left running). Closing a terminal sends SIGHUP twice
 * within a millisecond (the shell forwards it, the kernel sends its own), so repeats are ignored: only an
 * operator's second SIGINT or SIGTERM, a second or more after the first signal, exits at once.
 */
function holdSignals(): { seen: () => number; release: () => void } {
  let seen = 0;
  let first = 0;
  const hold = (signal: NodeJS.Signals): void => {
    seen += 1;
    if (seen === 1) {
      first = performance.now();
      return;
    }
    if (signal !== 'SIGHUP' && performance.now() - first >= 1000) {
      writeIfPresent(process.stderr, `chom-console: ${signal} again while closing; exiting now\n`);
      process.exit(exitCodes.aborted);
    }
  };
  for (const signal of heldSignals) process.on(signal, hold);
  return {
    seen: () => seen,
    release: () => {
      for (const signal of heldSignals) process.off(signal, hold);
    },
  };
}

/** `chom-console` without a command: the console on a terminal; undefined → the caller prints help. */
export async function homeCommand(options: GlobalOptions, io: CliIo): Promise<ExitCode | undefined> {
  if (!wantsConsole(options, io)) return undefined;
  return runConsole(options, io);
}

/** What `deploy`, `verify` and `rollback` asked for, as far as the console cares. */
export type ConsoleCommand =
  | {
      name: 'deploy';
      from?: string;
      only?: string;
      resume?: boolean | string;
      takeOverLock?: string;
      yes?: boolean;
      values?: string;
      passwordStdin?: boolean;
      plan?: string;
    }
  | { name: 'verify'; format?: string }
  | { name: 'rollback'; target?: 'app' | 'observability' | 'all'; to?: string; yes?: boolean };

/** The screen a command opens in the console; undefined when its flags ask for a headless run. */
export function consoleStart(command: ConsoleCommand): StartScreen | undefined {
  switch (command.name) {
    case 'deploy':
      // --yes, --values, --password-stdin and --take-over-lock answer questions up front, and --plan applies
      // a plan reviewed already (the console's own pre-flight reads the live plan): a headless run.
      if (
        command.plan !== undefined ||
        command.yes ||
        command.values !== undefined ||
        command.passwordStdin ||
        command.takeOverLock !== undefined
      )
        return undefined;
      return {
        kind: 'run',
        request: {
          mode: 'deploy',
          ...(command.from !== undefined ? { from: command.from } : {}),
          ...(command.only !== undefined ? { only: command.only } : {}),
          ...(command.resume ? { resume: command.resume } : {}),
        },
      };
    case 'verify':
      return command.format === 'json' ? undefined : { kind: 'run', request: { mode: 'verify' } };
    case 'rollback':
      if (command.yes) return undefined;
      return command.to === undefined
        ? { kind: 'rollback' }
        : {
            kind: 'run',
            request: { mode: 'rollback', rollbackTarget: command.target ?? 'app', rollbackTo: command.to },
          };
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

/** The console for a command on a terminal, or undefined to run it headless. */
export function commandConsole(
  command: ConsoleCommand,
  options: GlobalOptions,
  io: CliIo,
): Promise<ExitCode> | undefined {
  const start = wantsConsole(options, io) ? consoleStart(command) : undefined;
  return start === undefined ? undefined : runConsole(options, io, start);
}
