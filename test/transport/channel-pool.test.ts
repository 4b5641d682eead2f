import { describe, expect, it } from 'vitest';
import { createChannelPool, openWithRetry } from '../../source/transport/channel-pool.js';

describe('channel pool', () => {
  it('never runs more than the limit at once and runs queued work in order', async () => {
    const pool = createChannelPool(2, 'h');
    const order: number[] = [];
    const gates: Array<() => void> = [];
    const tasks = [0, 1, 2, 3].map((i) =>
      pool.run(async () => {
        order.push(i);
        await new Promise<void>((resolve) => gates.push(resolve));
      }),
    );
    await Promise.resolve();
    expect(pool.open()).toBe(2);
    expect(pool.queued()).toBe(2);
    while (gates.length > 0 || order.length < 4) {
      gates.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(tasks);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(pool.peak()).toBe(2);
    expect(pool.open()).toBe(0);
  });

  it('drops a queued task whose signal aborts', async () => {
    const pool = createChannelPool(1, 'landsraad');
    let release!: () => void;
    const busy = pool.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const queued = pool.run(async () => 'ran', { signal: controller.signal });
    controller.abort();
    await expect(queued).rejects.toMatchObject({ kind: 'aborted' });
    release();
    await busy;
    expect(pool.queued()).toBe(0);
  });

  it('retries "Channel open failure" and gives up on other errors at once', async () => {
    let calls = 0;
    const value = await openWithRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('(SSH) Channel open failure: open failed');
        return 'open';
      },
      5,
      1,
    );
    expect(value).toBe('open');
    expect(calls).toBe(3);
    let other = 0;
    await expect(
      openWithRetry(async () => {
        other += 1;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(other).toBe(1);
  });
});
