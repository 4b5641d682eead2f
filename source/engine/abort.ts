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
