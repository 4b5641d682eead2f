// Ink reports a key as (input, flags); the keymap speaks in key names. This is the one translation.
import type { Key } from 'ink';

/** A key press in keymap terms: `name` for matching bindings, `text` for typing (empty for special keys). */
export type KeyPress = { name: string; text: string };

/** Translates Ink's `useInput` arguments into a {@link KeyPress}. */
export function toKeyPress(input: string, key: Key): KeyPress {
  const special = (name: string): KeyPress => ({ name, text: '' });
  if (key.escape) return special('esc');
  if (key.return) return special('enter');
  if (key.tab) return special(key.shift ? 'shift-tab' : 'tab');
  if (key.upArrow) return special('up');
  if (key.downArrow) return special('down');
  if (key.leftArrow) return special('left');
  if (key.rightArrow) return special('right');
  if (key.pageUp) return special('pgup');
  if (key.pageDown) return special('pgdn');
  if (key.home) return special('home');
  if (key.end) return special('end');
  // Most terminals send DEL (0x7f) for the Backspace key, which Ink reports as `delete`.
  if (key.backspace || key.delete) return special('backspace');
  if (key.ctrl && input.length === 1) return special(`ctrl-${input.toLowerCase()}`);
  if (input === ' ') return { name: 'space', text: ' ' };
  // A paste arrives as one multi-character input: it is text, never a key binding.
  return { name: [...input].length === 1 ? input : '', text: input };
}
