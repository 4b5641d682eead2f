// Home: the profile, both hosts (connected, latency, verified fingerprint), the lock, the live release and
// commit on the app host, SMTP on the observability host, runtime notes, and the actions (single keys or
// the list with j/k and Enter).
import { Box, Text } from 'ink';
import { fitToWidth, sanitizeLine, truncateToWidth } from '../../lib/terminal-text.js';
import type { AppServices, HomeFacts, HostStatus, LockFact } from '../app-services.js';
import { Footer } from '../components/Footer.js';
import { formatDuration } from '../format-duration.js';
import type { AsyncState } from '../hooks/use-async.js';
import { useKeyLayer } from '../hooks/use-key-dispatcher.js';
import { useLatestReducer } from '../hooks/use-latest-reducer.js';
import { wrapText } from '../widgets/confirm/confirm-layout.js';
import { useTheme } from '../hooks/use-theme.js';
import { initialList, reduceList } from '../widgets/list/list-state.js';
import { homeEntries, type HomeAction } from './home/home-actions.js';
import { HostRow } from './home/HostRow.js';
import { RecentRuns } from './home/RecentRuns.js';

/** Props of {@link HomeScreen}. */
export type HomeScreenProps = {
  services: AppServices;
  hosts: AsyncState<HostStatus[]>;
  facts: AsyncState<HomeFacts>;
  width: number;
  height: number;
  /** A message from the last action (e.g. why a run could not start). */
  message?: string;
  onAction: (action: HomeAction) => void;
};

function lockLine(lock: LockFact): string {
  switch (lock.kind) {
    case 'unknown':
      return 'unknown';
    case 'free':
      return 'free';
    case 'ours':
      return 'held by this console';
    case 'held':
      return `held by ${lock.owner} for ${formatDuration(lock.ageMs)}${lock.stale ? ' (stale: a deploy can take it over)' : ''}`;
    default: {
      const unknown: never = lock;
      return String(unknown);
    }
  }
}

function Fact({ label, value, width }: { label: string; value: string; width: number }) {
  return (
    <Text wrap="truncate-end">
      <Text dimColor>{fitToWidth(label, 9)}</Text>
      {truncateToWidth(sanitizeLine(value), Math.max(1, width - 9))}
    </Text>
  );
}

export function HomeScreen({ services, hosts, facts, width, height, message, onAction }: HomeScreenProps) {
  const theme = useTheme();
  const [list, dispatch, latest] = useLatestReducer(reduceList, initialList);
  const count = homeEntries.length;
  useKeyLayer({
    scopes: ['home', 'menu', 'list'],
    handlers: {
      'start-assess': () => onAction('assess'),
      'start-deploy': () => onAction('deploy'),
      'start-verify': () => onAction('verify'),
      'open-history': () => onAction('history'),
      'select-up': () => dispatch({ type: 'move', by: -1, count }),
      'select-down': () => dispatch({ type: 'move', by: 1, count }),
      top: () => dispatch({ type: 'top' }),
      bottom: () => dispatch({ type: 'bottom', count }),
      choose: () => onAction(homeEntries[latest().selected]?.action ?? 'quit'),
    },
  });
  const known = facts.kind === 'ready' ? facts.value : undefined;
  const factText = (value: string | undefined): string =>
    facts.kind === 'loading'
      ? 'reading…'
      : facts.kind === 'failed'
        ? `unknown (${facts.message})`
        : (value ?? 'unknown');
  // `release R · commit C`; where that does not fit (a sandbox commit with its seed name at 80 columns), the
  // words go and the values stay: `R · 22f330d (7f572d2 in the report)`
  const long = known?.liveRelease
    ? `release ${known.liveRelease}${known.liveCommit ? ` · commit ${known.liveCommit}` : ''}`
    : undefined;
  const release =
    long !== undefined && known?.liveCommit && appHost(services).length + 2 + long.length > width - 9
      ? `${known.liveRelease} · ${known.liveCommit}`
      : long;
  // Notes (the sandbox's demo credentials) wrap by words and come first; the profile's description gets
  // the rows left and says it was cut. 15 rows are fixed: hosts, facts, actions, message and footer.
  const valueWidth = Math.max(10, width - 9);
  const noteRows = (services.runtimeNotes ?? [])
    .flatMap((note) => wrapText(note, valueWidth))
    .slice(0, Math.max(0, height - 16));
  const description = services.profile.description ? ` — ${services.profile.description}` : '';
  const profileAll = wrapText(`${services.profileName}${description}`, valueWidth);
  const profileRoom = Math.max(1, height - 15 - noteRows.length);
  const profileRows =
    profileAll.length <= profileRoom
      ? profileAll
      : [
          ...profileAll.slice(0, profileRoom - 1),
          truncateToWidth(`${profileAll[profileRoom - 1] ?? ''} …`, valueWidth),
        ];
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {profileRows.map((row, index) => (
        <Fact key={`p${index}`} label={index === 0 ? 'Profile' : ''} value={row} width={width} />
      ))}
      <Text dimColor>Hosts</Text>
      {hosts.kind === 'ready' ? (
        hosts.value.map((host) => <HostRow key={host.name} host={host} width={width} />)
      ) : (
        <Text color={theme.tone(hosts.kind === 'failed' ? 'fail' : 'muted')} wrap="truncate-end">
          {truncateToWidth(
            hosts.kind === 'failed' ? `  cannot reach the hosts: ${hosts.message}` : '  connecting…',
            width,
          )}
        </Text>
      )}
      <Fact
        label="Lock"
        value={facts.kind === 'ready' ? lockLine(facts.value.lock) : factText(undefined)}
        width={width}
      />
      <Fact label="Live" value={`${appHost(services)}: ${factText(release)}`} width={width} />
      <Fact label="SMTP" value={`${obsHost(services)}: ${factText(known?.smtp)}`} width={width} />
      {noteRows.map((row, index) => (
        <Text key={index} color={theme.tone('warn')} wrap="truncate-end">
          {`${index === 0 ? 'Notes    ' : '         '}${row}`}
        </Text>
      ))}
      <Box marginTop={1} flexDirection="column">
        <Text dimColor>Actions</Text>
        {homeEntries.map((entry, index) => {
          const selected = index === list.selected;
          return (
            <Text key={entry.action} wrap="truncate-end">
              <Text color={theme.tone('accent')}>{selected ? `${theme.symbols.pointer} ` : '  '}</Text>
              <Text bold color={theme.tone('accent')}>
                {entry.key}
              </Text>
              <Text inverse={selected}>{` ${truncateToWidth(entry.label, width - 5)}`}</Text>
            </Text>
          );
        })}
      </Box>
      <RecentRuns
        services={services}
        width={width}
        rows={height - 9 - Object.keys(services.profile.hosts).length - homeEntries.length - noteRows.length}
      />
      <Box flexGrow={1} />
      <Text color={theme.tone('warn')} wrap="truncate-end">
        {truncateToWidth(sanitizeLine(message ?? ''), width)}
      </Text>
      <Footer scopes={['home', 'menu', 'global']} width={width} />
    </Box>
  );
}

/** The host with the app role (landsraad), else the first host. */
export function appHost(services: AppServices): string {
  return hostWithRole(services, 'app', 0);
}

/** The host with the observability role (mentat), else the second host. */
export function obsHost(services: AppServices): string {
  return hostWithRole(services, 'observability', 1);
}

function hostWithRole(services: AppServices, role: string, fallback: number): string {
  const entries = Object.entries(services.profile.hosts);
  const found = entries.find(([, host]) => host.roles.includes(role));
  return found?.[0] ?? entries[fallback]?.[0] ?? entries[0]?.[0] ?? '?';
}
