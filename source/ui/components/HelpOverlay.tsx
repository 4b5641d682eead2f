// The `?` overlay, rendered from the keymap and grouped by scope: help cannot drift from the bindings.
// Groups flow into as many columns as the width allows. The lines are laid out here, cell by cell at
// exact display widths, and cut to the height with a scroll position: Ink's own flex columns inside a
// height-clipped box overlapped rows at 80×24 and let a third column run past the border.
import { Box, Text } from 'ink';
import { fitToWidth, wrapWords } from '../../lib/terminal-text.js';
import { useTheme } from '../hooks/use-theme.js';
import { bindingsFor, keyLabel, scopeTitles, type KeyScope } from '../keymap.js';

/** Props of {@link HelpOverlay}: which scopes to list (default: all), the space, the first line shown. */
export type HelpOverlayProps = {
  scopes?: readonly KeyScope[];
  width: number;
  height?: number;
  offset?: number;
};

const allScopes = Object.keys(scopeTitles) as KeyScope[];
const columnWidth = 38;
const gap = '  ';

/** One cell of a help line: a group title, a binding, or nothing. */
type Cell =
  { kind: 'title'; text: string } | { kind: 'binding'; key: string; text: string } | { kind: 'blank' };

/** Groups distributed over `count` columns by their rows, each group kept whole, filling columns in order. */
function distribute<T>(groups: T[][], count: number): T[][][] {
  const target = Math.ceil(groups.reduce((sum, group) => sum + group.length + 1, 0) / count);
  const columns: T[][][] = [[]];
  let filled = 0;
  for (const group of groups) {
    if (filled > 0 && filled + group.length + 1 > target && columns.length < count) {
      columns.push([]);
      filled = 0;
    }
    columns[columns.length - 1]?.push(group);
    filled += group.length + 1;
  }
  return columns;
}

/** A scope's cells: its title, then each binding with its keys and description wrapped by words. */
function groupCells(scope: KeyScope, cellWidth: number, keyWidth: number): Cell[] {
  return [
    { kind: 'title', text: scopeTitles[scope] },
    ...bindingsFor([scope]).flatMap((binding): Cell[] => {
      // a description cut short explained nothing: it takes the rows it needs
      const keyRows = wrapWords(binding.keys.map(keyLabel).join(' '), keyWidth - 1);
      const textRows = wrapWords(binding.description, cellWidth - keyWidth);
      return Array.from({ length: Math.max(keyRows.length, textRows.length) }, (_, row) => ({
        kind: 'binding',
        key: keyRows[row] ?? '',
        text: textRows[row] ?? '',
      }));
    }),
  ];
}

/** The overlay's layout: cell width, key width, and the lines (one cell per column each). */
export function helpLayout(scopes: readonly KeyScope[], width: number) {
  const inner = Math.max(10, width - 4);
  const count = Math.max(1, Math.floor((inner + gap.length) / columnWidth));
  const cellWidth = Math.floor((inner - gap.length * (count - 1)) / count);
  const keyWidth = Math.min(12, Math.floor(cellWidth / 3));
  const groups = allScopes
    .filter((scope) => scopes.includes(scope))
    .map((scope) => groupCells(scope, cellWidth, keyWidth));
  const columns = distribute(groups, count).map((column) =>
    column.flatMap((group, index): Cell[] => [...(index > 0 ? [{ kind: 'blank' } as const] : []), ...group]),
  );
  const rows = Math.max(0, ...columns.map((column) => column.length));
  const lines: Cell[][] = Array.from({ length: rows }, (_, row) =>
    columns.map((column) => column[row] ?? { kind: 'blank' }),
  );
  return { cellWidth, keyWidth, lines };
}

/** Lines the overlay can show in `height` rows (border and title take three). */
export const helpRows = (height: number | undefined): number =>
  height === undefined ? Number.POSITIVE_INFINITY : Math.max(1, height - 4);

export function HelpOverlay({ scopes = allScopes, width, height, offset = 0 }: HelpOverlayProps) {
  const theme = useTheme();
  const { cellWidth, keyWidth, lines } = helpLayout(scopes, width);
  const rows = helpRows(height);
  const first = Math.max(0, Math.min(offset, lines.length - Math.min(rows, lines.length)));
  const shown = lines.slice(first, first + rows);
  const more =
    shown.length < lines.length
      ? ` · lines ${first + 1}–${first + shown.length} of ${lines.length}, j/k scroll`
      : '';
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      overflow="hidden"
      borderStyle="round"
      borderColor={theme.tone('accent')}
      paddingX={1}
    >
      <Text bold wrap="truncate-end">{`Keys · ? or Esc closes${more}`}</Text>
      <Text> </Text>
      {shown.map((line, row) => (
        <Text key={first + row} wrap="truncate-end">
          {line.map((cell, column) => {
            const lead = column > 0 ? gap : '';
            switch (cell.kind) {
              case 'title':
                return (
                  <Text key={column} bold color={theme.tone('accent')}>
                    {lead + fitToWidth(cell.text, cellWidth)}
                  </Text>
                );
              case 'binding':
                return (
                  <Text key={column}>
                    {lead}
                    <Text bold>{fitToWidth(cell.key, keyWidth)}</Text>
                    {fitToWidth(cell.text, cellWidth - keyWidth)}
                  </Text>
                );
              case 'blank':
                return <Text key={column}>{lead + ' '.repeat(cellWidth)}</Text>;
              default: {
                const unknown: never = cell;
                return String(unknown);
              }
            }
          })}
        </Text>
      ))}
    </Box>
  );
}
