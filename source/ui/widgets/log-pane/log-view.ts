// The view model of a log pane, without React: follow/scroll position, wrap and timestamp toggles, and
// search. Positions are sequence numbers (0 = first line ever pushed), so a paused view stays on the same
// lines while new output arrives and old output is dropped from the ring buffer.
import { editText, type TextEdit } from '../form/text-field.js';

/** One line of a pane: sanitized, redacted text plus where and when it came from. */
export type LogLine = { text: string; time?: number; step?: string; stream?: 'stdout' | 'stderr' };

/** What a pane reads lines from; `RingBuffer` fits, so does {@link arraySource}. */
export type LineSource<T> = {
  readonly length: number;
  /** Lines dropped before index 0; index `i` has sequence number `dropped + i`. */
  readonly dropped: number;
  at: (index: number) => T | undefined;
};

/** Search as a lifecycle: off, being typed, or applied with its matches (sequence numbers, ascending). */
export type SearchState =
  | { kind: 'off' }
  | { kind: 'typing'; draft: string; cursor: number }
  | { kind: 'active'; query: string; matches: readonly number[]; current: number | undefined };

/** Everything the operator can change about a pane's view. */
export type LogViewState = {
  follow: boolean;
  /** Sequence number of the top line while not following. */
  top: number;
  wrap: boolean;
  timestamps: boolean;
  search: SearchState;
};

/** The slice of a source a pane can currently show: sequence numbers [first, end) and its row count. */
export type Viewport = { first: number; end: number; height: number };

export type LogViewAction =
  | { type: 'scroll'; by: number; viewport: Viewport }
  | { type: 'top'; viewport: Viewport }
  | { type: 'bottom' }
  | { type: 'toggle-follow'; viewport: Viewport }
  | { type: 'toggle-wrap' }
  | { type: 'toggle-timestamps' }
  | { type: 'search-start' }
  | { type: 'search-edit'; edit: TextEdit }
  | { type: 'search-cancel' }
  | { type: 'search-apply'; query: string; matches: readonly number[]; viewport: Viewport }
  | { type: 'matches-updated'; matches: readonly number[] }
  | { type: 'match-step'; direction: 1 | -1; viewport: Viewport };

export const initialLogView: LogViewState = {
  follow: true,
  top: 0,
  wrap: false,
  timestamps: false,
  search: { kind: 'off' },
};

/** The top line actually shown: following pins to the newest page; otherwise clamped into the source. */
export function effectiveTop(state: LogViewState, viewport: Viewport): number {
  const lastPage = Math.max(viewport.first, viewport.end - viewport.height);
  return state.follow ? lastPage : Math.min(Math.max(state.top, viewport.first), lastPage);
}

function showLine(state: LogViewState, seq: number, viewport: Viewport): LogViewState {
  const top = Math.max(viewport.first, seq - Math.floor(viewport.height / 2));
  const lastPage = Math.max(viewport.first, viewport.end - viewport.height);
  return { ...state, follow: false, top: Math.min(top, lastPage) };
}

/** The match to start from: the newest one at or above the bottom of the view (logs are read upwards). */
function startingMatch(matches: readonly number[], bottom: number): number | undefined {
  let chosen: number | undefined = matches[0];
  for (const seq of matches) if (seq < bottom) chosen = seq;
  return chosen;
}

export function reduceLogView(state: LogViewState, action: LogViewAction): LogViewState {
  switch (action.type) {
    case 'scroll': {
      const { viewport } = action;
      const lastPage = Math.max(viewport.first, viewport.end - viewport.height);
      const top = Math.min(Math.max(effectiveTop(state, viewport) + action.by, viewport.first), lastPage);
      // Scrolling up pauses; scrolling back down to the newest page resumes following, like `tail -f`.
      return { ...state, top, follow: action.by < 0 ? false : state.follow || top >= lastPage };
    }
    case 'top':
      return { ...state, follow: false, top: action.viewport.first };
    case 'bottom':
      return { ...state, follow: true };
    case 'toggle-follow':
      return { ...state, follow: !state.follow, top: effectiveTop(state, action.viewport) };
    case 'toggle-wrap':
      return { ...state, wrap: !state.wrap };
    case 'toggle-timestamps':
      return { ...state, timestamps: !state.timestamps };
    case 'search-start':
      return {
        ...state,
        // A new search starts empty (the last query is one `n` away, and typing over it would append).
        search: { kind: 'typing', draft: '', cursor: 0 },
      };
    case 'search-edit': {
      if (state.search.kind !== 'typing') return state;
      const edited = editText({ value: state.search.draft, cursor: state.search.cursor }, action.edit);
      return { ...state, search: { kind: 'typing', draft: edited.value, cursor: edited.cursor } };
    }
    case 'search-cancel':
      return { ...state, search: { kind: 'off' } };
    case 'search-apply': {
      if (action.query === '') return { ...state, search: { kind: 'off' } };
      const bottom = effectiveTop(state, action.viewport) + action.viewport.height;
      const current = startingMatch(action.matches, bottom);
      const next = {
        ...state,
        search: { kind: 'active', query: action.query, matches: action.matches, current },
      } as const;
      return current === undefined ? next : showLine(next, current, action.viewport);
    }
    case 'matches-updated': {
      if (state.search.kind !== 'active') return state;
      const { current } = state.search;
      const kept =
        current !== undefined && action.matches.includes(current) ? current : action.matches.at(-1);
      return { ...state, search: { ...state.search, matches: action.matches, current: kept } };
    }
    case 'match-step': {
      if (state.search.kind !== 'active' || state.search.matches.length === 0) return state;
      const { matches, current } = state.search;
      const index = current === undefined ? -1 : matches.indexOf(current);
      const nextIndex = (index + action.direction + matches.length) % matches.length;
      const seq = matches[nextIndex] as number;
      return showLine({ ...state, search: { ...state.search, current: seq } }, seq, action.viewport);
    }
    default: {
      const unknown: never = action;
      throw new Error(`reduceLogView: unknown action ${JSON.stringify(unknown)}`);
    }
  }
}

/** Smart case, as in less and vim: a query with a capital letter matches case-sensitively. */
export function matcherFor(query: string): (text: string) => number[] {
  const sensitive = query !== query.toLowerCase();
  const needle = sensitive ? query : query.toLowerCase();
  return (text) => {
    const haystack = sensitive ? text : text.toLowerCase();
    const starts: number[] = [];
    if (needle === '') return starts;
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
      starts.push(at);
    }
    return starts;
  };
}

/** Sequence numbers of the lines containing `query`; O(lines), run once per search and per batch. */
export function findMatches(source: LineSource<LogLine>, query: string): number[] {
  const match = matcherFor(query);
  const found: number[] = [];
  for (let index = 0; index < source.length; index += 1) {
    const line = source.at(index);
    if (line !== undefined && match(line.text).length > 0) found.push(source.dropped + index);
  }
  return found;
}

/** 1-based position of the current match, for "match 3/17". */
export function matchPosition(search: SearchState): { index: number; count: number } | undefined {
  if (search.kind !== 'active') return undefined;
  const index = search.current === undefined ? 0 : search.matches.indexOf(search.current) + 1;
  return { index, count: search.matches.length };
}

/** A source over a plain array (e.g. one step's output in the failed-step view). */
export function arraySource<T>(items: readonly T[]): LineSource<T> {
  return { length: items.length, dropped: 0, at: (index) => items[index] };
}

/** The viewport of `source` for a pane with `height` content rows. */
export function viewportOf(source: LineSource<unknown>, height: number): Viewport {
  return { first: source.dropped, end: source.dropped + source.length, height: Math.max(1, height) };
}
