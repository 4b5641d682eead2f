// The success criteria, grouped (Application, Observability, Integration), with live states, a selected
// row, a failure's details under it, and the "N/17 passing" summary.
import { Box, Text } from 'ink';
import { fitToWidth, truncateToWidth, sanitizeLine } from '../../../lib/terminal-text.js';
import {
  checklistRows,
  checklistSummary,
  type ChecklistItem,
  type CriterionState,
} from './checklist-view.js';
import { formatDuration } from '../../format-duration.js';
import { useTheme } from '../../hooks/use-theme.js';
import { windowAround } from '../list/list-window.js';
import { StatusIcon, type Status } from '../../components/StatusIcon.js';

/** Props of {@link Checklist}; `height` counts every row including the summary. */
export type ChecklistProps = {
  items: readonly ChecklistItem[];
  selected: number;
  expanded: boolean;
  width: number;
  height: number;
  focused: boolean;
  animate?: boolean;
};

const statusOf: Record<CriterionState, Status> = {
  pending: 'pending',
  running: 'running',
  passed: 'ok',
  failed: 'fail',
  skipped: 'skipped',
};

export function Checklist({
  items,
  selected,
  expanded,
  width,
  height,
  focused,
  animate = true,
}: ChecklistProps) {
  const theme = useTheme();
  // A failure's evidence (explanation, verdict, fix, output tail) gets the rows the screen can spare.
  const rows = checklistRows(items, selected, expanded, width - 6, Math.max(8, height - 6));
  const focusRow = rows.findIndex((row) => row.kind === 'item' && row.selected);
  // Keep the selected row and all of its details in view (the window leaves a third below its focus).
  const details = rows.filter((row) => row.kind === 'detail').length;
  const focus = focusRow + (expanded ? Math.min(details, Math.floor(((height - 1) * 2) / 3) - 1) : 0);
  // A row of its own says what the window leaves out (at 24 rows three of Integration's four criteria were
  // hidden under "Integration 4/4" with nothing saying so).
  const listRows = rows.length <= height - 1 ? height - 1 : height - 2;
  const { start, end } = windowAround(rows.length, focus, Math.max(1, listRows));
  const hidden = hiddenRows(start, rows.length - end);
  const allPassing = items.length > 0 && items.every((item) => item.state === 'passed');
  return (
    <Box flexDirection="column" width={width}>
      {rows.slice(start, end).map((row, position) => {
        switch (row.kind) {
          case 'group':
            return (
              <Text key={`g:${row.title}`} bold wrap="truncate-end">
                {`${row.title} ${row.passing}/${row.total}`}
              </Text>
            );
          case 'item': {
            const duration = row.item.durationMs === undefined ? '' : formatDuration(row.item.durationMs);
            const titleWidth = Math.max(1, width - 4 - 1 - duration.length);
            const pointer = row.selected && focused ? theme.symbols.pointer : ' ';
            return (
              <Text key={`i:${row.item.id}`} wrap="truncate-end">
                {`${pointer} `}
                <StatusIcon status={statusOf[row.item.state]} animate={animate} />{' '}
                <Text inverse={row.selected && focused} bold={row.selected}>
                  {fitToWidth(sanitizeLine(row.item.title), titleWidth)}
                </Text>
                <Text dimColor>{duration === '' ? '' : ` ${duration}`}</Text>
              </Text>
            );
          }
          case 'detail':
            return (
              <Text key={`d:${row.index}:${position}`} color={theme.tone('muted')} wrap="truncate-end">
                {`      ${row.text}`}
              </Text>
            );
          default: {
            const unknown: never = row;
            return <Text>{String(unknown)}</Text>;
          }
        }
      })}
      {hidden === undefined ? null : (
        <Text color={theme.tone('accent')} wrap="truncate-end">
          {truncateToWidth(hidden, width)}
        </Text>
      )}
      <Text bold color={theme.tone(allPassing ? 'ok' : 'warn')} wrap="truncate-end">
        {truncateToWidth(checklistSummary(items), width)}
      </Text>
    </Box>
  );
}

/** What the window leaves out, and the keys that show it; undefined when everything fits. */
function hiddenRows(above: number, below: number): string | undefined {
  const parts = [...(above > 0 ? [`↑ ${above} above`] : []), ...(below > 0 ? [`↓ ${below} more`] : [])];
  return parts.length === 0 ? undefined : `${parts.join(' · ')} · j/k move`;
}
