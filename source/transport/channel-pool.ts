// At most N channels open per connection (OpenSSH's MaxSessions 10 frees sessions late; 8 never failed), the
// rest wait in order. A kill request jumps the queue so a timeout is never stuck behind the work it interrupts.
import { TransportError } from './transport.js';

/** Limits concurrent channels on one connection and reports how many are open. */
export type ChannelPool = {
  run<T>(task: () => Promise<T>, options?: { priority?: boolean; signal?: AbortSignal }): Promise<T>;
  open(): number;
  queued(): number;
  /** Most channels ever open at once (instrumentation for tests and the bench). */
  peak(): number;
};

type Waiter = { start: () => void };

export function createChannelPool(
  limit: number,
  host: string,
  onChange?: (open: number) => void,
): ChannelPool {
  let open = 0;
  let peak = 0;
  const queue: Waiter[] = [];

  const release = (): void => {
    open -= 1;
    onChange?.(open);
    queue.shift()?.start();
  };
  const take = (): void => {
    open += 1;
    peak = Math.max(peak, open);
    onChange?.(open);
  };

  const acquire = (priority: boolean, signal?: AbortSignal): Promise<void> => {
    if (open < limit && queue.length === 0) {
      take();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const index = queue.indexOf(waiter);
        if (index !== -1) queue.splice(index, 1);
        reject(new TransportError('aborted', `${host}: cancelled while waiting for a free channel`));
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          take();
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (priority) queue.unshift(waiter);
      else queue.push(waiter);
    });
  };

  return {
    async run(task, options = {}) {
      await acquire(options.priority ?? false, options.signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
    open: () => open,
    queued: () => queue.length,
    peak: () => peak,
  };
}

/** Retries an open that failed with "Channel open failure" (the server had not freed a session yet). */
export async function openWithRetry<T>(open: () => Promise<T>, attempts = 6, firstDelayMs = 15): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await open();
    } catch (error) {
      const transient = error instanceof Error && /channel open failure/i.test(error.message);
      if (!transient || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, firstDelayMs * 2 ** (attempt - 1)));
    }
  }
}
