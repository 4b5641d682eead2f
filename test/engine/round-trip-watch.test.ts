import { describe, expect, it } from 'vitest';
import { RoundTripWatch } from '../../source/engine/run/round-trip-watch.js';
import { roundTripLabel } from '../../source/ui/round-trip-label.js';

/** A probe answered by hand: each call waits until the test answers it. */
function manualProbe() {
  const pending: ((ms: number) => void)[] = [];
  const failures: ((error: Error) => void)[] = [];
  return {
    calls: () => pending.length,
    probe: () =>
      new Promise<number>((resolve, reject) => {
        pending.push(resolve);
        failures.push(reject);
      }),
    answer: (ms: number) => pending.at(-1)!(ms),
    fail: () => failures.at(-1)!(new Error('not connected')),
  };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('RoundTripWatch', () => {
  it('keeps one request in flight per host and says how long an unanswered one has waited', async () => {
    let now = 1_000_000;
    const host = manualProbe();
    const watch = new RoundTripWatch(new Map([['mentat', host.probe]]), { now: () => now });
    watch.sample();
    host.answer(12);
    await settled();
    expect(watch.snapshot().get('mentat')).toEqual({ last: { ms: 12, at: now } });
    now += 2000;
    expect(roundTripLabel(watch.snapshot().get('mentat'), now)?.text).toBe('rtt 12ms 2s ago');
    // the host stops answering: further samples send nothing more, the wait grows
    watch.sample();
    watch.sample();
    watch.sample();
    expect(host.calls()).toBe(2);
    now += 8000;
    expect(roundTripLabel(watch.snapshot().get('mentat'), now)).toEqual({
      text: 'no reply for 8s',
      warn: true,
    });
    host.answer(40);
    await settled();
    expect(roundTripLabel(watch.snapshot().get('mentat'), now)?.text).toBe('rtt 40ms 0s ago');
  });

  it('shows nothing for a host without an open connection (the probe refuses; it never connects)', async () => {
    const host = manualProbe();
    const watch = new RoundTripWatch(new Map([['landsraad', host.probe]]));
    watch.sample();
    host.fail();
    await settled();
    expect(watch.snapshot().has('landsraad')).toBe(false);
  });

  it('samples only while someone listens, and tells each listener', async () => {
    const host = manualProbe();
    const watch = new RoundTripWatch(new Map([['mentat', host.probe]]), { intervalMs: 60_000 });
    const seen: number[] = [];
    const stop = watch.subscribe((samples) => {
      const last = samples.get('mentat')?.last;
      if (last) seen.push(last.ms);
    });
    expect(host.calls()).toBe(1);
    host.answer(7);
    await settled();
    expect(seen).toEqual([7]);
    stop();
    watch.sample();
    host.answer(9);
    await settled();
    expect(seen).toEqual([7]);
  });
});
