import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../../source/lib/ring-buffer.js';
import { displayWidth } from '../../../../source/lib/terminal-text.js';
import {
  arraySource,
  effectiveTop,
  findMatches,
  initialLogView,
  matchPosition,
  reduceLogView,
  viewportOf,
  type LineSource,
  type LogLine,
  type LogViewState,
} from '../../../../source/ui/widgets/log-pane/log-view.js';
import { computeLogWindow, formatClock } from '../../../../source/ui/widgets/log-pane/log-window.js';

const lines = (count: number, text = (index: number) => `line ${index}`): RingBuffer<LogLine> => {
  const buffer = new RingBuffer<LogLine>(1000);
  for (let index = 0; index < count; index += 1) buffer.push({ text: text(index), time: 0 });
  return buffer;
};
const rowText = (row: { prefix: string; segments: { text: string }[] }): string =>
  row.prefix + row.segments.map((segment) => segment.text).join('');
const options = { width: 20, height: 5, formatTime: () => '12:00:00' };

describe('reduceLogView: scrolling', () => {
  const viewport = { first: 0, end: 100, height: 10 };

  it('follows the newest page until the operator scrolls up', () => {
    expect(effectiveTop(initialLogView, viewport)).toBe(90);
    const up = reduceLogView(initialLogView, { type: 'scroll', by: -3, viewport });
    expect(up.follow).toBe(false);
    expect(effectiveTop(up, viewport)).toBe(87);
    // New output does not move a paused view.
    expect(effectiveTop(up, { ...viewport, end: 150 })).toBe(87);
  });

  it('resumes following when scrolled back to the bottom, and on G', () => {
    const up = reduceLogView(initialLogView, { type: 'scroll', by: -3, viewport });
    expect(reduceLogView(up, { type: 'scroll', by: 2, viewport }).follow).toBe(false);
    expect(reduceLogView(up, { type: 'scroll', by: 10, viewport }).follow).toBe(true);
    expect(reduceLogView(reduceLogView(up, { type: 'top', viewport }), { type: 'bottom' }).follow).toBe(true);
  });

  it('clamps at the top and keeps position when lines are dropped', () => {
    const top = reduceLogView(initialLogView, { type: 'top', viewport });
    expect(effectiveTop(reduceLogView(top, { type: 'scroll', by: -5, viewport }), viewport)).toBe(0);
    expect(effectiveTop(top, { first: 40, end: 140, height: 10 })).toBe(40);
  });

  it('pins the current page when follow is toggled off', () => {
    const paused = reduceLogView(initialLogView, { type: 'toggle-follow', viewport });
    expect(paused).toMatchObject({ follow: false, top: 90 });
    expect(reduceLogView(paused, { type: 'toggle-follow', viewport }).follow).toBe(true);
  });

  it('toggles wrap and timestamps', () => {
    const state = reduceLogView(reduceLogView(initialLogView, { type: 'toggle-wrap' }), {
      type: 'toggle-timestamps',
    });
    expect(state).toMatchObject({ wrap: true, timestamps: true });
  });
});

describe('search', () => {
  const source = lines(100, (index) => (index % 10 === 0 ? `ERROR at ${index}` : `ok ${index}`));
  const viewport = viewportOf(source, 10);

  it('finds matching lines with smart case', () => {
    expect(findMatches(source, 'error')).toHaveLength(10);
    expect(findMatches(source, 'Error')).toHaveLength(0);
    expect(findMatches(source, 'ERROR')).toHaveLength(10);
  });

  it('starts at the newest visible match and steps with n / N, wrapping around', () => {
    let state: LogViewState = reduceLogView(initialLogView, { type: 'search-start' });
    expect(state.search).toEqual({ kind: 'typing', draft: '', cursor: 0 });
    state = reduceLogView(state, { type: 'search-edit', edit: { type: 'insert', text: 'error' } });
    state = reduceLogView(state, {
      type: 'search-apply',
      query: 'error',
      matches: findMatches(source, 'error'),
      viewport,
    });
    expect(matchPosition(state.search)).toEqual({ index: 10, count: 10 });
    state = reduceLogView(state, { type: 'match-step', direction: 1, viewport });
    expect(matchPosition(state.search)).toEqual({ index: 1, count: 10 });
    expect(effectiveTop(state, viewport)).toBe(0);
    state = reduceLogView(state, { type: 'match-step', direction: -1, viewport });
    state = reduceLogView(state, { type: 'match-step', direction: -1, viewport });
    expect(matchPosition(state.search)).toEqual({ index: 9, count: 10 });
    expect(state.follow).toBe(false);
    expect(effectiveTop(state, viewport)).toBe(75);
  });

  it('keeps the current match when matches are recomputed, and clears on an empty query', () => {
    let state = reduceLogView(initialLogView, {
      type: 'search-apply',
      query: 'x',
      matches: [3, 7],
      viewport,
    });
    expect(state.search).toMatchObject({ current: 7 });
    state = reduceLogView(state, { type: 'matches-updated', matches: [3, 7, 120] });
    expect(matchPosition(state.search)).toEqual({ index: 2, count: 3 });
    expect(reduceLogView(state, { type: 'search-apply', query: '', matches: [], viewport }).search.kind).toBe(
      'off',
    );
  });
  it('starts a new search empty after an applied one, and edits the prompt at its cursor', () => {
    let state = reduceLogView(initialLogView, {
      type: 'search-apply',
      query: 'error',
      matches: [3],
      viewport,
    });
    state = reduceLogView(state, { type: 'search-start' });
    expect(state.search).toEqual({ kind: 'typing', draft: '', cursor: 0 });
    for (const edit of [
      { type: 'insert', text: 'eror' },
      { type: 'cursor-left' },
      { type: 'cursor-left' },
      { type: 'insert', text: 'r' },
    ] as const)
      state = reduceLogView(state, { type: 'search-edit', edit });
    expect(state.search).toEqual({ kind: 'typing', draft: 'error', cursor: 3 });
  });
});

describe('computeLogWindow', () => {
  it('shows the newest rows while following, each within the width', () => {
    const window = computeLogWindow(lines(50), initialLogView, options);
    expect(window.rows.map(rowText)).toEqual(['line 45', 'line 46', 'line 47', 'line 48', 'line 49']);
    expect(window.below).toBe(0);
  });

  it('reads only O(height) lines of a huge source', () => {
    let reads = 0;
    const source: LineSource<LogLine> = {
      length: 200_000,
      dropped: 0,
      at: (index) => {
        reads += 1;
        return { text: `line ${index}` };
      },
    };
    const window = computeLogWindow(source, initialLogView, { ...options, height: 30 });
    expect(window.rows).toHaveLength(30);
    expect(reads).toBeLessThanOrEqual(30);
    computeLogWindow(source, { ...initialLogView, wrap: true }, { ...options, height: 30 });
    expect(reads).toBeLessThanOrEqual(60);
  });

  it('truncates long lines with an ellipsis, or wraps them', () => {
    const source = arraySource<LogLine>([{ text: 'x'.repeat(45) }]);
    const cut = computeLogWindow(source, initialLogView, options);
    expect(rowText(cut.rows[0]!)).toBe(`${'x'.repeat(19)}…`);
    const wrapped = computeLogWindow(source, { ...initialLogView, wrap: true }, options);
    expect(wrapped.rows.map(rowText)).toEqual(['x'.repeat(20), 'x'.repeat(20), 'x'.repeat(5)]);
  });

  it('keeps the newest rows when wrapped lines overflow the height', () => {
    const source = arraySource<LogLine>([{ text: 'a'.repeat(60) }, { text: 'b'.repeat(50) }]);
    const window = computeLogWindow(source, { ...initialLogView, wrap: true }, options);
    expect(window.rows.map(rowText)).toEqual([
      'a'.repeat(20),
      'a'.repeat(20),
      'b'.repeat(20),
      'b'.repeat(20),
      'b'.repeat(10),
    ]);
  });

  it('prefixes timestamps and indents continuation rows', () => {
    const source = arraySource<LogLine>([{ text: 'y'.repeat(15), time: 0 }]);
    const state = { ...initialLogView, wrap: true, timestamps: true };
    const window = computeLogWindow(source, state, options);
    expect(window.rows.map(rowText)).toEqual([`12:00:00 ${'y'.repeat(11)}`, `         ${'y'.repeat(4)}`]);
    expect(formatClock(new Date(2026, 0, 6, 9, 5, 7).getTime())).toBe('09:05:07');
  });

  it('marks matches, with the current match line distinct', () => {
    const source = arraySource<LogLine>([{ text: 'fail here fail' }, { text: 'no' }, { text: 'FAIL' }]);
    const state: LogViewState = {
      ...initialLogView,
      search: { kind: 'active', query: 'fail', matches: [0, 2], current: 2 },
    };
    const [first, , third] = computeLogWindow(source, state, options).rows;
    expect(first!.segments).toEqual([
      { text: 'fail', kind: 'match' },
      { text: ' here ', kind: 'plain' },
      { text: 'fail', kind: 'match' },
    ]);
    expect(third!.segments).toEqual([{ text: 'FAIL', kind: 'current' }]);
  });

  it('keeps hostile content within the width', () => {
    const hostile = [
      '\u001b[2J\u001b[H\u001b]0;title\u0007cleared?',
      '  5%\r 50%\r100%',
      'z'.repeat(10_000),
      'bad \ud800 utf',
      '部署完了部署完了部署完了部署完了 👩‍💻👩‍💻👩‍💻 ✅',
      'tab\tseparated\tvalues',
    ];
    const source = arraySource<LogLine>(hostile.map((text) => ({ text })));
    for (const wrap of [false, true]) {
      const window = computeLogWindow(source, { ...initialLogView, wrap }, { ...options, height: 40 });
      for (const row of window.rows) {
        const text = rowText(row);
        expect(displayWidth(text), JSON.stringify(text)).toBeLessThanOrEqual(20);
        // eslint-disable-next-line no-control-regex -- hostile-content checks look for control characters
        expect(/[\u0000-\u001f\u007f-\u009f]/u.test(text)).toBe(false);
      }
    }
  });
});
