// The rollback picker's selection: which list has focus and the selected row of each.
import type { RollbackTarget } from './rollback-choice.js';

/** Focused list and the selected row per list. */
export type PickerState = { target: RollbackTarget; selected: Record<RollbackTarget, number> };

export type PickerAction =
  | { type: 'move'; by: number; count: number }
  | { type: 'toggle' }
  | { type: 'focus'; target: RollbackTarget };

export const initialPicker: PickerState = { target: 'app', selected: { app: 0, observability: 0 } };

export function reducePicker(state: PickerState, action: PickerAction): PickerState {
  switch (action.type) {
    case 'move': {
      const row = Math.min(
        Math.max(0, state.selected[state.target] + action.by),
        Math.max(0, action.count - 1),
      );
      return { ...state, selected: { ...state.selected, [state.target]: row } };
    }
    case 'toggle':
      return { ...state, target: state.target === 'app' ? 'observability' : 'app' };
    case 'focus':
      return { ...state, target: action.target };
    default: {
      const unknown: never = action;
      throw new Error(`reducePicker: unknown action ${JSON.stringify(unknown)}`);
    }
  }
}
