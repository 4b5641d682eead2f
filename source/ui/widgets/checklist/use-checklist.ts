// The checklist's keys: move the selection, open details with Enter, re-run with r, export with e.
import { initialList, reduceList, type ListState } from '../list/list-state.js';
import { useKeyLayer } from '../../hooks/use-key-dispatcher.js';
import { useLatestReducer } from '../../hooks/use-latest-reducer.js';

/** Options of {@link useChecklist}. */
export type UseChecklistOptions = {
  count: number;
  focused: boolean;
  onRerun?: () => void;
  onExport?: () => void;
  /** `f`: run the fix step of the selected criterion (its index in display order). */
  onFix?: (selected: number) => void;
};

/** The selection state, with the checklist's key layer registered while focused. */
export function useChecklist({ count, focused, onRerun, onExport, onFix }: UseChecklistOptions): ListState {
  const [state, dispatch, latest] = useLatestReducer(reduceList, initialList);
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
      'run-fix': onFix === undefined ? undefined : () => onFix(latest().selected),
    },
  });
  return state;
}
