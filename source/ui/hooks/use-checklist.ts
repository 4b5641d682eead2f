// The checklist's keys: move the selection, open details with Enter, re-run with r, export with e.
import { initialList, reduceList, type ListState } from '../list-state.js';
import { useKeyLayer } from './use-key-dispatcher.js';
import { useLatestReducer } from './use-latest-reducer.js';

/** Options of {@link useChecklist}. */
export type UseChecklistOptions = {
  count: number;
  focused: boolean;
  onRerun?: () => void;
  onExport?: () => void;
};

/** The selection state, with the checklist's key layer registered while focused. */
export function useChecklist({ count, focused, onRerun, onExport }: UseChecklistOptions): ListState {
  const [state, dispatch] = useLatestReducer(reduceList, initialList);
  useKeyLayer({
    scopes: ['checklist', 'list'],
    active: focused,
    handlers: {
      'select-up': () => dispatch({ type: 'move', by: -1, count }),
      'select-down': () => dispatch({ type: 'move', by: 1, count }),
      top: () => dispatch({ type: 'top' }),
      bottom: () => dispatch({ type: 'bottom', count }),
      details: () => dispatch({ type: 'toggle-details' }),
      rerun: onRerun === undefined ? undefined : () => onRerun(),
      export: onExport === undefined ? undefined : () => onExport(),
    },
  });
  return state;
}
