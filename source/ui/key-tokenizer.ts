// What the terminal sent, as keys: one read may carry many keys (key repeat, a fast typist over ssh, a
// paste), and one key's escape sequence may be split across two reads. Ink hands us each read as one
// string, so this tokenizer turns every chunk into the list of keys it holds, as if typed one by one,
// keeping an unfinished escape sequence for the next chunk and a bracketed paste as one event.
import type { KeyPress } from './key-press.js';

/** Bracketed paste mode (DEC 2004): the terminal wraps pasted text in `ESC[200~` … `ESC[201~`. */
export const pasteStart = '\u001b[200~';
export const pasteEnd = '\u001b[201~';

/** What the tokenizer carries between chunks: an unfinished escape sequence, or a paste being read. */
export type TokenizerState =
  { kind: 'idle' } | { kind: 'pending'; bytes: string } | { kind: 'paste'; text: string };

export const initialTokenizer: TokenizerState = { kind: 'idle' };

/** The keys of one chunk and the state for the next. */
export type Tokenized = { state: TokenizerState; presses: KeyPress[] };

const ESC = '\u001b';
const special = (name: string): KeyPress => ({ name, text: '' });

/** CSI final byte → key (xterm's normal and application cursor modes). */
const csiFinal: Readonly<Record<string, string>> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  Z: 'shift-tab',
};

/** `ESC [ n ~` → key (vt220 editing keys; rxvt's 7/8 for Home/End). */
const tildeKeys: Readonly<Record<string, string>> = {
  '1': 'home',
  '2': 'insert',
  '3': 'delete',
  '4': 'end',
  '5': 'pgup',
  '6': 'pgdn',
  '7': 'home',
  '8': 'end',
};

/** xterm modifier parameter (1 + bits: shift 1, alt 2, ctrl 4) → our prefix; only Ctrl and Alt matter. */
function modifierPrefix(parameter: string | undefined): string {
  const bits = parameter === undefined ? 0 : Number(parameter) - 1;
  if (!Number.isInteger(bits) || bits <= 0) return '';
  if ((bits & 4) !== 0) return 'ctrl-';
  if ((bits & 2) !== 0) return 'alt-';
  return '';
}

/** The key of a complete CSI sequence (`params` between `ESC [` and the final byte); '' when unknown. */
function csiKey(params: string, final: string): string {
  const [first, modifier] = params.split(';');
  if (final === '~') {
    const key = tildeKeys[first ?? ''];
    return key === undefined ? '' : `${modifierPrefix(modifier)}${key}`;
  }
  const key = csiFinal[final];
  if (key === undefined) return '';
  return key === 'shift-tab' ? key : `${modifierPrefix(modifier)}${key}`;
}

/** One control character (C0 or DEL) as a key; '' for those that mean nothing here. */
function controlKey(code: number): string {
  switch (code) {
    case 0x09:
      return 'tab';
    case 0x0a:
    case 0x0d:
      return 'enter';
    case 0x08:
    case 0x7f:
      // Most terminals send DEL for the Backspace key, some BS (which is also Ctrl-H).
      return 'backspace';
    default:
      return code >= 0x01 && code <= 0x1a ? `ctrl-${String.fromCharCode(code + 96)}` : '';
  }
}

/** A printable character as a key press; the keymap names the space `space`. */
function textKey(char: string): KeyPress {
  return { name: char === ' ' ? 'space' : char, text: char };
}

type Sequence = { press: KeyPress | 'paste' | undefined; length: number } | 'incomplete';

/** Reads the escape sequence at `index` (which holds ESC). */
function readEscape(input: string, index: number): Sequence {
  const next = input[index + 1];
  if (next === undefined) return 'incomplete';
  if (next === '[') {
    let cursor = index + 2;
    while (cursor < input.length && /[0-9;:<=>?]/.test(input[cursor]!)) cursor += 1;
    const final = input[cursor];
    if (final === undefined) return 'incomplete';
    const params = input.slice(index + 2, cursor);
    const length = cursor + 1 - index;
    if (final === '~' && params === '200') return { press: 'paste', length };
    // A stray paste end, focus reports and unknown sequences are not keys: dropped, never typed.
    const name = /[\x40-\x7e]/.test(final) ? csiKey(params, final) : '';
    return { press: name === '' ? undefined : special(name), length };
  }
  if (next === 'O') {
    const final = input[index + 2];
    if (final === undefined) return 'incomplete';
    const name = csiFinal[final] ?? '';
    return { press: name === '' ? undefined : special(name), length: 3 };
  }
  if (next === ESC) return { press: special('esc'), length: 1 };
  // ESC + key is how terminals send Alt (Meta) with that key.
  const char = String.fromCodePoint(input.codePointAt(index + 1)!);
  const code = char.codePointAt(0)!;
  const base = code < 0x20 || code === 0x7f ? controlKey(code) : char === ' ' ? 'space' : char;
  return { press: base === '' ? undefined : special(`alt-${base}`), length: 1 + char.length };
}

/** Reads a paste's text up to its end marker; keeps a possibly cut end marker for the next chunk. */
function readPaste(text: string, input: string): { done: boolean; text: string; rest: string } {
  const all = text + input;
  const end = all.indexOf(pasteEnd);
  if (end !== -1) return { done: true, text: all.slice(0, end), rest: all.slice(end + pasteEnd.length) };
  return { done: false, text: all, rest: '' };
}

/** Splits `chunk` into keys, continuing from `state`. */
export function tokenize(state: TokenizerState, chunk: string): Tokenized {
  const presses: KeyPress[] = [];
  let input = chunk;
  if (state.kind === 'paste') {
    const paste = readPaste(state.text, input);
    if (!paste.done) return { state: { kind: 'paste', text: paste.text }, presses };
    presses.push({ name: 'paste', text: paste.text });
    input = paste.rest;
  } else if (state.kind === 'pending') {
    input = state.bytes + chunk;
  }
  let index = 0;
  while (index < input.length) {
    const code = input.codePointAt(index)!;
    if (code === 0x1b) {
      const sequence = readEscape(input, index);
      if (sequence === 'incomplete')
        return { state: { kind: 'pending', bytes: input.slice(index) }, presses };
      index += sequence.length;
      if (sequence.press === 'paste') {
        const paste = readPaste('', input.slice(index));
        if (!paste.done) return { state: { kind: 'paste', text: paste.text }, presses };
        presses.push({ name: 'paste', text: paste.text });
        input = paste.rest;
        index = 0;
      } else if (sequence.press !== undefined) presses.push(sequence.press);
      continue;
    }
    const char = String.fromCodePoint(code);
    index += char.length;
    if (code < 0x20 || code === 0x7f) {
      const name = controlKey(code);
      if (name !== '') presses.push(special(name));
    } else if (code >= 0x80 && code <= 0x9f) {
      // C1 controls are never typed text.
    } else presses.push(textKey(char));
  }
  return { state: initialTokenizer, presses };
}

/**
 * Once no more bytes follow an unfinished sequence, it was typed as is: a lone ESC is the Esc key, and
 * whatever followed it is read again as plain keys. A paste that never ended is delivered as a paste.
 */
export function flushTokenizer(state: TokenizerState): Tokenized {
  switch (state.kind) {
    case 'idle':
      return { state, presses: [] };
    case 'paste':
      return { state: initialTokenizer, presses: [{ name: 'paste', text: state.text }] };
    case 'pending': {
      const rest = tokenize(initialTokenizer, state.bytes.slice(1));
      return { state: rest.state, presses: [special('esc'), ...rest.presses] };
    }
    default: {
      const unknown: never = state;
      throw new Error(`flushTokenizer: unknown state ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * How long an unfinished sequence may wait for the rest of its bytes before {@link flushTokenizer}. A lone
 * ESC is most likely the Esc key: 100 ms (vim's default ttimeoutlen) keeps Esc prompt, yet an arrow key
 * cut right after its ESC by a slow link is still joined when the rest follows within that time. After
 * `ESC [` or `ESC O` a person rarely types on, so the rest of a cut sequence gets longer; a paste whose
 * end marker never comes is delivered rather than swallowing every later key.
 */
export function pendingTimeoutMs(state: TokenizerState): number | undefined {
  switch (state.kind) {
    case 'idle':
      return undefined;
    case 'pending':
      return state.bytes.length === 1 ? 100 : 400;
    case 'paste':
      return 1000;
    default: {
      const unknown: never = state;
      throw new Error(`pendingTimeoutMs: unknown state ${JSON.stringify(unknown)}`);
    }
  }
}
