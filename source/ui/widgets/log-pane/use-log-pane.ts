// The keys of a log pane, bound to its view model: scrolling, follow, wrap, timestamps and search. The
// pane component stays a pure view of the state this hook returns.
import { useEffect, useMemo } from 'react';
import {
  arraySource,
  findMatches,
  initialLogView,
  reduceLogView,
  viewportOf,
  type LineSource,
  type LogLine,
  type LogViewAction,
  type LogViewState,
} from './log-view.js';
import { hasControlCharacters } from '../../../lib/terminal-text.js';
import type { KeyHandler } from '../../key-dispatch.js';
import { pastedText, textEditOf, type TextEditAction } from '../form/text-field.js';
import { useKeyLayer } from '../../hooks/use-key-dispatcher.js';
import { useLatestReducer } from '../../hooks/use-latest-reducer.js';

/** Options of {@link useLogPane}. */
export type UseLogPaneOptions = {
  source: LineSource<LogLine>;
  /** Changes whenever lines were pushed (the ring buffer mutates in place). */
  version: number;
  /** Content rows of the pane (see `logPaneContentRows`). */
  rows: number;
  /** Only the focused pane takes keys. */
  focused: boolean;
  onExport?: () => void;
};

/** The pane's view state and its dispatcher, with the pane's key bindings registered while focused. */
export function useLogPane({ source, version, rows, focused, onExport }: UseLogPaneOptions): {
  state: LogViewState;
  dispatch: (action: LogViewAction) => void;
} {
  const [state, dispatch, latest] = useLatestReducer(reduceLogView, initialLogView);
  const viewport = () => viewportOf(source, rows);
  const query = state.search.kind === 'active' ? state.search.query : undefined;

  useEffect(() => {
    if (query !== undefined) dispatch({ type: 'matches-updated', matches: findMatches(source, query) });
  }, [version, query, source, dispatch]);

  const half = Math.max(1, Math.floor(rows / 2));
  useKeyLayer({
    scopes: ['pane'],
    active: focused,
    handlers: {
      'scroll-up': () => dispatch({ type: 'scroll', by: -1, viewport: viewport() }),
      'scroll-down': () => dispatch({ type: 'scroll', by: 1, viewport: viewport() }),
      'page-up': () => dispatch({ type: 'scroll', by: -rows, viewport: viewport() }),
      'page-down': () => dispatch({ type: 'scroll', by: rows, viewport: viewport() }),
      'half-page-up': () => dispatch({ type: 'scroll', by: -half, viewport: viewport() }),
      'half-page-down': () => dispatch({ type: 'scroll', by: half, viewport: viewport() }),
      top: () => dispatch({ type: 'top', viewport: viewport() }),
      bottom: () => dispatch({ type: 'bottom' }),
      'toggle-follow': () => dispatch({ type: 'toggle-follow', viewport: viewport() }),
      'toggle-wrap': () => dispatch({ type: 'toggle-wrap' }),
      'toggle-timestamps': () => dispatch({ type: 'toggle-timestamps' }),
      search: () => dispatch({ type: 'search-start' }),
      'next-match': () => dispatch({ type: 'match-step', direction: 1, viewport: viewport() }),
      'prev-match': () => dispatch({ type: 'match-step', direction: -1, viewport: viewport() }),
      export: onExport === undefined ? undefined : () => onExport(),
    },
  });

  // While the search prompt is open it owns the keyboard like a one-field form, with the same editing keys.
  const editKeys = Object.fromEntries(
    (Object.keys(textEditOf) as TextEditAction[]).map((action): [TextEditAction, KeyHandler] => [
      action,
      () => dispatch({ type: 'search-edit', edit: textEditOf[action] }),
    ]),
  );
  useKeyLayer({
    scopes: ['form', 'field'],
    active: focused && state.search.kind === 'typing',
    handlers: {
      ...editKeys,
      submit: () => {
        const search = latest().search;
        const text = search.kind === 'typing' ? search.draft : '';
        dispatch({
          type: 'search-apply',
          query: text,
          matches: findMatches(source, text),
          viewport: viewport(),
        });
      },
      cancel: () => dispatch({ type: 'search-cancel' }),
    },
    onText: (press) => {
      // Log lines hold no line breaks or controls: a paste carrying them could never match, so it is not
      // taken (a trailing line break, as copying a line carries, is dropped first).
      const text = press.name === 'paste' ? pastedText(press.text) : press.text;
      if (text !== '' && !hasControlCharacters(text))
        dispatch({ type: 'search-edit', edit: { type: 'insert', text } });
    },
  });
  return { state, dispatch };
}

/** In the failed-step mode the pane shows only that step's lines; otherwise the source itself. */
export function useStepSource(source: LineSource<LogLine>, version: number, step: string | undefined) {
  return useMemo(() => {
    if (step === undefined) return source;
    const lines: LogLine[] = [];
    for (let index = 0; index < source.length; index += 1) {
      const line = source.at(index);
      if (line?.step === step) lines.push(line);
    }
    return arraySource(lines);
    // `version` stands for the buffer's content, which mutates in place.
  }, [source, version, step]);
}
