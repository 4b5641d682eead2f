// The operator's terminal going away: a closed window, `tmux kill-session`, an ssh session to the jump host
// that drops. The kernel sends SIGHUP, and from then on every write to the tty fails with EIO (a pipe whose
// reader died, `… | tee log` or `plan | head`, fails with EPIPE). Node reports those failures as 'error'
// events on process.stdout/stderr/stdin; unhandled, the first one killed the console mid-step, with the lock
// held and the sandbox's services running. Here they mark the terminal lost: later writes are dropped, and
// whoever is running something (a headless run, the TUI) is told so it stops as for Ctrl-C and cleans up.
// With nobody listening (`plan | head`) the command just ends quietly, as command-line tools do.
import { closeSync } from 'node:fs';
import { isatty } from 'node:tty';

/** Error codes that mean the terminal or the pipe reader is gone, not a bug. */
const lostCodes = new Set(['EIO', 'EPIPE', 'ENXIO', 'ECONNRESET']);

let lost = false;
const listeners = new Set<() => void>();

/** Calls `listener` once when the terminal is lost (at once if it already is); returns the unsubscribe. */
export function onTerminalLost(listener: () => void): () => void {
  if (lost) {
    queueMicrotask(listener);
    return () => undefined;
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Marks the terminal lost and tells the listeners; with none, ends the process quietly. */
function markTerminalLost(): void {
  if (lost) return;
  lost = true;
  process.on('exit', releaseLostTerminal);
  const waiting = [...listeners];
  listeners.clear();
  if (waiting.length === 0) process.exit(process.exitCode ?? 0);
  for (const listener of waiting) listener();
}

/**
 * Whether the console is attached to a terminal (stdin, stdout or stderr is one). A SIGHUP to a console that is
 * not (`nohup … >deploy.log 2>&1 &`: Node resets nohup's ignored SIGHUP to "terminate", and the login shell
 * forwards the hangup to its jobs) takes nothing from it: the run goes on, as the operator asked.
 */
export function attachedToTerminal(): boolean {
  return isatty(0) || isatty(1) || isatty(2);
}

const watched = new WeakSet<NodeJS.EventEmitter>();

/**
 * At exit Node restores the terminal modes it saw at start on fds 0-2 and aborts the process (a native
 * assertion, then SIGSEGV) when that fails, as it does with EIO on a hung-up tty. Closing those fds first
 * makes it skip them. Registered at the loss, so it runs after the 'exit' listeners registered before it
 * (the screen guard's, Ink's); nothing writes to the terminal after it.
 */
function releaseLostTerminal(): void {
  for (const fd of [0, 1, 2]) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}

function onError(error: NodeJS.ErrnoException): void {
  // after the loss every further failure of these streams is the same loss (ERR_STREAM_DESTROYED, …)
  if (lost || (error.code !== undefined && lostCodes.has(error.code))) {
    markTerminalLost();
    return;
  }
  throw error;
}

/**
 * Handles the stream errors of stdout and stderr (and stdin with `input`: only the TUI reads the terminal;
 * touching process.stdin elsewhere would open it for nothing). Idempotent per stream.
 */
export function watchTerminal(options: { input?: boolean } = {}): void {
  const streams: NodeJS.EventEmitter[] = [process.stdout, process.stderr];
  if (options.input) streams.push(process.stdin);
  for (const stream of streams) {
    if (watched.has(stream)) continue;
    watched.add(stream);
    stream.on('error', onError);
  }
}

/** Writes to a process stream unless the terminal is gone (then the text is dropped, never thrown). */
export function writeIfPresent(stream: NodeJS.WriteStream, text: string): void {
  if (lost || stream.destroyed) return;
  try {
    stream.write(text);
  } catch (error) {
    if (lostCodes.has((error as NodeJS.ErrnoException).code ?? '')) markTerminalLost();
    else throw error;
  }
}
