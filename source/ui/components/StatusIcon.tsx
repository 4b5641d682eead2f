// One symbol per state, coloured when colour is on; running work spins (or shows ↻ when not animated).
import { Text } from 'ink';
import Spinner from 'ink-spinner';
import { useTheme } from '../hooks/use-theme.js';
import type { Tone } from '../theme.js';

/** The states every list shares (checks, steps, commands). */
export type Status = 'ok' | 'fail' | 'running' | 'pending' | 'waiting' | 'skipped';

const toneOf: Record<Status, Tone> = {
  ok: 'ok',
  fail: 'fail',
  running: 'running',
  pending: 'pending',
  waiting: 'waiting',
  skipped: 'skipped',
};

/** Props of {@link StatusIcon}; `animate: false` keeps frames stable (plain output, snapshots). */
export type StatusIconProps = { status: Status; animate?: boolean };

export function StatusIcon({ status, animate = true }: StatusIconProps) {
  const theme = useTheme();
  const color = theme.tone(toneOf[status]);
  if (status === 'running' && animate) {
    return (
      <Text color={color}>
        <Spinner type="dots" />
      </Text>
    );
  }
  const symbol = {
    ok: theme.symbols.ok,
    fail: theme.symbols.fail,
    running: theme.symbols.running,
    pending: theme.symbols.pending,
    waiting: theme.symbols.waiting,
    skipped: theme.symbols.skipped,
  }[status];
  return <Text color={color}>{symbol}</Text>;
}
