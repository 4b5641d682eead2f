import { describe, expect, it } from 'vitest';
import { createTheme, symbols } from '../../source/ui/theme.js';
import { formatDuration } from '../../source/ui/format-duration.js';
import { windowAround } from '../../source/ui/widgets/list/list-window.js';
import { initialList, reduceList } from '../../source/ui/widgets/list/list-state.js';

describe('theme', () => {
  it('colours by tone unless NO_COLOR is set', () => {
    expect(createTheme({}).tone('fail')).toBe('red');
    expect(createTheme({ NO_COLOR: '' }).color).toBe(true);
    const plain = createTheme({ NO_COLOR: '1' });
    expect(plain.color).toBe(false);
    expect(plain.tone('fail')).toBeUndefined();
    expect(plain.border(true)).not.toBe(plain.border(false));
  });

  it('has a distinct symbol per state', () => {
    const states = [
      symbols.ok,
      symbols.fail,
      symbols.running,
      symbols.pending,
      symbols.active,
      symbols.waiting,
      symbols.skipped,
    ];
    expect(new Set(states).size).toBe(states.length);
  });
});

describe('formatDuration', () => {
  it('formats compactly', () => {
    expect(formatDuration(320)).toBe('320ms');
    expect(formatDuration(4_260)).toBe('4.2s');
    expect(formatDuration(123_000)).toBe('2m03s');
    expect(formatDuration(3_720_000)).toBe('1h02m');
    expect(formatDuration(-1)).toBe('–');
  });
});

describe('windowAround and list selection', () => {
  it('keeps the focus visible with context below', () => {
    expect(windowAround(5, 4, 10)).toEqual({ start: 0, end: 5 });
    expect(windowAround(100, 0, 10)).toEqual({ start: 0, end: 10 });
    expect(windowAround(100, 50, 9)).toEqual({ start: 45, end: 54 });
    expect(windowAround(100, 99, 10)).toEqual({ start: 90, end: 100 });
  });

  it('moves within bounds and closes details on move', () => {
    const open = reduceList(initialList, { type: 'toggle-details' });
    expect(open.expanded).toBe(true);
    expect(reduceList(open, { type: 'move', by: 1, count: 3 })).toEqual({ selected: 1, expanded: false });
    expect(reduceList(initialList, { type: 'move', by: -1, count: 3 })).toBe(initialList);
    expect(reduceList(initialList, { type: 'bottom', count: 3 }).selected).toBe(2);
  });
});
