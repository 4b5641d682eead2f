// A host's log pane: a bordered window over its ring buffer that draws only the visible rows.
import { Box, Text } from 'ink';
import { displayWidth, fitToWidth, truncateToWidth } from '../../../lib/terminal-text.js';
import { useTheme } from '../../hooks/use-theme.js';
import { fieldWindow } from '../form/text-field.js';
import { matchPosition, type LineSource, type LogLine, type LogViewState } from './log-view.js';
import { computeLogWindow, formatClock, type LogRow } from './log-window.js';

/** The failed-step mode: the pane shows one step's full output under a banner. */
export type FailedStep = { step: string; title: string; exitCode: number | null; hint?: string };

/** Props of {@link LogPane}; `width` and `height` include the border. */
export type LogPaneProps = {
  title: string;
  source: LineSource<LogLine>;
  state: LogViewState;
  width: number;
  height: number;
  focused: boolean;
  failure?: FailedStep;
  formatTime?: (ms: number) => string;
};

/** Content rows of a pane of `height` (border, title and status rows take 4; a failure banner 1 more). */
export function logPaneContentRows(height: number, failed: boolean): number {
  return Math.max(1, height - 4 - (failed ? 1 : 0));
}

const count = (value: number): string => value.toLocaleString('en-US');

function statusText(
  state: LogViewState,
  top: number,
  bottom: number,
  below: number,
  total: number,
  width: number,
): string {
  const search = state.search;
  const position = total === 0 ? '' : `${count(top + 1)}–${count(bottom)}/${count(total)}`;
  const right = below > 0 && !state.follow ? `↓ ${count(below)} more  ${position}` : position;
  // The prompt scrolls to keep its cursor in view beside the position.
  const room = Math.max(8, width - displayWidth(right) - 3);
  const left =
    search.kind === 'typing'
      ? `/${fieldWindow(search.draft, search.cursor, room)}`
      : search.kind === 'active'
        ? `match ${matchPosition(search)?.index ?? 0}/${search.matches.length} "${search.query}"`
        : '';
  return left === '' ? right : `${left}  ${right}`;
}

function Row({ row }: { row: LogRow }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end">
      {row.prefix === '' ? null : <Text dimColor>{row.prefix}</Text>}
      {row.segments.map((segment, index) =>
        segment.kind === 'plain' ? (
          <Text key={index}>{segment.text}</Text>
        ) : (
          <Text
            key={index}
            inverse
            bold={segment.kind === 'current'}
            color={theme.tone(segment.kind === 'current' ? 'warn' : 'accent')}
          >
            {segment.text}
          </Text>
        ),
      )}
    </Text>
  );
}

export function LogPane({
  title,
  source,
  state,
  width,
  height,
  focused,
  failure,
  formatTime = formatClock,
}: LogPaneProps) {
  const theme = useTheme();
  const inner = Math.max(1, width - 2);
  const rows = logPaneContentRows(height, failure !== undefined);
  const window = computeLogWindow(source, state, { width: inner, height: rows, formatTime });
  const flags = [
    state.follow ? `${theme.symbols.active} follow` : `${theme.symbols.pending} paused`,
    state.wrap ? 'wrap' : '',
    state.timestamps ? 'time' : '',
    source.dropped > 0 ? `⋯ ${count(source.dropped)} dropped` : '',
  ]
    .filter((flag) => flag !== '')
    .join(' · ');
  const titleText = truncateToWidth(title, Math.max(1, inner - displayWidth(flags) - 2));
  const banner =
    failure === undefined
      ? undefined
      : `${theme.symbols.fail} ${failure.title} failed (exit ${failure.exitCode ?? 'none'})${failure.hint ? ` · ${failure.hint}` : ''}`;
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle={theme.border(focused)}
      borderColor={focused ? theme.tone('accent') : theme.tone('muted')}
    >
      <Text wrap="truncate-end">
        <Text bold color={focused ? theme.tone('accent') : undefined}>
          {titleText}
        </Text>
        <Text dimColor>{`  ${flags}`}</Text>
      </Text>
      {banner === undefined ? null : (
        <Text wrap="truncate-end" color={theme.tone('fail')} bold>
          {truncateToWidth(banner, inner)}
        </Text>
      )}
      <Box flexDirection="column" height={rows}>
        {window.rows.length === 0 ? (
          <Text dimColor>(no output yet)</Text>
        ) : (
          window.rows.map((row) => <Row key={row.key} row={row} />)
        )}
      </Box>
      <Text dimColor wrap="truncate-end">
        {fitToWidth(
          statusText(
            state,
            window.top - source.dropped,
            window.bottom - source.dropped,
            window.below,
            source.length,
            inner,
          ),
          inner,
        )}
      </Text>
    </Box>
  );
}
