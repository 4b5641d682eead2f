// The run history (h on home): every journalled run, newest first; Enter reopens the selected run's screen
// from its journal, read-only.
import { Box, Text } from 'ink';
import { useState } from 'react';
import {
  checksAfter,
  describeDamage,
  type HistoryEntry,
  type RunHistory,
} from '../../engine/run/run-history.js';
import { sanitizeLine, truncateToWidth } from '../../lib/terminal-text.js';
import type { AppServices } from '../app-services.js';
import { Footer } from '../components/Footer.js';
import { useKeyLayer } from '../hooks/use-key-dispatcher.js';
import { useLatestReducer } from '../hooks/use-latest-reducer.js';
import { useTheme } from '../hooks/use-theme.js';
import { initialList, reduceList } from '../widgets/list/list-state.js';
import { historyLines, screenHistoryLimit } from './history/history-rows.js';

/** Props of {@link HistoryScreen}. */
export type HistoryScreenProps = {
  services: AppServices;
  width: number;
  height: number;
  /** The row selected when the screen was last left (coming back from a reopened run). */
  selected?: number;
  /** `checks`: the verify that ran after the chosen deploy, if any (engine/run/run-history.ts checksAfter). */
  onOpen: (entry: HistoryEntry, selected: number, checks?: HistoryEntry) => void;
  onBack: () => void;
};

function readHistory(services: AppServices): RunHistory | string {
  if (services.history === undefined) return 'this console keeps no run history';
  try {
    return services.history(screenHistoryLimit);
  } catch (error) {
    return `cannot read the journals: ${(error as Error).message}`;
  }
}

function details(entry: HistoryEntry): string[] {
  return [
    `journal  ${entry.journal}`,
    ...(entry.resumedFrom !== null ? [`resumed  ${entry.resumedFrom}`] : []),
    ...(entry.resumedBy.length > 0 ? [`resumed by  ${entry.resumedBy.join(', ')}`] : []),
    ...(entry.message !== null ? [`said     ${entry.message}`] : []),
    ...(entry.damage !== null ? [`damaged  ${describeDamage(entry.damage)}`] : []),
  ];
}

export function HistoryScreen({
  services,
  width,
  height,
  selected: start,
  onOpen,
  onBack,
}: HistoryScreenProps) {
  const theme = useTheme();
  // read once per visit: runs do not change while this screen is shown (none can start from here)
  const [history] = useState(() => readHistory(services));
  const entries = typeof history === 'string' ? [] : history.entries;
  const [list, dispatch, latest] = useLatestReducer(reduceList, {
    ...initialList,
    selected: Math.min(start ?? 0, Math.max(0, entries.length - 1)),
  });
  const count = entries.length;
  useKeyLayer({
    scopes: ['menu', 'list', 'global'],
    handlers: {
      'select-up': () => dispatch({ type: 'move', by: -1, count }),
      'select-down': () => dispatch({ type: 'move', by: 1, count }),
      top: () => dispatch({ type: 'top' }),
      bottom: () => dispatch({ type: 'bottom', count }),
      back: onBack,
      choose: () => {
        const { selected } = latest();
        const entry = entries[selected];
        if (entry !== undefined) onOpen(entry, selected, checksAfter(entries, entry));
      },
    },
  });
  const lines = historyLines(entries);
  const selected = entries[list.selected];
  const more = selected === undefined ? [] : details(selected);
  const rows = Math.max(1, height - 4 - more.length);
  const first = Math.min(Math.max(0, list.selected - rows + 1), Math.max(0, count - rows));
  const empty =
    typeof history === 'string'
      ? history
      : count === 0
        ? `No runs yet: no journal under ${history.dir}. A deploy, rollback or verify writes one.`
        : undefined;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text dimColor wrap="truncate-end">
        {truncateToWidth(
          `Run history · ${count} run${count === 1 ? '' : 's'}, newest first · Enter reopens (read-only)`,
          width,
        )}
      </Text>
      {empty !== undefined ? (
        <Text color={theme.tone('muted')} wrap="truncate-end">
          {truncateToWidth(sanitizeLine(empty), width)}
        </Text>
      ) : null}
      {entries.slice(first, first + rows).map((entry, offset) => {
        const index = first + offset;
        const chosen = index === list.selected;
        const tone = entry.result === 'ok' ? 'ok' : entry.result === 'refused' ? 'warn' : 'fail';
        return (
          <Text key={entry.runId} wrap="truncate-end">
            <Text color={theme.tone('accent')}>{chosen ? `${theme.symbols.pointer} ` : '  '}</Text>
            <Text color={theme.tone(tone)} inverse={chosen}>
              {truncateToWidth(sanitizeLine(lines[index] ?? ''), Math.max(1, width - 2))}
            </Text>
          </Text>
        );
      })}
      <Box flexGrow={1} />
      {more.map((line, index) => (
        <Text key={index} dimColor wrap="truncate-end">
          {truncateToWidth(sanitizeLine(`  ${line}`), width)}
        </Text>
      ))}
      <Footer scopes={['menu', 'list', 'global']} width={width} />
    </Box>
  );
}
