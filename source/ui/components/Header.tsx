// The top line: profile, each host's connection state and live round trip, and the deploy lock.
import { Box, Text } from 'ink';
import { displayWidth, sanitizeLine, truncateToWidth } from '../../lib/terminal-text.js';
import { formatDuration } from '../format-duration.js';
import { useTheme } from '../hooks/use-theme.js';
import type { RoundTripSample } from '../../engine/run/round-trip-watch.js';
import { roundTripLabel } from '../round-trip-label.js';
import type { Tone } from '../theme.js';

/** A host's connection as the header shows it. */
export type HostConnection =
  | { state: 'connecting' }
  /** `roundTrip`: the live measure over the open connection (engine/run/round-trip-watch.ts), when there is one. */
  | { state: 'connected'; roundTrip?: RoundTripSample }
  | { state: 'disconnected' }
  | { state: 'failed'; reason: string };

/** The deploy lock: free, ours, or someone else's (stale after its heartbeat stopped). */
export type LockView =
  | { kind: 'unknown' }
  | { kind: 'free' }
  | { kind: 'ours' }
  | { kind: 'held'; owner: string; ageMs: number; stale: boolean };

/** Props of {@link Header}. */
export type HeaderProps = {
  profile: string;
  hosts: readonly { name: string; connection: HostConnection }[];
  lock: LockView;
  /** E.g. "read-only" during assessment and verify. */
  mode?: string;
  /** The hosts are real servers (not the sandbox): the profile and host names take the production colour. */
  production?: boolean;
  width: number;
  /** The clock the round trips' ages are read against (epoch ms). */
  now?: number;
};

function hostText(
  connection: HostConnection,
  symbols: { active: string; pending: string; fail: string; waiting: string },
  now: number,
): [string, Tone] {
  switch (connection.state) {
    case 'connecting':
      return [`${symbols.pending} connecting`, 'running'];
    case 'connected': {
      const label = roundTripLabel(connection.roundTrip, now);
      if (label === undefined) return [symbols.active, 'ok'];
      // a host that stopped answering changes its symbol too: at 80 columns the symbol is all that shows
      return label.warn
        ? [`${symbols.waiting} ${label.text}`, 'warn']
        : [`${symbols.active} ${label.text}`, 'ok'];
    }
    case 'disconnected':
      return [`${symbols.pending} offline`, 'muted'];
    case 'failed':
      return [`${symbols.fail} ${sanitizeLine(connection.reason)}`, 'fail'];
    default: {
      const unknown: never = connection;
      return [String(unknown), 'muted'];
    }
  }
}

function lockText(lock: LockView): [string, Tone] {
  switch (lock.kind) {
    case 'unknown':
      return ['lock ?', 'muted'];
    case 'free':
      return ['lock free', 'muted'];
    case 'ours':
      return ['lock held by you', 'ok'];
    case 'held':
      return [
        `lock: ${sanitizeLine(lock.owner)} ${formatDuration(lock.ageMs)}${lock.stale ? ' (stale)' : ''}`,
        lock.stale ? 'warn' : 'fail',
      ];
    default: {
      const unknown: never = lock;
      return [String(unknown), 'muted'];
    }
  }
}

export function Header({ profile, hosts, lock, mode, production, width, now = Date.now() }: HeaderProps) {
  const theme = useTheme();
  const [lockLabel, lockTone] = lockText(lock);
  const left = `chom-console · ${sanitizeLine(profile)}${mode ? ` · ${mode}` : ''}`;
  const parts = hosts.map((host) => {
    const [label, tone] = hostText(host.connection, theme.symbols, now);
    return { name: sanitizeLine(host.name), label, tone };
  });
  // When narrow, the lock keeps its place and host details shrink first.
  const room = width - displayWidth(left) - displayWidth(lockLabel) - 4;
  const whole =
    parts.reduce((sum, part) => sum + displayWidth(`  ${part.name} ${part.label}`), 0) <= room + 2;
  // next best: every host with its state symbol only (the round trip is the first thing to go)
  const symbols =
    !whole &&
    parts.reduce((sum, part) => sum + displayWidth(`  ${part.name} ${hostLabel(part.label, 1)}`), 0) <=
      room + 2;
  const perHost =
    whole || symbols
      ? Number.POSITIVE_INFINITY
      : parts.length === 0
        ? 0
        : Math.floor(room / parts.length) - 2;
  return (
    <Box width={width}>
      <Text wrap="truncate-end">
        <Text bold color={theme.tone(production ? 'production' : 'accent')}>
          {left}
        </Text>
        {parts.map((part) => (
          <Text key={part.name}>
            {'  '}
            <Text bold color={production ? theme.tone('production') : undefined}>
              {truncateToWidth(part.name, Math.max(3, perHost))}
            </Text>
            {perHost - displayWidth(part.name) > 2 ? (
              <Text
                color={theme.tone(part.tone)}
              >{` ${symbols ? hostLabel(part.label, 1) : hostLabel(part.label, perHost - displayWidth(part.name) - 1)}`}</Text>
            ) : null}
          </Text>
        ))}
        {'  '}
        <Text color={theme.tone(lockTone)}>{lockLabel}</Text>
      </Text>
    </Box>
  );
}

/** A host's label in `room` columns: whole, else its first word (the state symbol), else cut. */
function hostLabel(label: string, room: number): string {
  if (displayWidth(label) <= room) return label;
  const symbol = label.split(' ')[0] ?? '';
  return displayWidth(symbol) <= room ? symbol : truncateToWidth(label, room);
}
