// One line of editable text with a cursor, without React: the form's text fields and the log search
// prompt. Positions count code points, like the masks and the width checks do.
import type { KeyAction } from '../../keymap.js';

/** A value being edited; `cursor` is between code points (0 … length). */
export type TextField = { value: string; cursor: number };

/** Every edit a key or a paste can make. */
export type TextEdit =
  | { type: 'insert'; text: string }
  | { type: 'paste'; text: string }
  | { type: 'delete-back' }
  | { type: 'delete-forward' }
  | { type: 'delete-word-back' }
  | { type: 'delete-to-start' }
  | { type: 'delete-to-end' }
  | { type: 'cursor-left' }
  | { type: 'cursor-right' }
  | { type: 'word-left' }
  | { type: 'word-right' }
  | { type: 'line-start' }
  | { type: 'line-end' };

/** A field holding `value` with the cursor at its end (where typing continues). */
export function textField(value: string): TextField {
  return { value, cursor: [...value].length };
}

/**
 * A paste into a one-line field is text and never submits. Terminals send a pasted line break as CR (or
 * CRLF), so breaks are made LF; the trailing one that copying a whole line carries is dropped; breaks
 * inside stay in the value and are shown as ␊, so validation names them instead of the paste vanishing.
 */
export function pastedText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\n+$/u, '');
}

const isSpace = (char: string | undefined): boolean => char !== undefined && /\s/u.test(char);

/** Where the word before `at` starts (spaces before it skipped first, as readline's Ctrl-W does). */
function wordStart(chars: readonly string[], at: number): number {
  let cursor = at;
  while (cursor > 0 && isSpace(chars[cursor - 1])) cursor -= 1;
  while (cursor > 0 && !isSpace(chars[cursor - 1])) cursor -= 1;
  return cursor;
}

/** Where the word after `at` ends. */
function wordEnd(chars: readonly string[], at: number): number {
  let cursor = at;
  while (cursor < chars.length && isSpace(chars[cursor])) cursor += 1;
  while (cursor < chars.length && !isSpace(chars[cursor])) cursor += 1;
  return cursor;
}

/** Applies one edit. */
export function editText(field: TextField, edit: TextEdit): TextField {
  const chars = [...field.value];
  const cursor = Math.max(0, Math.min(field.cursor, chars.length));
  const splice = (from: number, to: number, insert: string, at: number): TextField => ({
    value: [...chars.slice(0, from), insert, ...chars.slice(to)].join(''),
    cursor: at,
  });
  const move = (to: number): TextField => ({ value: field.value, cursor: to });
  switch (edit.type) {
    case 'insert':
      return splice(cursor, cursor, edit.text, cursor + [...edit.text].length);
    case 'paste': {
      const text = pastedText(edit.text);
      return splice(cursor, cursor, text, cursor + [...text].length);
    }
    case 'delete-back':
      return cursor === 0 ? move(0) : splice(cursor - 1, cursor, '', cursor - 1);
    case 'delete-forward':
      return splice(cursor, cursor + 1, '', cursor);
    case 'delete-word-back': {
      const start = wordStart(chars, cursor);
      return splice(start, cursor, '', start);
    }
    case 'delete-to-start':
      return splice(0, cursor, '', 0);
    case 'delete-to-end':
      return splice(cursor, chars.length, '', cursor);
    case 'cursor-left':
      return move(Math.max(0, cursor - 1));
    case 'cursor-right':
      return move(Math.min(chars.length, cursor + 1));
    case 'word-left':
      return move(wordStart(chars, cursor));
    case 'word-right':
      return move(wordEnd(chars, cursor));
    case 'line-start':
      return move(0);
    case 'line-end':
      return move(chars.length);
    default: {
      const unknown: never = edit;
      throw new Error(`editText: unknown edit ${JSON.stringify(unknown)}`);
    }
  }
}

/** The keymap's text-field actions, as edits (the keymap names the keys; this names what they do). */
export const textEditOf = {
  'cursor-left': { type: 'cursor-left' },
  'cursor-right': { type: 'cursor-right' },
  'word-left': { type: 'word-left' },
  'word-right': { type: 'word-right' },
  'line-start': { type: 'line-start' },
  'line-end': { type: 'line-end' },
  'delete-back': { type: 'delete-back' },
  'delete-forward': { type: 'delete-forward' },
  'delete-word-back': { type: 'delete-word-back' },
  'delete-to-start': { type: 'delete-to-start' },
  'delete-to-end': { type: 'delete-to-end' },
} as const satisfies Partial<Record<KeyAction, TextEdit>>;

/** A keymap action that edits a text field. */
export type TextEditAction = keyof typeof textEditOf;

/**
 * The visible part of a field `room` columns wide (one column per code point: masks and the fields' ASCII
 * values): the cursor shown as ▏ where it is, the text around it scrolled into view, cut ends marked with ….
 */
export function fieldWindow(shown: string, cursor: number, room: number): string {
  const chars = [...shown];
  const at = Math.max(0, Math.min(cursor, chars.length));
  const all = [...chars.slice(0, at), '▏', ...chars.slice(at)];
  if (all.length <= room || room < 3) return all.join('');
  // The cursor stays in view, as far right as the text allows (typing at the end shows what came before);
  // a cut end gives one column to its … marker.
  const start = Math.max(0, Math.min(at - (room - 2), all.length - room));
  const head = start > 0;
  const tail = start + room < all.length;
  const visible = all.slice(start + (head ? 1 : 0), start + room - (tail ? 1 : 0)).join('');
  return `${head ? '…' : ''}${visible}${tail ? '…' : ''}`;
}
