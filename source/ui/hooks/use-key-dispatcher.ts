// One `useInput` for the whole app: the provider owns it and routes each key press through
// `dispatchKey`; components register handlers by action name with `useKeyLayer`.
import { useInput } from 'ink';
import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useId,
  useLayoutEffect,
  useRef,
  type ReactNode,
} from 'react';
import { dispatchKey, type KeyHandler, type KeyLayer } from '../key-dispatch.js';
import { toKeyPress, type KeyPress } from '../key-press.js';
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
  const chord = useRef<string | undefined>(undefined);
  const handleInput = useCallback(
    (input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) => {
      const press = toKeyPress(input, key);
      const result = dispatchKey([...registry.current.layers.values()], press, chord.current);
      chord.current = result.pendingChord;
      if (!result.handled) onUnhandled?.(press);
    },
    [onUnhandled],
  );
  useInput(handleInput);
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
