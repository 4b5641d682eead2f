// Which rows a log pane draws: only the visible ones, computed from O(height) lines of the source, so a
// pane stays fast however much output went through it. Each row is cut to the pane's width with Ink's
// width rules, so neither wide characters nor long lines can push the layout.
import { displayWidth, sanitizeLine, sliceToWidth, wrapToWidth } from '../../../lib/terminal-text.js';
import {
  effectiveTop,
  matcherFor,
  viewportOf,
  type LineSource,
  type LogLine,
  type LogViewState,
} from './log-view.js';

/** A piece of a row: plain text, a search match, or a match on the current match's line. */
export type RowSegment = { text: string; kind: 'plain' | 'match' | 'current' };

/** One screen row of a pane. */
export type LogRow = { key: string; seq: number; prefix: string; segments: RowSegment[] };

/** The rows to draw plus where they are: sequence numbers [top, bottom) and lines below the view. */
export type LogWindow = { rows: LogRow[]; top: number; bottom: number; below: number };

/** Options of {@link computeLogWindow}. */
export type WindowOptions = { width: number; height: number; formatTime: (ms: number) => string };

/** `HH:MM:SS` in local time. */
export function formatClock(ms: number): string {
  const date = new Date(ms);
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
}

type Range = { start: number; end: number };

function segmentsOf(
  text: string,
  offset: number,
  ranges: readonly Range[],
  kind: 'match' | 'current',
): RowSegment[] {
  const segments: RowSegment[] = [];
  let cursor = 0;
  for (const range of ranges) {
    const start = Math.max(range.start - offset, cursor);
    const end = Math.min(range.end - offset, text.length);
    if (end <= start) continue;
    if (start > cursor) segments.push({ text: text.slice(cursor, start), kind: 'plain' });
    segments.push({ text: text.slice(start, end), kind });
    cursor = end;
  }
  if (cursor < text.length || segments.length === 0)
    segments.push({ text: text.slice(cursor), kind: 'plain' });
  return segments;
}

function rowsOfLine(
  line: LogLine,
  seq: number,
  state: LogViewState,
  options: WindowOptions,
  maxRows: number,
): LogRow[] {
  const text = sanitizeLine(line.text);
  const stamp = state.timestamps
    ? `${line.time === undefined ? '--:--:--' : options.formatTime(line.time)} `
    : '';
  const textWidth = Math.max(1, options.width - displayWidth(stamp));
  const search = state.search;
  const ranges =
    search.kind === 'active'
      ? matcherFor(search.query)(text).map((start) => ({ start, end: start + search.query.length }))
      : [];
  const kind = search.kind === 'active' && search.current === seq ? 'current' : 'match';
  const pieces: { text: string; offset: number; tail: string }[] = [];
  if (state.wrap) {
    let offset = 0;
    for (const row of wrapToWidth(text, textWidth, maxRows)) {
      pieces.push({ text: row, offset, tail: '' });
      offset += row.length;
    }
  } else if (displayWidth(text) <= textWidth) {
    pieces.push({ text, offset: 0, tail: '' });
  } else {
    pieces.push({ text: sliceToWidth(text, textWidth - 1).text, offset: 0, tail: '…' });
  }
  return pieces.map((piece, index) => {
    const segments = segmentsOf(piece.text, piece.offset, ranges, kind);
    if (piece.tail !== '') segments.push({ text: piece.tail, kind: 'plain' });
    return {
      key: `${seq}:${index}`,
      seq,
      prefix: index === 0 ? stamp : ' '.repeat(displayWidth(stamp)),
      segments,
    };
  });
}

/** The rows a pane of `options.width` × `options.height` shows for `state`. */
export function computeLogWindow(
  source: LineSource<LogLine>,
  state: LogViewState,
  options: WindowOptions,
): LogWindow {
  const height = Math.max(1, options.height);
  const viewport = viewportOf(source, height);
  const lineAt = (seq: number): LogLine => source.at(seq - source.dropped) ?? { text: '' };
  if (state.wrap && state.follow) {
    // Fill from the newest line upwards so the last row is the newest output.
    let rows: LogRow[] = [];
    let seq = viewport.end - 1;
    while (seq >= viewport.first && rows.length < height) {
      rows = [...rowsOfLine(lineAt(seq), seq, state, options, height), ...rows];
      seq -= 1;
    }
    rows = rows.slice(Math.max(0, rows.length - height));
    return { rows, top: rows[0]?.seq ?? viewport.end, bottom: viewport.end, below: 0 };
  }
  const top = state.wrap
    ? Math.max(viewport.first, Math.min(state.top, viewport.end - 1))
    : effectiveTop(state, viewport);
  const rows: LogRow[] = [];
  let seq = top;
  while (seq < viewport.end && rows.length < height) {
    rows.push(...rowsOfLine(lineAt(seq), seq, state, options, height - rows.length));
    seq += 1;
  }
  return { rows, top, bottom: seq, below: viewport.end - seq };
}
