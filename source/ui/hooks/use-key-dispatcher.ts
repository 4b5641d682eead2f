// The one reader of keys for the whole app: the provider takes what the terminal sent, splits it into keys
// (`tokenize`: a burst of keys in one read is every key, as if typed one by one) and routes each through
// `dispatchKey`; components register handlers by action name with `useKeyLayer`.
import { useStdin } from 'ink';
import {
  createContext,
  createElement,
  useContext,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  type ReactNode,
} from 'react';
import { dispatchKey, type KeyHandler, type KeyLayer } from '../key-dispatch.js';
import type { KeyPress } from '../key-press.js';
import {
  flushTokenizer,
  initialTokenizer,
  pendingTimeoutMs,
  tokenize,
  type Tokenized,
} from '../key-tokenizer.js';
import type { KeyAction, KeyScope } from '../keymap.js';

type Registry = {
  layers: Map<string, KeyLayer>;
  nextOrder: number;
};

const DispatcherContext = createContext<Registry | undefined>(undefined);

/** Props of {@link KeyDispatcherProvider}. */
export type KeyDispatcherProviderProps = {
  children?: ReactNode;
  /** Called with keys nobody handled (useful for tests and diagnostics). */
  onUnhandled?: (press: KeyPress) => void;
};

/** Mount once near the root: the only place the console reads keys. */
export function KeyDispatcherProvider({ children, onUnhandled }: KeyDispatcherProviderProps) {
  const registry = useRef<Registry>({ layers: new Map(), nextOrder: 0 });
  const unhandled = useRef(onUnhandled);
  unhandled.current = onUnhandled;
  // Ink's `useInput` parses each read as ONE key (a burst `abc⌫⌫⌫` became the text "abc\x7f\x7f\x7f"), so
  // the provider listens to the reads themselves: Ink's input event carries each read's text, split only
  // where escape sequences start, byte for byte.
  const { internal_eventEmitter: input, setRawMode } = useStdin();
  useEffect(() => {
    setRawMode(true);
    let state = initialTokenizer;
    let chord: string | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const queue: KeyPress[] = [];
    let next: ReturnType<typeof setImmediate> | undefined;
    // Keys of one read are routed as if typed one by one: a key that may change who takes keys (`/` opens
    // the search prompt, Enter submits a form, a dialog appears) is rendered before the next key is routed
    // (React renders in a later turn, so the next key waits one). Keys that only edit a text field change
    // no layer and follow at once, so a paste or a burst of Backspaces costs one render, not one each.
    const drain = (): void => {
      next = undefined;
      for (let press = queue.shift(); press !== undefined; press = queue.shift()) {
        const result = dispatchKey([...registry.current.layers.values()], press, chord);
        chord = result.pendingChord;
        if (!result.handled) unhandled.current?.(press);
        if (result.typed !== true && queue.length > 0) {
          next = setImmediate(drain);
          return;
        }
      }
    };
    const deliver = ({ state: after, presses }: Tokenized): void => {
      state = after;
      const idle = queue.length === 0 && next === undefined;
      queue.push(...presses);
      if (idle) drain();
      if (timer !== undefined) clearTimeout(timer);
      const wait = pendingTimeoutMs(state);
      // No more bytes came: the unfinished sequence was typed as is (a lone ESC is the Esc key).
      timer = wait === undefined ? undefined : setTimeout(() => deliver(flushTokenizer(state)), wait);
    };
    const onInput = (chunk: string): void => deliver(tokenize(state, chunk));
    input.on('input', onInput);
    return () => {
      input.off('input', onInput);
      if (timer !== undefined) clearTimeout(timer);
      if (next !== undefined) clearImmediate(next);
      setRawMode(false);
    };
  }, [input, setRawMode]);
  return createElement(DispatcherContext.Provider, { value: registry.current }, children);
}

/** Options of {@link useKeyLayer}. */
export type KeyLayerOptions = {
  scopes: readonly KeyScope[];
  handlers: Partial<Record<KeyAction, KeyHandler>>;
  onText?: (press: KeyPress) => boolean | void;
  /** Inactive layers are ignored (e.g. an unfocused pane). Default true. */
  active?: boolean;
};

/** Registers handlers for the given scopes while mounted and active; handlers may change every render. */
export function useKeyLayer({ scopes, handlers, onText, active = true }: KeyLayerOptions): void {
  const registry = useContext(DispatcherContext);
  if (registry === undefined) {
    throw new Error('useKeyLayer: no KeyDispatcherProvider above this component; wrap the app in one');
  }
  const id = useId();
  const latest = useRef({ handlers, onText });
  latest.current = { handlers, onText };
  const scopeKey = scopes.join(',');
  // A layout effect registers during the commit that shows the new focus, so the very next key press
  // already goes to the newly focused component (a passive effect would leave a window for races).
  useLayoutEffect(() => {
    if (!active) return;
    const order = registry.nextOrder++;
    // The layer reads the latest handlers through the ref, so re-renders never re-register it.
    const layerHandlers = new Proxy({} as Partial<Record<KeyAction, KeyHandler>>, {
      get: (_target, action: string) => latest.current.handlers[action as KeyAction],
    });
    registry.layers.set(id, {
      id,
      scopes: scopeKey.split(',') as KeyScope[],
      handlers: layerHandlers,
      onText: (press) => (latest.current.onText === undefined ? false : latest.current.onText(press)),
      order,
    });
    return () => {
      registry.layers.delete(id);
    };
  }, [active, id, registry, scopeKey]);
}
