// The one keymap of the console, as data. The dispatcher, the footer hints and the help overlay all read
// it, so what help shows can never drift from what the keys do. Conventions follow k9s and lazygit
// (see shared/reference/anchors.md). The rows live in keymap/ by scope; `keymap` below is the one table.
import { inputKeys } from './keymap/input-keys.js';
import { screenKeys } from './keymap/screen-keys.js';
import { viewKeys } from './keymap/view-keys.js';

/**
 * Where a binding applies; the dispatcher tries dialog/failure > form and text field > focused view (pane,
 * list, checklist, home, menu, run, report) > global.
 */
export type KeyScope =
  | 'global'
  | 'pane'
  | 'dialog'
  | 'form'
  | 'field'
  | 'list'
  | 'checklist'
  | 'home'
  | 'preflight'
  | 'menu'
  | 'run'
  | 'failure'
  | 'report';

/** Everything a key can ask for; components register handlers by these names, never by raw key. */
export type KeyAction =
  | 'help'
  | 'quit'
  | 'back'
  | 'focus-next'
  | 'focus-prev'
  | 'focus-pane-1'
  | 'focus-pane-2'
  | 'rollback'
  | 'scroll-up'
  | 'scroll-down'
  | 'page-up'
  | 'page-down'
  | 'half-page-up'
  | 'half-page-down'
  | 'top'
  | 'bottom'
  | 'search'
  | 'next-match'
  | 'prev-match'
  | 'toggle-wrap'
  | 'toggle-timestamps'
  | 'toggle-follow'
  | 'export'
  | 'confirm'
  | 'cancel'
  | 'activate'
  | 'switch-button'
  | 'next-field'
  | 'prev-field'
  | 'submit'
  | 'reveal-secret'
  | 'test-form'
  | 'choice-next'
  | 'choice-prev'
  | 'cursor-left'
  | 'cursor-right'
  | 'word-left'
  | 'word-right'
  | 'line-start'
  | 'line-end'
  | 'delete-back'
  | 'delete-forward'
  | 'delete-word-back'
  | 'delete-to-start'
  | 'delete-to-end'
  | 'select-up'
  | 'select-down'
  | 'details'
  | 'rerun'
  | 'run-fix'
  | 'start-assess'
  | 'start-deploy'
  | 'begin-deploy'
  | 'next-part'
  | 'start-verify'
  | 'open-history'
  | 'choose'
  | 'toggle-command-log'
  | 'resume-run'
  | 'toggle-housekeeping'
  | 'open-checks'
  | 'retry'
  | 'skip'
  | 'rollback-run'
  | 'abort-run'
  | 'write-report';

/**
 * One binding. Key names: a printable character as itself (`q`, `G`, `?`), or `esc`, `enter`, `tab`,
 * `shift-tab`, `up`, `down`, `left`, `right`, `pgup`, `pgdn`, `home`, `end`, `delete`, `backspace`,
 * `space`, `ctrl-<key>`, `alt-<key>`; a chord is two names separated by a space (`g g`). A bracketed paste
 * is the press `paste` (its text typed, never a binding).
 */
export type KeyBinding = {
  keys: readonly string[];
  action: KeyAction;
  description: string;
  scope: KeyScope;
  /** Short label for the footer; bindings without one appear only in help. */
  hint?: string;
  /** Reaches global handlers even while a dialog or form owns the keyboard (Ctrl-C). */
  passesModals?: boolean;
  /** Reaches global handlers through a dialog or form that does not take it as typed text (`?`). */
  passesIdleModals?: boolean;
};

/** Every binding, in help order: everywhere, panes, lists, checklist, dialogs, forms, fields, then screens. */
export const keymap: readonly KeyBinding[] = [...viewKeys, ...inputKeys, ...screenKeys];

/** Display order and titles of the help overlay's groups. */
export const scopeTitles: Readonly<Record<KeyScope, string>> = {
  global: 'Everywhere',
  pane: 'Log panes',
  list: 'Lists',
  checklist: 'Checklist',
  dialog: 'Dialogs',
  form: 'Forms',
  field: 'Text fields',
  home: 'Home',
  preflight: 'Pre-flight (before a deploy)',
  menu: 'Menus',
  run: 'Run screen',
  failure: 'Failed step',
  report: 'Reports',
};

const keyLabels: Readonly<Record<string, string>> = {
  esc: 'Esc',
  enter: 'Enter',
  tab: 'Tab',
  'shift-tab': 'S-Tab',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pgup: 'PgUp',
  pgdn: 'PgDn',
  home: 'Home',
  end: 'End',
  space: 'Space',
  delete: 'Del',
  backspace: 'Bksp',
};

/** How a key name is shown to people: `ctrl-u` → `C-u`, `alt-b` → `M-b`, `g g` → `gg`, `up` → `↑`. */
export function keyLabel(key: string): string {
  if (key.startsWith('ctrl-')) return `C-${keyLabel(key.slice(5))}`;
  if (key.startsWith('alt-')) return `M-${keyLabel(key.slice(4))}`;
  if (key.includes(' ')) return key.split(' ').join('');
  return keyLabels[key] ?? key;
}

/** The bindings of the given scopes, in keymap order. */
export function bindingsFor(scopes: readonly KeyScope[]): KeyBinding[] {
  return keymap.filter((binding) => scopes.includes(binding.scope));
}

const hintOrder: readonly KeyScope[] = [
  'failure',
  'dialog',
  'form',
  'field',
  'home',
  'preflight',
  'report',
  'checklist',
  'menu',
  'list',
  'run',
  'pane',
  'global',
];

/** Footer hints for the given scopes, most specific scope first: `{ key: 'j/↓', label: 'scroll' }`. */
export function hintsFor(scopes: readonly KeyScope[]): { key: string; label: string; action: KeyAction }[] {
  return hintOrder
    .filter((scope) => scopes.includes(scope))
    .flatMap((scope) => keymap.filter((binding) => binding.scope === scope && binding.hint !== undefined))
    .map((binding) => ({
      key: binding.keys.slice(0, 2).map(keyLabel).join('/'),
      label: binding.hint as string,
      action: binding.action,
    }));
}
