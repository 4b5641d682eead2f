// Phases and their steps with live states, durations and the "next" marker.
import { Box, Text } from 'ink';
import { fitToWidth, sanitizeLine, truncateToWidth } from '../../lib/terminal-text.js';
import { formatDuration } from '../format-duration.js';
import { useTheme } from '../hooks/use-theme.js';
import { windowAround } from '../widgets/list/list-window.js';
import { stepRows, type PhaseItem, type StepState } from '../step-view.js';
import { StatusIcon, type Status } from './StatusIcon.js';

/** Props of {@link StepList}. */
export type StepListProps = {
  phases: readonly PhaseItem[];
  width: number;
  height: number;
  animate?: boolean;
  /** The clock (ms) for the running step's elapsed time; without it only finished durations show. */
  now?: number;
};

const statusOf: Record<StepState, Status> = {
  pending: 'pending',
  'waiting-confirm': 'waiting',
  running: 'running',
  ok: 'ok',
  failed: 'fail',
  skipped: 'skipped',
};

export function StepList({ phases, width, height, animate = true, now }: StepListProps) {
  const theme = useTheme();
  const { rows, focus } = stepRows(phases);
  const { start, end } = windowAround(rows.length, focus, height);
  const hostWidth = width >= 60 ? 10 : 0;
  return (
    <Box flexDirection="column" width={width}>
      {rows.slice(start, end).map((row) => {
        if (row.kind === 'phase') {
          return (
            <Text key={`p:${row.phase.id}`} bold wrap="truncate-end">
              {truncateToWidth(
                `${sanitizeLine(row.phase.title)} ${row.done}/${row.phase.steps.length} · phase ${row.number}/${row.of}`,
                width,
              )}
            </Text>
          );
        }
        const { step } = row;
        const elapsed =
          step.state === 'running' && step.startedAt !== undefined && now !== undefined
            ? Math.max(0, now - step.startedAt)
            : undefined;
        const shown = elapsed ?? step.durationMs;
        const duration = shown === undefined ? '' : formatDuration(shown);
        const waiting = step.state === 'waiting-confirm' ? ' (confirm?)' : '';
        // a skipped step says why (its evidence) after its title, dimmed, as far as the width allows
        const why = step.state === 'skipped' && step.reason ? ` — ${step.reason}` : '';
        const titleWidth = Math.max(1, width - 4 - hostWidth - 7);
        return (
          <Text key={`s:${step.id}`} wrap="truncate-end">
            <Text color={theme.tone('accent')}>{row.next ? `${theme.symbols.next} ` : '  '}</Text>
            <StatusIcon status={statusOf[step.state]} animate={animate} />{' '}
            <Text
              bold={step.state === 'running'}
              color={step.state === 'failed' ? theme.tone('fail') : undefined}
            >
              {fitToWidth(
                sanitizeLine(step.title) + waiting,
                why ? Math.min(titleWidth, step.title.length + waiting.length) : titleWidth,
              )}
            </Text>
            {why ? (
              <Text dimColor>
                {fitToWidth(
                  sanitizeLine(why),
                  Math.max(0, titleWidth - Math.min(titleWidth, step.title.length + waiting.length)),
                )}
              </Text>
            ) : null}
            {hostWidth > 0 ? <Text dimColor>{fitToWidth(` ${step.host}`, hostWidth)}</Text> : null}
            <Text dimColor>{duration.padStart(7)}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
