// The `?` overlay, rendered from the keymap and grouped by scope: help cannot drift from the bindings.
// Groups flow into as many columns as the width allows, so the keys of a view fit 80×24.
import { Box, Text } from 'ink';
import { fitToWidth, truncateToWidth } from '../../lib/terminal-text.js';
import { useTheme } from '../hooks/use-theme.js';
import { bindingsFor, keyLabel, scopeTitles, type KeyScope } from '../keymap.js';

/** Props of {@link HelpOverlay}: which scopes to list (default: all), and the space available. */
export type HelpOverlayProps = { scopes?: readonly KeyScope[]; width: number; height?: number };

const allScopes = Object.keys(scopeTitles) as KeyScope[];
const columnWidth = 38;

/** Groups distributed over `count` columns, each group kept whole, filling columns in order. */
function distribute(scopes: KeyScope[], count: number): KeyScope[][] {
  const sizes = scopes.map((scope) => bindingsFor([scope]).length + 2);
  const target = Math.ceil(sizes.reduce((sum, size) => sum + size, 0) / count);
  const columns: KeyScope[][] = [[]];
  let filled = 0;
  scopes.forEach((scope, index) => {
    const size = sizes[index] ?? 0;
    if (filled > 0 && filled + size > target && columns.length < count) {
      columns.push([]);
      filled = 0;
    }
    columns[columns.length - 1]?.push(scope);
    filled += size;
  });
  return columns;
}

export function HelpOverlay({ scopes = allScopes, width, height }: HelpOverlayProps) {
  const theme = useTheme();
  const inner = Math.max(10, width - 4);
  const count = Math.max(1, Math.floor((inner + 2) / columnWidth));
  const columnInner = Math.floor((inner - 2 * (count - 1)) / count);
  const keyColumn = Math.min(12, Math.floor(columnInner / 3));
  const columns = distribute(
    allScopes.filter((scope) => scopes.includes(scope)),
    count,
  );
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
      <Text bold>Keys · ? or Esc closes</Text>
      <Box gap={2}>
        {columns.map((column, index) => (
          <Box key={index} flexDirection="column" width={columnInner}>
            {column.map((scope) => (
              <Box key={scope} flexDirection="column" marginTop={1}>
                <Text bold color={theme.tone('accent')}>
                  {scopeTitles[scope]}
                </Text>
                {bindingsFor([scope]).map((binding) => (
                  <Text key={`${binding.action}:${binding.keys.join(' ')}`} wrap="truncate-end">
                    <Text bold>{fitToWidth(binding.keys.map(keyLabel).join(' '), keyColumn)}</Text>
                    {truncateToWidth(binding.description, columnInner - keyColumn)}
                  </Text>
                ))}
              </Box>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
