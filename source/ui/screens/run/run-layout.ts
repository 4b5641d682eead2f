// How the run screen divides its rows: the top region (step list or the open dialog), the optional
// command-log strip, the panes, a status line and the footer. At 80×24 every part keeps a usable size.

/** Rows of each region; `panes` is what remains for the log panes. */
export type RunLayout = { top: number; commandLog: number; panes: number };

/** Minimum rows of the pane area (one pane of 5 rows: border, title, 2 lines, status). */
const minPaneRows = 5;

export function runLayout(options: {
  height: number;
  /** Rows the top region wants (step list rows, or a dialog's estimate). */
  topWanted: number;
  /** The top region is a dialog: it gets what it asks for before the panes. */
  dialog: boolean;
  /** The dialog cannot scroll (a form): it may take the panes' rows too, down to none. */
  unscrollable?: boolean;
  commandLog: boolean;
}): RunLayout {
  const available = Math.max(0, options.height - 2);
  const commandLog = options.commandLog ? Math.min(8, Math.max(3, Math.floor(available / 4))) : 0;
  const rest = available - commandLog;
  const topCap = options.dialog ? rest - minPaneRows : Math.max(4, Math.floor(rest * 0.4));
  if (options.dialog && options.unscrollable === true && options.topWanted > topCap) {
    // a form taller than its share: whole, with the panes it leaves room for (none under 5 rows)
    const top = Math.min(options.topWanted, rest);
    const panes = rest - top >= minPaneRows ? rest - top : 0;
    return { top: rest - panes, commandLog, panes };
  }
  const top = Math.max(1, Math.min(options.topWanted, topCap));
  return { top, commandLog, panes: Math.max(minPaneRows, rest - top) };
}
