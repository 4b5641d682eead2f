import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import chalk from 'chalk';
import { cleanup, render } from 'ink-testing-library';
import { Header, type HeaderProps } from '../../../source/ui/components/Header.js';
import type { RoundTripSample } from '../../../source/engine/run/round-trip-watch.js';
import { LiveHeader } from '../../../source/ui/components/LiveHeader.js';
import { expectFits, plainFrame, waitForFrame, waitForText } from '../support/frames.js';

afterEach(cleanup);

const now = Date.parse('2026-12-06T09:00:00Z');

const props: HeaderProps = {
  profile: 'production',
  hosts: [
    {
      name: 'landsraad',
      connection: { state: 'connected', roundTrip: { last: { ms: 12.4, at: now - 3000 } } },
    },
    { name: 'mentat', connection: { state: 'connecting' } },
  ],
  lock: { kind: 'held', owner: 'alice@laptop', ageMs: 7 * 60_000, stale: true },
  width: 140,
  now,
};

describe('Header', () => {
  it('shows the profile, hosts with state and latency, and the lock', () => {
    const frame = plainFrame(render(<Header {...props} mode="read-only" />));
    expect(frame).toContain('chom-console · production · read-only');
    // the latency is the last round trip over the open connection, with its age
    expect(frame).toContain('landsraad ● rtt 12ms 3s ago');
    expect(frame).toContain('mentat ○ connecting');
    expect(frame).toContain('lock: alice@laptop 7m00s (stale)');
  });

  it('says how long a host has not answered once its request waits past a few seconds', () => {
    const waiting = (since: number): HeaderProps['hosts'] => [
      {
        name: 'mentat',
        connection: {
          state: 'connected',
          roundTrip: { last: { ms: 9, at: now - 20_000 }, waitingSince: now - since },
        },
      },
    ];
    // a request in flight for a moment is normal: the last round trip still shows
    expect(plainFrame(render(<Header {...props} hosts={waiting(1000)} />))).toContain(
      'mentat ● rtt 9ms 20s ago',
    );
    expect(plainFrame(render(<Header {...props} hosts={waiting(8000)} />))).toContain(
      'mentat ? no reply for 8s',
    );
  });

  it('when narrow, drops the round trips before any host state', () => {
    const frame = plainFrame(
      render(
        <Header
          {...props}
          hosts={[
            {
              name: 'landsraad',
              connection: { state: 'connected', roundTrip: { last: { ms: 183, at: now } } },
            },
            { name: 'mentat', connection: { state: 'connected', roundTrip: { last: { ms: 184, at: now } } } },
          ]}
          lock={{ kind: 'free' }}
          mode="verify (read-only)"
          width={80}
        />,
      ),
    );
    expect(frame).toContain('landsraad ●  mentat ●  lock free');
  });

  it('shows failures and our own lock', () => {
    const frame = plainFrame(
      render(
        <Header
          {...props}
          hosts={[{ name: 'mentat', connection: { state: 'failed', reason: 'host key changed' } }]}
          lock={{ kind: 'ours' }}
        />,
      ),
    );
    expect(frame).toContain('mentat ✗ host key changed');
    expect(frame).toContain('lock held by you');
  });

  it('stays on one line at 80 columns, keeping the lock visible', () => {
    const frame = plainFrame(render(<Header {...props} width={80} />));
    expect(frame.split('\n')).toHaveLength(1);
    expect(frame).toContain('(stale)');
    expectFits(frame, 80);
  });
});

describe('Header: which world', () => {
  const level = chalk.level;
  beforeAll(() => {
    chalk.level = 1; // the test runner's stdout is not a terminal: ask for the 16 colours a terminal gets
  });
  afterAll(() => {
    chalk.level = level;
  });
  const magenta = '\u001b[35m';

  it('names a production profile and its hosts in the production colour (magenta), the sandbox not', () => {
    const real = render(<Header {...props} production />).lastFrame() ?? '';
    expect(real).toContain(`\u001b[1m${magenta}chom-console · production`);
    expect(real).toContain(`\u001b[1m${magenta}landsraad`);
    expect(real).toContain(`\u001b[1m${magenta}mentat`);
    const sandbox = render(<Header {...props} profile="sandbox" />).lastFrame() ?? '';
    expect(sandbox).toContain('chom-console · sandbox');
    expect(sandbox).not.toContain(magenta);
  });
});

describe('LiveHeader', () => {
  it('shows the round trips the services measure, subscribed while mounted', async () => {
    let listener: ((samples: ReadonlyMap<string, RoundTripSample>) => void) | undefined;
    let unsubscribed = false;
    const services = {
      watchRoundTrips: (next: (samples: ReadonlyMap<string, RoundTripSample>) => void) => {
        listener = next;
        return () => {
          unsubscribed = true;
        };
      },
    };
    const instance = render(
      <LiveHeader
        services={services}
        profile="sandbox"
        hosts={[{ name: 'mentat', connection: { state: 'connected' } }]}
        lock={{ kind: 'free' }}
        width={80}
      />,
    );
    await waitForFrame(instance, () => listener !== undefined);
    expect(plainFrame(instance)).toContain('mentat ●  lock free');
    listener!(new Map([['mentat', { last: { ms: 4, at: Date.now() } }]]));
    await waitForText(instance, 'mentat ● rtt 4ms 0s ago');
    instance.unmount();
    expect(unsubscribed).toBe(true);
  });
});
