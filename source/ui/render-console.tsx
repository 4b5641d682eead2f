// Runs the TUI: enters the alternate screen, renders <App>, and resolves with the exit code once the
// operator quits. Every way out restores the terminal: quit, a crash (uncaught exception, render error),
// SIGINT, SIGTERM and SIGHUP or a lost terminal (runs are aborted so the deploy lock is released; exit code 130).
import { render, type Instance } from 'ink';
import type { StopCause } from '../engine/run/abort.js';
import { App, type AppControls, type StartScreen } from './App.js';
import { enterAlternate, type ScreenGuard } from './alternate-screen.js';
import type { AppServices } from './app-services.js';
import { ThemeContext } from './hooks/use-theme.js';
import { createTheme } from './theme.js';

/** The process events renderConsole listens to; injectable so tests never signal the test runner. */
export type ProcessEvents = {
  on: (event: string, listener: (...args: unknown[]) => void) => unknown;
  off: (event: string, listener: (...args: unknown[]) => void) => unknown;
};

/** Options of {@link renderConsole}; defaults are the real process streams. */
export type RenderConsoleOptions = {
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  process?: ProcessEvents;
  /** Default: when stdout is a TTY. */
  alternateScreen?: boolean;
  /** For NO_COLOR; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  rows?: number;
  animate?: boolean;
  frameMs?: number;
  /** The screen to open above home (e.g. `chom-console deploy` on a terminal). */
  start?: StartScreen;
  /**
   * Subscribes to the terminal going away without a SIGHUP reaching us first (a write failed with EIO): the
   * console then stops as for SIGHUP. Returns the unsubscribe.
   */
  onTerminalLost?: (listener: () => void) => () => void;
};

const noScreen: ScreenGuard = { restore: () => undefined, restored: true };

export function renderConsole(services: AppServices, options: RenderConsoleOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const events: ProcessEvents = options.process ?? (process as unknown as ProcessEvents);
  const guard = (options.alternateScreen ?? stdout.isTTY === true) ? enterAlternate(stdout) : noScreen;
  const controls: AppControls = {};
  return new Promise<number>((resolve) => {
    let done = false;
    // Filled right after render(); the exit paths run only later.
    const mounted: { instance?: Instance } = {};
    const listeners: [string, (...args: unknown[]) => void][] = [];
    const unwatch: (() => void)[] = [];
    const listen = (event: string, listener: (...args: unknown[]) => void): void => {
      listeners.push([event, listener]);
      events.on(event, listener);
    };
    const close = (): boolean => {
      if (done) return false;
      done = true;
      for (const [event, listener] of listeners) events.off(event, listener);
      for (const stop of unwatch) stop();
      try {
        mounted.instance?.unmount();
      } catch {
        // A crashed renderer may fail to unmount; the screen is restored regardless.
      }
      guard.restore();
      return true;
    };
    const finish = (code: number): void => {
      if (close()) resolve(code);
    };
    const crash = (error: unknown): void => {
      if (!close()) return;
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      stderr.write(
        `chom-console crashed: ${text}\nThe terminal was restored; the journal under the state directory has the run so far.\n`,
      );
      resolve(1);
    };
    // The screen comes back at once; the runs are then aborted so the lock is released before exiting.
    const interrupt = (cause: StopCause): void => {
      if (!close()) return;
      const abort = controls.abortAll?.(cause) ?? Promise.resolve();
      abort.then(
        () => resolve(130),
        () => resolve(130),
      );
    };
    listen('SIGINT', () => interrupt('operator'));
    listen('SIGTERM', () => interrupt('operator'));
    // A closed terminal window (or a dropped ssh session): abort like Ctrl-C so the lock and an in-process
    // sandbox are released, and the journal says the terminal closed.
    listen('SIGHUP', () => interrupt('terminal-closed'));
    if (options.onTerminalLost) unwatch.push(options.onTerminalLost(() => interrupt('terminal-closed')));
    listen('uncaughtException', crash);
    listen('unhandledRejection', crash);
    listen('exit', () => guard.restore());
    const instance = render(
      <ThemeContext.Provider value={createTheme(options.env ?? process.env)}>
        <App
          services={services}
          controls={controls}
          onExit={(code) => setImmediate(() => finish(code))}
          {...(options.rows !== undefined ? { rows: options.rows } : {})}
          {...(options.animate !== undefined ? { animate: options.animate } : {})}
          {...(options.frameMs !== undefined ? { frameMs: options.frameMs } : {})}
          {...(options.start !== undefined ? { start: options.start } : {})}
        />
      </ThemeContext.Provider>,
      {
        stdout,
        stderr,
        ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
        exitOnCtrlC: false,
        patchConsole: false,
      },
    );
    mounted.instance = instance;
    instance.waitUntilExit().catch(crash);
  });
}
