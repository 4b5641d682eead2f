// Which slice of a long list fits a given height while keeping one row (selection, running step) visible.

/** Row indexes [start, end) to show out of `count`, keeping `focus` visible with some context below it. */
export function windowAround(count: number, focus: number, height: number): { start: number; end: number } {
  const size = Math.max(1, height);
  if (count <= size) return { start: 0, end: count };
  const anchor = Math.min(Math.max(focus, 0), count - 1);
  // Keep about a third of the window below the focus so upcoming rows are visible too.
  const start = Math.min(Math.max(0, anchor - Math.ceil((size * 2) / 3) + 1), count - size);
  return { start, end: start + size };
}
