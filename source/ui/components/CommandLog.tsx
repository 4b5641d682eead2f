// Every remote command with host, exit code and duration (lazygit's command log): transparency about
// what the console did. Commands arrive redacted; they are still sanitized for display.
import { Box, Text } from 'ink';
import { fitToWidth, sanitizeLine, truncateToWidth } from '../../lib/terminal-text.js';
import { formatDuration } from '../format-duration.js';
import { useTheme } from '../hooks/use-theme.js';

/** One executed (or running) command; `exitCode` null while running or when killed by a signal. */
export type CommandEntry = {
  id: string;
  host: string;
  command: string;
  exitCode: number | null;
  durationMs?: number;
  /** Set when the command was killed (e.g. SIGTERM after a timeout). */
  signal?: string;
};

/** Props of {@link CommandLog}: the newest `height - 1` entries are shown under a header row. */
export type CommandLogProps = {
  entries: readonly CommandEntry[];
  width: number;
  height: number;
  /** Housekeeping commands left out (shown: 0); the header says how many and which key shows them. */
  hidden?: number;
  housekeepingShown?: boolean;
};

/** The first line of a command, marked when the script has more lines. */
function oneLine(command: string): string {
  const lines = command.split('\n').filter((line) => line.trim() !== '');
  const first = sanitizeLine(lines[0] ?? '');
  return lines.length > 1 ? `${first} ⏎ +${lines.length - 1} lines` : first;
}

export function CommandLog({
  entries,
  width,
  height,
  hidden = 0,
  housekeepingShown = false,
}: CommandLogProps) {
  const theme = useTheme();
  const hostWidth = Math.min(12, Math.max(4, ...entries.map((entry) => entry.host.length)) + 1);
  const commandWidth = Math.max(1, width - hostWidth - 5 - 8);
  const shown = entries.slice(Math.max(0, entries.length - Math.max(0, height - 1)));
  return (
    <Box flexDirection="column" width={width}>
      <Text dimColor wrap="truncate-end">
        {fitToWidth('host', hostWidth) +
          fitToWidth('exit', 5) +
          'time'.padStart(7) +
          ' command' +
          (housekeepingShown
            ? '  (housekeeping shown · H hides)'
            : hidden > 0
              ? `  (${hidden} housekeeping hidden · H shows)`
              : '')}
      </Text>
      {shown.map((entry) => {
        const running =
          entry.exitCode === null && entry.signal === undefined && entry.durationMs === undefined;
        const exit =
          entry.signal !== undefined ? 'sig' : entry.exitCode === null ? '…' : String(entry.exitCode);
        const tone = running ? 'running' : entry.exitCode === 0 ? 'ok' : 'fail';
        return (
          <Text key={entry.id} wrap="truncate-end">
            {fitToWidth(sanitizeLine(entry.host), hostWidth)}
            <Text color={theme.tone(tone)}>{fitToWidth(exit, 5)}</Text>
            <Text dimColor>
              {(entry.durationMs === undefined ? '' : formatDuration(entry.durationMs)).padStart(7)}
            </Text>
            {` ${truncateToWidth(oneLine(entry.command), commandWidth)}`}
          </Text>
        );
      })}
    </Box>
  );
}
