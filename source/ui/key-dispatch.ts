// The dispatcher's decision, without React: which registered layer gets a key press. Priority is
// dialog > form (and text field) > focused pane > global; modal layers (dialogs, forms, text fields)
// swallow keys they do not use, so typing `R` into a form field never triggers a rollback.
import { keymap as defaultKeymap, type KeyAction, type KeyBinding, type KeyScope } from './keymap.js';
import type { KeyPress } from './key-press.js';

/** A handler gets the press and returns `false` when it declines it (e.g. choice keys on a text field). */
export type KeyHandler = (press: KeyPress) => boolean | void;

/** A set of handlers registered by one component. */
export type KeyLayer = {
  id: string;
  scopes: readonly KeyScope[];
  handlers: Partial<Record<KeyAction, KeyHandler>>;
  /** Receives keys no binding handled (typing into fields); `false` declines. */
  onText?: (press: KeyPress) => boolean | void;
  /** Registration order; later registrations win among equal priority. */
  order: number;
};

const scopePriority: Record<KeyScope, number> = {
  dialog: 4,
  failure: 4,
  form: 3,
  field: 3,
  pane: 2,
  list: 2,
  checklist: 2,
  preflight: 2,
  home: 2,
  menu: 2,
  run: 2,
  report: 2,
  global: 1,
};

const priorityOf = (layer: KeyLayer): number =>
  Math.max(0, ...layer.scopes.map((scope) => scopePriority[scope]));
const isModal = (layer: KeyLayer): boolean =>
  layer.scopes.includes('dialog') || layer.scopes.includes('form') || layer.scopes.includes('field');

/**
 * What a dispatch did: whether someone handled the key, and the chord prefix waiting for its second key.
 * `typed` marks a key that only edited a text field (typing, cursor keys): it changes no layer, so the
 * next key of the same read may follow without waiting for a render.
 */
export type DispatchResult = { handled: boolean; pendingChord: string | undefined; typed?: true };

function actionsFor(keymap: readonly KeyBinding[], layer: KeyLayer, keyName: string): KeyAction[] {
  return keymap
    .filter((binding) => layer.scopes.includes(binding.scope) && binding.keys.includes(keyName))
    .map((binding) => binding.action);
}

function startsChord(keymap: readonly KeyBinding[], layers: readonly KeyLayer[], name: string): boolean {
  return layers.some((layer) =>
    keymap.some(
      (binding) =>
        layer.scopes.includes(binding.scope) &&
        binding.keys.some((key) => key.startsWith(`${name} `)) &&
        layer.handlers[binding.action] !== undefined,
    ),
  );
}

/** Delivers `press` to the highest-priority layer that handles it. */
export function dispatchKey(
  layers: readonly KeyLayer[],
  press: KeyPress,
  pendingChord: string | undefined,
  keymap: readonly KeyBinding[] = defaultKeymap,
): DispatchResult {
  const ordered = [...layers].sort((a, b) => priorityOf(b) - priorityOf(a) || b.order - a.order);
  const chord = pendingChord === undefined ? undefined : `${pendingChord} ${press.name}`;
  // A few keys (Ctrl-C) must work from anywhere: modal layers neither type them nor swallow them.
  const escapes = keymap.some(
    (binding) => binding.passesModals === true && binding.keys.includes(press.name),
  );
  // `?` opens help over a dialog unless the dialog types it into a field (its onText declines it).
  const passesIdle = keymap.some(
    (binding) => binding.passesIdleModals === true && binding.keys.includes(press.name),
  );
  for (const layer of ordered) {
    const field = layer.scopes.includes('field');
    const names = chord === undefined ? [press.name] : [chord, press.name];
    for (const name of names) {
      for (const action of actionsFor(keymap, layer, name)) {
        const handler = layer.handlers[action];
        if (handler !== undefined && handler(press) !== false) {
          const edit =
            field && keymap.some((binding) => binding.scope === 'field' && binding.action === action);
          return edit
            ? { handled: true, pendingChord: undefined, typed: true }
            : { handled: true, pendingChord: undefined };
        }
      }
    }
    const typing = !(escapes && isModal(layer));
    if (typing && layer.onText !== undefined && layer.onText(press) !== false)
      return field
        ? { handled: true, pendingChord: undefined, typed: true }
        : { handled: true, pendingChord: undefined };
    if (isModal(layer) && !escapes && !passesIdle) break;
  }
  const modalOnTop = ordered[0] !== undefined && isModal(ordered[0]);
  const visible = modalOnTop ? ordered.slice(0, 1) : ordered;
  if (press.name !== '' && chord === undefined && startsChord(keymap, visible, press.name)) {
    return { handled: true, pendingChord: press.name };
  }
  return { handled: false, pendingChord: undefined };
}
