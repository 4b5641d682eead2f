import { describe, expect, it } from 'vitest';
import { createLineBatcher, type BatchTimer } from '../../source/lib/line-batcher.js';

/** A manual clock: timers fire only when the test says so. */
function manualTimer(): BatchTimer & { fire: () => void; armed: () => number; lastMs: () => number } {
  let callbacks: { callback: () => void; ms: number }[] = [];
  return {
    set: (callback, ms) => {
      const entry = { callback, ms };
      callbacks.push(entry);
      return entry;
    },
    clear: (handle) => {
      callbacks = callbacks.filter((entry) => entry !== handle);
    },
    fire: () => {
      const due = callbacks;
      callbacks = [];
      for (const entry of due) entry.callback();
    },
    armed: () => callbacks.length,
    lastMs: () => callbacks.at(-1)?.ms ?? -1,
  };
}

describe('createLineBatcher', () => {
  it('delivers many lines as one batch per interval, never one call per line', () => {
    const timer = manualTimer();
    const batches: string[][] = [];
    const batcher = createLineBatcher<string>({ sink: (batch) => batches.push(batch), timer });
    for (let index = 0; index < 1000; index += 1) batcher.push(`line ${index}`);
    expect(batches).toHaveLength(0);
    expect(timer.armed()).toBe(1);
    timer.fire();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(1000);
    expect(batches[0]?.[999]).toBe('line 999');
  });

  it('clamps the interval to 50–100 ms', () => {
    const timer = manualTimer();
    createLineBatcher<string>({ sink: () => {}, timer, intervalMs: 5 }).push('a');
    expect(timer.lastMs()).toBe(50);
    createLineBatcher<string>({ sink: () => {}, timer, intervalMs: 5000 }).push('a');
    expect(timer.lastMs()).toBe(100);
  });

  it('does not call the sink for an empty interval', () => {
    const timer = manualTimer();
    let calls = 0;
    const batcher = createLineBatcher<string>({ sink: () => (calls += 1), timer });
    batcher.flush();
    timer.fire();
    expect(calls).toBe(0);
  });

  it('flushes early at maxBatch and on close, then refuses pushes', () => {
    const timer = manualTimer();
    const batches: number[][] = [];
    const batcher = createLineBatcher<number>({ sink: (batch) => batches.push(batch), timer, maxBatch: 3 });
    batcher.pushAll([1, 2, 3, 4]);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(batcher.pending).toBe(1);
    batcher.close();
    expect(batches).toEqual([[1, 2, 3], [4]]);
    expect(() => batcher.push(5)).toThrow(/after close/);
  });

  it('works with real timers (waiting for the delivery, not for a time)', async () => {
    const delivered = new Promise<string[]>((resolve) => {
      const batcher = createLineBatcher<string>({ sink: resolve });
      batcher.push('x');
      batcher.push('y');
    });
    expect(await delivered).toEqual(['x', 'y']);
  });
});
