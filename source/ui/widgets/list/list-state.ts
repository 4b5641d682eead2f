// Selection in a list (checklist rows, rollback targets): move, jump, and expand the selected row.

/** The selected row and whether its details are open. */
export type ListState = { selected: number; expanded: boolean };

export type ListAction =
  | { type: 'move'; by: number; count: number }
  | { type: 'top' }
  | { type: 'bottom'; count: number }
  | { type: 'toggle-details' };

export const initialList: ListState = { selected: 0, expanded: false };

export function reduceList(state: ListState, action: ListAction): ListState {
  switch (action.type) {
    case 'move': {
      const selected = Math.min(Math.max(0, state.selected + action.by), Math.max(0, action.count - 1));
      return selected === state.selected ? state : { selected, expanded: false };
    }
    case 'top':
      return { selected: 0, expanded: false };
    case 'bottom':
      return { selected: Math.max(0, action.count - 1), expanded: false };
    case 'toggle-details':
      return { ...state, expanded: !state.expanded };
    default: {
      const unknown: never = action;
      throw new Error(`reduceList: unknown action ${JSON.stringify(unknown)}`);
    }
  }
}
