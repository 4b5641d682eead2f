import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import chalk from 'chalk';
import { cleanup, render } from 'ink-testing-library';
import { Header, type HeaderProps } from '../../../source/ui/components/Header.js';
import { expectFits, plainFrame } from '../support/frames.js';

afterEach(cleanup);

const props: HeaderProps = {
  profile: 'production',
  hosts: [
    { name: 'landsraad', connection: { state: 'connected', latencyMs: 12.4 } },
    { name: 'mentat', connection: { state: 'connecting' } },
  ],
  lock: { kind: 'held', owner: 'alice@laptop', ageMs: 7 * 60_000, stale: true },
  width: 120,
};

describe('Header', () => {
  it('shows the profile, hosts with state and latency, and the lock', () => {
    const frame = plainFrame(render(<Header {...props} mode="read-only" />));
    expect(frame).toContain('chom-console · production · read-only');
    // the latency is the time the connection took to open, and says so
    expect(frame).toContain('landsraad ● connect 12ms');
    expect(frame).toContain('mentat ○ connecting');
    expect(frame).toContain('lock: alice@laptop 7m00s (stale)');
  });

  it('when narrow, drops the connect times before any host state', () => {
    const frame = plainFrame(
      render(
        <Header
          {...props}
          hosts={[
            { name: 'landsraad', connection: { state: 'connected', latencyMs: 183 } },
            { name: 'mentat', connection: { state: 'connected', latencyMs: 184 } },
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
