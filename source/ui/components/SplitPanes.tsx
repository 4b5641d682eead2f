// Lays out panes with `paneGeometry`: each pane is a render function that receives its exact size, so
// it can window its content to fit.
import { Box } from 'ink';
import type { ReactNode } from 'react';
import { paneGeometry } from '../layout.js';

/** Props of {@link SplitPanes}: the space available and one render function per pane. */
export type SplitPanesProps = {
  columns: number;
  rows: number;
  reservedRows?: number;
  panes: readonly ((size: { width: number; height: number }) => ReactNode)[];
};

export function SplitPanes({ columns, rows, reservedRows = 2, panes }: SplitPanesProps) {
  const geometry = paneGeometry(columns, rows, panes.length, reservedRows);
  return (
    <Box flexDirection={geometry.direction} width={columns}>
      {panes.map((render, index) => {
        const size = geometry.panes[index] ?? { width: columns, height: rows };
        return (
          <Box key={index} width={size.width} height={size.height} flexShrink={0} overflow="hidden">
            {render(size)}
          </Box>
        );
      })}
    </Box>
  );
}
