// The transport's round trip (the header's live latency), as cases of the transport suite: measured over the
// open connection with no channel, never connecting, and a frozen server seen as "no reply" until it answers.
import { expect, it } from 'vitest';
import { RoundTripWatch } from '../../source/engine/run/round-trip-watch.js';
import type { SshTransport, SshTransportOptions } from '../../source/transport/ssh-transport.js';
import { roundTripLabel } from '../../source/ui/round-trip-label.js';
import { waitFor } from '../helpers/wait-for.js';
import { rejection, type SuiteHost } from './transport-suite.js';

/** Registers the cases inside the suite's describe; `get` gives the host and a transport factory once set up. */
export function roundTripCases(
  get: () => { host: SuiteHost; open: (extra?: Partial<SshTransportOptions>) => SshTransport },
): void {
  it('times round trips over the open connection with a keepalive request: no channel, never connects', async () => {
    const fresh = get().open();
    // a sample never opens a connection
    expect((await rejection(fresh.roundTrip())).kind).toBe('connection-lost');
    expect(fresh.status()).toBe('idle');
    await fresh.connect();
    const samples: number[] = [];
    for (let i = 0; i < 5; i += 1) samples.push(await fresh.roundTrip());
    expect(
      samples.every((ms) => ms > 0 && ms < 10_000),
      samples.join(', '),
    ).toBe(true);
    expect(fresh.peakChannels()).toBe(0);
    // and the connection still carries commands in order with the replies interleaved
    const [echo, trip] = await Promise.all([fresh.exec({ command: 'echo after' }), fresh.roundTrip()]);
    expect(echo.stdout).toBe('after\n');
    expect(trip).toBeGreaterThan(0);
  });

  it('a host that stops answering shows as "no reply", then its round trips again once it answers', async (context) => {
    const freeze = get().host.freeze;
    if (freeze === undefined) return context.skip();
    const frozen = get().open();
    await frozen.connect();
    const watch = new RoundTripWatch(new Map([['testhost', () => frozen.roundTrip()]]), {
      intervalMs: 200,
    });
    let label = '';
    const stop = watch.subscribe((samples) => {
      label = roundTripLabel(samples.get('testhost'), Date.now())?.text ?? '';
    });
    const seen = () => roundTripLabel(watch.snapshot().get('testhost'), Date.now())?.text ?? '';
    try {
      await waitFor(
        () => seen().startsWith('rtt '),
        () => `a first round trip (label "${label}")`,
      );
      const thaw = await freeze();
      try {
        await waitFor(
          () => seen().startsWith('no reply for '),
          () => `"no reply" (label "${seen()}")`,
        );
      } finally {
        thaw();
      }
      await waitFor(
        () => seen().startsWith('rtt '),
        () => `round trips again (label "${seen()}")`,
      );
    } finally {
      stop();
    }
  });
}
