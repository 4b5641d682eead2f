// Waiting for a gate or a command while honouring the operator's abort.

/** Thrown when the run's AbortSignal fired while waiting. */
export class RunAborted extends Error {
  constructor() {
    super('aborted by the operator');
    this.name = 'RunAborted';
  }
}

/** Resolves like `promise`, or rejects with RunAborted as soon as `signal` aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new RunAborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new RunAborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Why a run was stopped from outside: the operator (Ctrl-C, SIGTERM, the abort key) or the operator's terminal
 * going away (a closed window, a dropped ssh session to the jump host: SIGHUP, then EIO on every write). The
 * caller passes it as the AbortController's reason; both stop at the same safe point and release the lock.
 */
export type StopCause = 'operator' | 'terminal-closed';

/** The cause an aborted signal carries (anything but `terminal-closed` counts as the operator). */
export function stopCause(signal: AbortSignal): StopCause {
  return signal.reason === 'terminal-closed' ? 'terminal-closed' : 'operator';
}

/** What the journal and the summary say about a stopped run. */
export function stopMessage(cause: StopCause): string {
  switch (cause) {
    case 'operator':
      return 'aborted by the operator';
    case 'terminal-closed':
      return 'interrupted: terminal closed';
    default: {
      const unknown: never = cause;
      return unknown;
    }
  }
}
