// The confirmation dialog's state and decisions, without React. Focus starts on Cancel, so a stray Enter
// never runs a critical step; in type-to-confirm mode (production) only the exact host name confirms.

/** Which button has focus. */
export type ConfirmFocus = 'cancel' | 'confirm';

/** What the operator has done in the dialog so far. */
export type ConfirmState = { focus: ConfirmFocus; typed: string; mismatch: boolean };

export type ConfirmAction =
  { type: 'switch-focus' } | { type: 'type'; text: string } | { type: 'erase' } | { type: 'mismatch' };

export const initialConfirm: ConfirmState = { focus: 'cancel', typed: '', mismatch: false };

export function reduceConfirm(state: ConfirmState, action: ConfirmAction): ConfirmState {
  switch (action.type) {
    case 'switch-focus':
      return { ...state, focus: state.focus === 'cancel' ? 'confirm' : 'cancel' };
    case 'type':
      return { ...state, typed: state.typed + action.text, mismatch: false };
    case 'erase':
      return { ...state, typed: [...state.typed].slice(0, -1).join(''), mismatch: false };
    case 'mismatch':
      return { ...state, mismatch: true };
    default: {
      const unknown: never = action;
      throw new Error(`reduceConfirm: unknown action ${JSON.stringify(unknown)}`);
    }
  }
}

/** The outcome of a key: answer the gate, flag a wrong host name, or nothing yet. */
export type ConfirmOutcome = 'confirm' | 'cancel' | 'mismatch' | 'none';

/** Decides Enter / y / Esc. `expected` is the host name to type, when the profile demands typing. */
export function decideConfirm(
  state: ConfirmState,
  key: 'activate' | 'confirm' | 'cancel',
  expected: string | undefined,
): ConfirmOutcome {
  if (key === 'cancel') return 'cancel';
  if (expected === undefined) {
    if (key === 'confirm') return 'confirm';
    return state.focus === 'confirm' ? 'confirm' : 'cancel';
  }
  // Typing the exact host name is the deliberate act; `y` alone never confirms in this mode.
  if (key === 'confirm') return 'none';
  if (state.focus === 'cancel' && state.typed === '') return 'cancel';
  return state.typed === expected ? 'confirm' : 'mismatch';
}
