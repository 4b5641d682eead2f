// Responsive pane geometry: the two host panes sit side by side from 120 columns, stacked below that,
// and stay usable at 80×24.

/** Width at which panes go side by side. */
export const sideBySideColumns = 120;

/** Sizes of the panes for a terminal, after `reservedRows` (header, footer) are taken. */
export type PaneGeometry = {
  direction: 'row' | 'column';
  panes: { width: number; height: number }[];
};

/** Geometry for `count` panes in a `columns` × `rows` terminal. */
export function paneGeometry(columns: number, rows: number, count: number, reservedRows = 2): PaneGeometry {
  const width = Math.max(20, columns);
  const height = Math.max(6 * count, rows - reservedRows);
  const sizes = (total: number): number[] =>
    Array.from({ length: count }, (_, index) => Math.floor(total / count) + (index < total % count ? 1 : 0));
  if (width >= sideBySideColumns) {
    return { direction: 'row', panes: sizes(width).map((paneWidth) => ({ width: paneWidth, height })) };
  }
  return { direction: 'column', panes: sizes(height).map((paneHeight) => ({ width, height: paneHeight })) };
}
