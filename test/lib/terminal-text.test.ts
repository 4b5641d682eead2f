import { describe, expect, it } from 'vitest';
// Ink measures text with string-width; our widths must agree or layouts would break.
import stringWidth from 'string-width';
import {
  createUtf8Decoder,
  displayWidth,
  fitToWidth,
  sanitizeLine,
  sanitizeText,
  sliceToWidth,
  truncateToWidth,
  visibleControls,
  wrapToWidth,
  wrapWords,
} from '../../source/lib/terminal-text.js';

/** No C0/C1 control character, DEL, or ESC survives. */
// eslint-disable-next-line no-control-regex -- hostile-content checks look for control characters
const controlFree = (text: string): boolean => !/[\u0000-\u001f\u007f-\u009f]/u.test(text);

describe('sanitizeLine: hostile sequences cannot drive the terminal', () => {
  const hostile: [string, string, string][] = [
    ['SGR colours', '\u001b[31;1mred\u001b[0m text', 'red text'],
    ['cursor moves and clears', 'a\u001b[2J\u001b[H\u001b[10;20Hb\u001b[K', 'ab'],
    ['alternate screen', '\u001b[?1049hx\u001b[?1049l', 'x'],
    ['OSC title (BEL)', '\u001b]0;pwned\u0007after', 'after'],
    ['OSC hyperlink (ST)', '\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\', 'link'],
    ['DCS', 'a\u001bPq#0;2;0;0;0\u001b\\b', 'ab'],
    ['APC / PM / SOS', '\u001b_x\u001b\\\u001b^y\u001b\\\u001bXz\u001b\\ok', 'ok'],
    ['8-bit CSI and OSC', '\u009b31mA\u009d0;t\u0007B', 'AB'],
    ['reset and charset escapes', '\u001bc\u001b(0q\u001b(B\u001b7\u001b8', 'q'],
    ['bells and NULs', 'be\u0007ll\u0000s', 'bells'],
    ['unterminated OSC swallows the rest', 'ok\u001b]0;title never ends', 'ok'],
    ['unterminated CSI', 'ok\u001b[12;', 'ok'],
    ['bidi override', 'safe\u202egnp.exe', 'safegnp.exe'],
    ['DEL and stray C1', 'a\u007fb\u0085c\u008ed', 'abcd'],
  ];
  for (const [name, input, expected] of hostile) {
    it(name, () => {
      const out = sanitizeLine(input);
      expect(out).toBe(expected);
      expect(controlFree(out)).toBe(true);
    });
  }

  it('keeps the last segment of carriage-return progress bars', () => {
    expect(sanitizeLine('  10%\r  55%\r 100% done')).toBe(' 100% done');
    expect(sanitizeLine('finished\r')).toBe('finished');
    expect(sanitizeLine('line\r\n')).toBe('line');
    expect(sanitizeLine('a\u001b[32m\r\u001b[0m')).toBe('a');
  });

  it('applies backspaces and expands tabs to 8-column stops', () => {
    expect(sanitizeLine('|\b/\b-')).toBe('-');
    expect(sanitizeLine('a\tb')).toBe('a       b');
    expect(sanitizeLine('漢\tx')).toBe('漢      x');
    expect(sanitizeLine('ab\tc', { tabWidth: 4 })).toBe('ab  c');
  });

  it('replaces lone surrogates and keeps valid emoji and CJK', () => {
    expect(sanitizeLine('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
    expect(sanitizeLine('部署 ✅ 👩‍💻 ok')).toBe('部署 ✅ 👩‍💻 ok');
  });

  it('caps very long lines with a marker', () => {
    const out = sanitizeLine('x'.repeat(10_000));
    expect(out.startsWith('x'.repeat(4000))).toBe(true);
    expect(out).toContain('…[+6000 chars]');
    expect(out.length).toBeLessThan(4100);
  });

  it('handles a 5 MB line of escape noise in linear time without keeping it', () => {
    const out = sanitizeLine('\u001b[31mA'.repeat(1_000_000));
    expect(out.length).toBeLessThan(4100);
    expect(controlFree(out)).toBe(true);
  });

  it('turns embedded line breaks into spaces and splits text into lines', () => {
    expect(sanitizeLine('a\u2028b\u000bc')).toBe('a b c');
    expect(sanitizeText('one\r\ntwo\n\u001b[1mthree\u001b[0m\n')).toEqual(['one', 'two', 'three']);
  });
});

describe('createUtf8Decoder', () => {
  it('replaces invalid UTF-8 and keeps characters split across chunks', () => {
    const decoder = createUtf8Decoder();
    const euro = Buffer.from('€');
    const text =
      decoder.decode(Uint8Array.from([0x61, 0xff, 0xfe, euro[0] as number])) +
      decoder.decode(Uint8Array.from([euro[1] as number, euro[2] as number, 0x62])) +
      decoder.end();
    expect(text).toBe('a\ufffd\ufffd€b');
  });
});

describe('display width', () => {
  const samples = [
    'plain ascii',
    '部署完了',
    'mixed 漢字 and ascii',
    '✅ done',
    '👩‍💻 dev',
    '🇩🇪 flag',
    'e\u0301 combining',
    '✓ ✗ ● ○ ↻',
    'ｆｕｌｌ',
    '1\u20e3 keycap',
    '한국어',
  ];
  for (const sample of samples) {
    it(`agrees with Ink's measurement for ${JSON.stringify(sample)}`, () => {
      expect(displayWidth(sample)).toBe(stringWidth(sample));
    });
  }

  it('slices and truncates without splitting wide characters', () => {
    expect(sliceToWidth('漢字漢字', 5)).toEqual({ text: '漢字', width: 4 });
    expect(truncateToWidth('abcdef', 4)).toBe('abc…');
    expect(truncateToWidth('漢字漢字', 6)).toBe('漢字…');
    expect(truncateToWidth('abc', 10)).toBe('abc');
    expect(truncateToWidth('abc', 0)).toBe('');
    expect(displayWidth(fitToWidth('漢字漢字', 5))).toBe(5);
  });

  it('wraps into rows that each fit the width', () => {
    const rows = wrapToWidth('漢字漢字漢字 emoji 👩‍💻👩‍💻 end', 7);
    for (const row of rows) expect(displayWidth(row)).toBeLessThanOrEqual(7);
    expect(rows.join('')).toBe('漢字漢字漢字 emoji 👩‍💻👩‍💻 end');
    expect(wrapToWidth('漢', 1)).toEqual(['\ufffd']);
    expect(wrapToWidth('', 10)).toEqual(['']);
    expect(wrapToWidth('abcdefgh', 3, 2)).toEqual(['abc', 'def']);
  });
});

describe('visibleControls', () => {
  it('shows control characters of typed input instead of obeying them', () => {
    expect(visibleControls('a\u001b[31m\nb')).toBe('a\u241b[31m\u240ab');
    expect(controlFree(visibleControls('\u0007\u009b\u007f'))).toBe(true);
  });
});

describe('wrapWords', () => {
  it('breaks at spaces, never inside a word that fits a row', () => {
    const text = 'runs on the new schema (chom-world). The verified dump restores it';
    const rows = wrapWords(text, 20);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(20);
    expect(rows.join(' ').split(' ')).toEqual(text.split(' '));
    expect(rows).toContain('schema (chom-world).');
  });

  it('cuts only a word wider than the row, keeps the first row indented', () => {
    expect(wrapWords('  echo /a/very/long/path/that/cannot/fit done', 12)).toEqual([
      '  echo',
      '/a/very/long',
      '/path/that/c',
      'annot/fit',
      'done',
    ]);
    expect(wrapWords('', 10)).toEqual(['']);
  });
});
