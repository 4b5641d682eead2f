// Output arrives line by line, often thousands per second; React must not re-render per line. The batcher
// collects lines and hands them to its sink at most once per interval (DESIGN.md: 50–100 ms).

/** The timer functions the batcher uses; injectable so tests drive time without sleeping. */
export type BatchTimer = {
  set: (callback: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
};

/** Options of {@link createLineBatcher}. */
export type LineBatcherOptions<T> = {
  /** Receives every non-empty batch, in push order. */
  sink: (batch: T[]) => void;
  /** Longest time a line waits before its batch is delivered; clamped to 50–100 ms. */
  intervalMs?: number;
  /** Deliver early when this many lines are waiting (keeps single batches bounded). */
  maxBatch?: number;
  timer?: BatchTimer;
};

/** A running batcher: `push` lines, `flush` to deliver now, `close` to deliver and stop. */
export type LineBatcher<T> = {
  push: (line: T) => void;
  pushAll: (lines: Iterable<T>) => void;
  flush: () => void;
  close: () => void;
  /** Lines waiting for the next delivery. */
  readonly pending: number;
};

const realTimer: BatchTimer = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createLineBatcher<T>(options: LineBatcherOptions<T>): LineBatcher<T> {
  const intervalMs = Math.min(100, Math.max(50, options.intervalMs ?? 75));
  const maxBatch = options.maxBatch ?? 10_000;
  const timer = options.timer ?? realTimer;
  let queue: T[] = [];
  let handle: unknown = undefined;
  let closed = false;

  const flush = (): void => {
    if (handle !== undefined) timer.clear(handle);
    handle = undefined;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    options.sink(batch);
  };

  const push = (line: T): void => {
    if (closed) throw new Error('LineBatcher: push after close; create a new batcher for a new stream');
    queue.push(line);
    if (queue.length >= maxBatch) flush();
    else if (handle === undefined) handle = timer.set(flush, intervalMs);
  };

  return {
    push,
    pushAll: (lines) => {
      for (const line of lines) push(line);
    },
    flush,
    close: () => {
      flush();
      closed = true;
    },
    get pending() {
      return queue.length;
    },
  };
}
