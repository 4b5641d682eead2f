// The confirmation dialog's keys: y / n / Esc / Enter / Tab / ↑↓ per the keymap, and typing in production.
import {
  decideConfirm,
  initialConfirm,
  reduceConfirm,
  type ConfirmOutcome,
  type ConfirmState,
} from './confirm-state.js';
import type { KeyPress } from '../../key-press.js';
import { hasControlCharacters } from '../../../lib/terminal-text.js';
import { useKeyLayer } from '../../hooks/use-key-dispatcher.js';
import { useLatestReducer } from '../../hooks/use-latest-reducer.js';

/** Options of {@link useConfirmDialog}. */
export type UseConfirmDialogOptions = {
  /** The host name the operator must type, or undefined when a key press suffices. */
  expected: string | undefined;
  onConfirm: () => void;
  onCancel: () => void;
  /** Scrolls the dialog's body, when it has more than fits. */
  onScroll?: (by: 'up' | 'down' | 'page-up' | 'page-down') => void;
};

/** The dialog's state, with its key layer registered while mounted. */
export function useConfirmDialog({
  expected,
  onConfirm,
  onCancel,
  onScroll,
}: UseConfirmDialogOptions): ConfirmState {
  const [state, dispatch, latest] = useLatestReducer(reduceConfirm, initialConfirm);
  const typing = expected !== undefined;
  const settle = (outcome: ConfirmOutcome): void => {
    if (outcome === 'confirm') onConfirm();
    else if (outcome === 'cancel') onCancel();
    else if (outcome === 'mismatch') dispatch({ type: 'mismatch' });
  };
  // In typing mode y, n, h and l are letters of a host name, not commands.
  const letter = (press: KeyPress): boolean => typing && press.text !== '';
  useKeyLayer({
    scopes: ['dialog'],
    handlers: {
      confirm: (press) => (letter(press) ? false : settle(decideConfirm(latest(), 'confirm', expected))),
      cancel: (press) => (letter(press) ? false : settle(decideConfirm(latest(), 'cancel', expected))),
      activate: () => settle(decideConfirm(latest(), 'activate', expected)),
      'switch-button': () => dispatch({ type: 'switch-focus' }),
      'scroll-up': (press) => (letter(press) ? false : onScroll?.('up')),
      'scroll-down': (press) => (letter(press) ? false : onScroll?.('down')),
      'page-up': () => onScroll?.('page-up'),
      'page-down': () => onScroll?.('page-down'),
    },
    onText: (press) => {
      if (!typing) return false;
      if (press.name === 'backspace') dispatch({ type: 'erase' });
      else if (press.text !== '' && !hasControlCharacters(press.text)) {
        dispatch({ type: 'type', text: press.text });
      }
      return true;
    },
  });
  return state;
}
