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
  // Never taller than the rows given: a pane drawn past its area overwrote the status line and footer
  // below it (side by side under a tall dialog). The caller decides how many panes fit (RunScreen shows
  // only the focused one when stacking would make them too small).
  const height = Math.max(1, rows - reservedRows);
  const sizes = (total: number): number[] =>
    Array.from({ length: count }, (_, index) => Math.floor(total / count) + (index < total % count ? 1 : 0));
  if (width >= sideBySideColumns) {
    return { direction: 'row', panes: sizes(width).map((paneWidth) => ({ width: paneWidth, height })) };
  }
  return { direction: 'column', panes: sizes(height).map((paneHeight) => ({ width, height: paneHeight })) };
}
