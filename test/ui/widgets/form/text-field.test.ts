import { describe, expect, it } from 'vitest';
import {
  editText,
  fieldWindow,
  pastedText,
  textField,
  type TextEdit,
  type TextField,
} from '../../../../source/ui/widgets/form/text-field.js';

const apply = (field: TextField, ...edits: TextEdit[]): TextField => edits.reduce(editText, field);
const typed = (text: string): TextEdit => ({ type: 'insert', text });

describe('editText', () => {
  it('types and erases at the end, erasing nothing before the start', () => {
    expect(apply(textField(''), typed('a'), typed('b'), typed('c'), { type: 'delete-back' })).toEqual({
      value: 'ab',
      cursor: 2,
    });
    expect(apply(textField('a'), { type: 'delete-back' }, { type: 'delete-back' })).toEqual({
      value: '',
      cursor: 0,
    });
  });

  it('moves the cursor with ←/→, Home/End and inserts and erases where it is', () => {
    let field = apply(textField('mail.example.com'), { type: 'line-start' }, typed('s'), typed('m'));
    expect(field).toEqual({ value: 'smmail.example.com', cursor: 2 });
    field = apply(field, { type: 'cursor-right' }, { type: 'cursor-right' }, { type: 'delete-back' });
    expect(field).toEqual({ value: 'smmil.example.com', cursor: 3 });
    field = apply(field, { type: 'cursor-left' }, { type: 'delete-forward' }, typed('ta'));
    expect(field).toEqual({ value: 'smtail.example.com', cursor: 4 });
    field = apply(
      field,
      { type: 'delete-back' },
      { type: 'delete-forward' },
      { type: 'delete-forward' },
      typed('p'),
    );
    expect(field.value).toBe('smtp.example.com');
    expect(apply(field, { type: 'line-end' }).cursor).toBe(16);
    expect(apply(field, { type: 'line-end' }, { type: 'cursor-right' }).cursor).toBe(16);
    expect(apply(field, { type: 'line-start' }, { type: 'cursor-left' }).cursor).toBe(0);
    expect(apply(field, { type: 'line-end' }, { type: 'delete-forward' }).value).toBe('smtp.example.com');
  });

  it('deletes a word (Ctrl-W), to the start (Ctrl-U) and to the end (Ctrl-K), and moves by words', () => {
    const field = textField('alerts sandbox  test');
    expect(apply(field, { type: 'delete-word-back' })).toEqual({ value: 'alerts sandbox  ', cursor: 16 });
    expect(apply(field, { type: 'delete-word-back' }, { type: 'delete-word-back' })).toEqual({
      value: 'alerts ',
      cursor: 7,
    });
    const middle = apply(field, { type: 'word-left' }, { type: 'word-left' });
    expect(middle.cursor).toBe(7);
    expect(apply(middle, { type: 'delete-to-start' })).toEqual({ value: 'sandbox  test', cursor: 0 });
    expect(apply(middle, { type: 'delete-to-end' })).toEqual({ value: 'alerts ', cursor: 7 });
    expect(apply(middle, { type: 'word-right' }).cursor).toBe(14);
  });

  it('counts code points, so a character outside the BMP is one step', () => {
    expect(apply(textField('a😀b'), { type: 'cursor-left' }, { type: 'delete-back' })).toEqual({
      value: 'ab',
      cursor: 1,
    });
  });
});

describe('paste into a one-line field', () => {
  it('is text at the cursor: quotes kept, the trailing line break dropped, CR/CRLF made LF inside', () => {
    expect(pastedText(`p'a"ss\r`)).toBe(`p'a"ss`);
    expect(pastedText('a\r\nb\r\n\r\n')).toBe('a\nb');
    expect(pastedText('a\rb')).toBe('a\nb');
    const field = apply(textField('[]'), { type: 'cursor-left' }, { type: 'paste', text: `p'a"ss\r` });
    expect(field).toEqual({ value: `[p'a"ss]`, cursor: 7 });
  });
});

describe('fieldWindow', () => {
  it('shows the cursor where it is', () => {
    expect(fieldWindow('abc', 3, 10)).toBe('abc▏');
    expect(fieldWindow('abc', 1, 10)).toBe('a▏bc');
    expect(fieldWindow('', 0, 10)).toBe('▏');
  });

  it('scrolls a long value to keep the cursor in view, marking cut ends, never wider than the room', () => {
    const value = 'abcdefghijklmnopqrstuvwxyz';
    expect(fieldWindow(value, 26, 10)).toBe('…stuvwxyz▏');
    expect(fieldWindow(value, 0, 10)).toBe('▏abcdefgh…');
    expect(fieldWindow(value, 13, 10)).toBe('…ghijklm▏…');
    for (let cursor = 0; cursor <= value.length; cursor += 1) {
      const shown = fieldWindow(value, cursor, 10);
      expect([...shown], shown).toHaveLength(10);
      expect(shown).toContain('▏');
    }
  });
});
