// One host on the home screen: connected or not, latency, the verified fingerprint and how it is trusted.
import { Text } from 'ink';
import { fitToWidth, sanitizeLine, truncateToWidth } from '../../../lib/terminal-text.js';
import type { HostStatus } from '../../app-services.js';
import { useTheme } from '../../hooks/use-theme.js';

/** Props of {@link HostRow}. */
export type HostRowProps = { host: HostStatus; width: number };

export function HostRow({ host, width }: HostRowProps) {
  const theme = useTheme();
  const state = host.connected
    ? `${theme.symbols.active} connected${host.latencyMs === undefined ? '' : ` in ${Math.round(host.latencyMs)}ms`}`
    : `${theme.symbols.fail} ${host.error ? sanitizeLine(host.error) : 'not connected'}`;
  const key = host.fingerprint
    ? `${width >= 110 ? host.fingerprint : `${host.fingerprint.slice(0, 19)}…`}${host.trust ? ` (${host.trust})` : ''}`
    : '';
  return (
    <Text wrap="truncate-end">
      {'  '}
      <Text bold>{fitToWidth(sanitizeLine(host.name), 11)}</Text>
      <Text dimColor>{fitToWidth(sanitizeLine(host.address), 17)}</Text>
      <Text color={theme.tone(host.connected ? 'ok' : 'fail')}>{fitToWidth(state, 22)}</Text>
      <Text dimColor>{truncateToWidth(key, Math.max(0, width - 52))}</Text>
    </Text>
  );
}
