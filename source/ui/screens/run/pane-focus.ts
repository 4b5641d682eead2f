// Which pane of the run screen has the keyboard: Tab/Shift-Tab cycle, 1/2 jump.

/** A focus change asked for by a key. */
export type PaneFocusAction = { type: 'next' } | { type: 'prev' } | { type: 'jump'; index: number };

export function reducePaneFocus(focus: number, action: PaneFocusAction, count: number): number {
  if (count <= 0) return 0;
  switch (action.type) {
    case 'next':
      return (focus + 1) % count;
    case 'prev':
      return (focus - 1 + count) % count;
    case 'jump':
      return action.index < count ? action.index : focus;
    default: {
      const unknown: never = action;
      throw new Error(`reducePaneFocus: unknown action ${JSON.stringify(unknown)}`);
    }
  }
}
