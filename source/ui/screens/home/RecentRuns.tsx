// Home's "Recent runs": the newest runs from their journals (result, duration, who, journal), as many as
// the rows left allow; h opens the whole history, where Enter reopens one.
import { Box, Text } from 'ink';
import { useState } from 'react';
import type { RunHistory } from '../../../engine/run/run-history.js';
import { sanitizeLine, truncateToWidth } from '../../../lib/terminal-text.js';
import type { AppServices } from '../../app-services.js';
import { useTheme } from '../../hooks/use-theme.js';
import { historyLines, homeHistoryLimit } from '../history/history-rows.js';

/** Props of {@link RecentRuns}. */
export type RecentRunsProps = { services: AppServices; width: number; rows: number };

function read(services: AppServices): RunHistory | string | undefined {
  try {
    return services.history?.(homeHistoryLimit);
  } catch (error) {
    return `cannot read the journals: ${(error as Error).message}`;
  }
}

const toneOf = (result: string | undefined): 'ok' | 'warn' | 'fail' =>
  result === 'ok' ? 'ok' : result === 'refused' ? 'warn' : 'fail';

export function RecentRuns({ services, width, rows }: RecentRunsProps) {
  const theme = useTheme();
  // home mounts afresh whenever the operator comes back to it, so a run that just ended is listed
  const [history] = useState(() => read(services));
  if (history === undefined || rows < 2) return null;
  const lines =
    typeof history === 'string'
      ? [{ text: history, tone: 'warn' as const }]
      : history.entries.length === 0
        ? [{ text: 'none yet', tone: 'muted' as const }]
        : historyLines(history.entries).map((text, index) => ({
            text,
            tone: toneOf(history.entries[index]?.result),
          }));
  return (
    <Box flexDirection="column" marginTop={rows > 3 ? 1 : 0}>
      <Text dimColor>Recent runs (h: history, reopen one)</Text>
      {lines.slice(0, rows > 3 ? rows - 2 : rows - 1).map((line, index) => (
        <Text key={index} color={theme.tone(line.tone)} wrap="truncate-end">
          {truncateToWidth(`  ${sanitizeLine(line.text)}`, width)}
        </Text>
      ))}
    </Box>
  );
}
