import { describe, expect, it } from 'vitest';
import type { KeyPress } from '../../source/ui/key-press.js';
import {
  flushTokenizer,
  initialTokenizer,
  pasteEnd,
  pasteStart,
  pendingTimeoutMs,
  tokenize,
  type TokenizerState,
} from '../../source/ui/key-tokenizer.js';

/** The key names of `chunks` read one after the other (text keys by their character). */
function names(...chunks: string[]): string[] {
  return presses(...chunks).map((press) => (press.name === 'paste' ? `paste:${press.text}` : press.name));
}

function presses(...chunks: string[]): KeyPress[] {
  let state: TokenizerState = initialTokenizer;
  const out: KeyPress[] = [];
  for (const chunk of chunks) {
    const result = tokenize(state, chunk);
    state = result.state;
    out.push(...result.presses);
  }
  expect(state, 'nothing left pending').toEqual(initialTokenizer);
  return out;
}

describe('tokenize: every key of a burst, as if typed one by one', () => {
  it('splits a burst of text and Backspaces into keys (the issue: DEL was typed as text)', () => {
    expect(names('abc\x7f\x7f\x7f')).toEqual(['a', 'b', 'c', 'backspace', 'backspace', 'backspace']);
    expect(presses('ab')).toEqual([
      { name: 'a', text: 'a' },
      { name: 'b', text: 'b' },
    ]);
  });

  it('keeps a Tab inside a burst as the Tab key (the issue: it was swallowed)', () => {
    expect(names('smtp.example.com\t587\t')).toEqual([...'smtp.example.com', 'tab', ...'587', 'tab']);
  });

  it('names Enter, Backspace as BS, Ctrl letters and the space', () => {
    expect(names('a \r\n\x08\x01\x05\x15\x17\x0b\x03')).toEqual([
      'a',
      'space',
      'enter',
      'enter',
      'backspace',
      'ctrl-a',
      'ctrl-e',
      'ctrl-u',
      'ctrl-w',
      'ctrl-k',
      'ctrl-c',
    ]);
  });

  it('reads escape sequences inside a burst: arrows, Home/End, Delete, PgUp, Shift-Tab, Ctrl-arrows', () => {
    expect(
      names('x\x1b[D\x1b[C\x1b[A\x1b[B\x1b[H\x1b[F\x1bOH\x1bOF\x1b[1~\x1b[4~\x1b[3~\x1b[5~\x1b[6~\x1b[Z'),
    ).toEqual([
      'x',
      'left',
      'right',
      'up',
      'down',
      'home',
      'end',
      'home',
      'end',
      'home',
      'end',
      'delete',
      'pgup',
      'pgdn',
      'shift-tab',
    ]);
    expect(names('\x1bOD\x1b[1;5D\x1b[1;5C\x1b[1;3D')).toEqual([
      'left',
      'ctrl-left',
      'ctrl-right',
      'alt-left',
    ]);
  });

  it('reads ESC + key as Alt, and two ESCs as two Esc keys', () => {
    expect(names('\x1bb\x1bf\x1b\x7f')).toEqual(['alt-b', 'alt-f', 'alt-backspace']);
    const first = tokenize(initialTokenizer, '\x1b\x1b');
    expect(first.presses.map((press) => press.name)).toEqual(['esc']);
    expect(flushTokenizer(first.state).presses.map((press) => press.name)).toEqual(['esc']);
  });

  it('drops sequences that are not keys (focus reports, unknown CSI, C1 controls), never typing them', () => {
    expect(names('a\x1b[I\x1b[O\x1b[?1;2c\x1b[99~\u009bb')).toEqual(['a', 'b']);
  });

  it('keeps characters outside the BMP whole', () => {
    expect(presses('é😀')).toEqual([
      { name: 'é', text: 'é' },
      { name: '😀', text: '😀' },
    ]);
  });
});

describe('tokenize: escape sequences split across reads', () => {
  it.each([
    ['after ESC', ['\x1b', '[D']],
    ['after ESC [', ['\x1b[', 'D']],
    ['inside the parameters', ['\x1b[1;', '5D']],
    ['after ESC O', ['\x1bO', 'D']],
  ])('joins an arrow key cut %s', (_where, chunks) => {
    const keys = names('ab', ...chunks, 'c');
    expect(keys.filter((key) => key.endsWith('left'))).toHaveLength(1);
    expect(keys).toEqual(['a', 'b', keys[2], 'c']);
  });

  it('holds the unfinished part, with a short wait for a lone ESC and a longer one for ESC [', () => {
    const lone = tokenize(initialTokenizer, 'a\x1b');
    expect(lone.presses).toEqual([{ name: 'a', text: 'a' }]);
    expect(lone.state).toEqual({ kind: 'pending', bytes: '\x1b' });
    const csi = tokenize(initialTokenizer, '\x1b[');
    expect(pendingTimeoutMs(lone.state)).toBeLessThan(pendingTimeoutMs(csi.state)!);
    expect(pendingTimeoutMs(initialTokenizer)).toBeUndefined();
  });

  it('flushes what never finished: a lone ESC is the Esc key, what followed it plain keys', () => {
    expect(flushTokenizer(tokenize(initialTokenizer, '\x1b').state)).toEqual({
      state: initialTokenizer,
      presses: [{ name: 'esc', text: '' }],
    });
    expect(flushTokenizer(tokenize(initialTokenizer, '\x1b[').state).presses).toEqual([
      { name: 'esc', text: '' },
      { name: '[', text: '[' },
    ]);
    expect(flushTokenizer(initialTokenizer)).toEqual({ state: initialTokenizer, presses: [] });
  });
});

describe('tokenize: bracketed paste', () => {
  const password = `p'a"ss\\w$(x)`;

  it('delivers a paste as one event: quotes, Tab, ESC and line breaks as text, never as keys', () => {
    expect(presses(`x${pasteStart}${password}\t\x1b[D\r${pasteEnd}\r`)).toEqual([
      { name: 'x', text: 'x' },
      { name: 'paste', text: `${password}\t\x1b[D\r` },
      { name: 'enter', text: '' },
    ]);
  });

  it('joins a paste read in several chunks, its markers cut anywhere', () => {
    const whole = `${pasteStart}${password}\r${pasteEnd}q`;
    for (let cut = 1; cut < whole.length; cut += 1) {
      expect(names(whole.slice(0, cut), whole.slice(cut)), `cut at ${cut}`).toEqual([
        `paste:${password}\r`,
        'q',
      ]);
    }
  });

  it('delivers a paste whose end never came once the wait is over, so later keys are not swallowed', () => {
    const open = tokenize(initialTokenizer, `${pasteStart}half`);
    expect(open.presses).toEqual([]);
    expect(pendingTimeoutMs(open.state)).toBeGreaterThan(0);
    expect(flushTokenizer(open.state)).toEqual({
      state: initialTokenizer,
      presses: [{ name: 'paste', text: 'half' }],
    });
  });
});
