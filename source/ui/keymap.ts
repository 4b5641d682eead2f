// The one keymap of the console, as data. The dispatcher, the footer hints and the help overlay all read
// it, so what help shows can never drift from what the keys do. Conventions follow k9s and lazygit
// (see shared/reference/anchors.md).

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
  | 'start-verify'
  | 'open-history'
  | 'choose'
  | 'toggle-command-log'
  | 'resume-run'
  | 'toggle-housekeeping'
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

export const keymap: readonly KeyBinding[] = [
  {
    scope: 'global',
    keys: ['?'],
    action: 'help',
    description: 'Show or hide this help',
    hint: 'help',
    passesIdleModals: true,
  },
  {
    scope: 'global',
    keys: ['q'],
    action: 'quit',
    description: 'Quit (asks while a deploy runs)',
    hint: 'quit',
  },
  {
    scope: 'global',
    keys: ['ctrl-c'],
    action: 'quit',
    description: 'Quit from anywhere, even a form (asks while a deploy runs)',
    passesModals: true,
  },
  { scope: 'global', keys: ['esc'], action: 'back', description: 'Back to the previous screen' },
  { scope: 'global', keys: ['tab'], action: 'focus-next', description: 'Focus the next pane', hint: 'pane' },
  { scope: 'global', keys: ['shift-tab'], action: 'focus-prev', description: 'Focus the previous pane' },
  { scope: 'global', keys: ['1'], action: 'focus-pane-1', description: 'Focus the app host pane' },
  { scope: 'global', keys: ['2'], action: 'focus-pane-2', description: 'Focus the observability host pane' },
  {
    scope: 'global',
    keys: ['R'],
    action: 'rollback',
    description: 'Roll back (from any screen)',
    hint: 'rollback',
  },

  { scope: 'pane', keys: ['k', 'up'], action: 'scroll-up', description: 'Scroll up one line' },
  {
    scope: 'pane',
    keys: ['j', 'down'],
    action: 'scroll-down',
    description: 'Scroll down one line',
    hint: 'scroll',
  },
  { scope: 'pane', keys: ['pgup'], action: 'page-up', description: 'Scroll up one page' },
  { scope: 'pane', keys: ['pgdn'], action: 'page-down', description: 'Scroll down one page' },
  { scope: 'pane', keys: ['ctrl-u'], action: 'half-page-up', description: 'Scroll up half a page' },
  { scope: 'pane', keys: ['ctrl-d'], action: 'half-page-down', description: 'Scroll down half a page' },
  { scope: 'pane', keys: ['g g', 'home'], action: 'top', description: 'Jump to the oldest line' },
  { scope: 'pane', keys: ['G', 'end'], action: 'bottom', description: 'Jump to the newest line and follow' },
  { scope: 'pane', keys: ['/'], action: 'search', description: 'Search the log', hint: 'search' },
  { scope: 'pane', keys: ['n'], action: 'next-match', description: 'Next search match' },
  { scope: 'pane', keys: ['N'], action: 'prev-match', description: 'Previous search match' },
  { scope: 'pane', keys: ['w'], action: 'toggle-wrap', description: 'Wrap long lines on/off', hint: 'wrap' },
  { scope: 'pane', keys: ['t'], action: 'toggle-timestamps', description: 'Timestamps on/off' },
  {
    scope: 'pane',
    keys: ['f'],
    action: 'toggle-follow',
    description: 'Follow new output on/off',
    hint: 'follow',
  },
  { scope: 'pane', keys: ['e'], action: 'export', description: 'Export the log to a file' },

  { scope: 'list', keys: ['k', 'up'], action: 'select-up', description: 'Select the previous row' },
  {
    scope: 'list',
    keys: ['j', 'down'],
    action: 'select-down',
    description: 'Select the next row',
    hint: 'move',
  },
  { scope: 'list', keys: ['g g', 'home'], action: 'top', description: 'Select the first row' },
  { scope: 'list', keys: ['G', 'end'], action: 'bottom', description: 'Select the last row' },
  { scope: 'list', keys: ['enter'], action: 'details', description: 'Show or hide details', hint: 'details' },

  { scope: 'checklist', keys: ['r'], action: 'rerun', description: 'Re-run the checks', hint: 're-run' },
  {
    scope: 'checklist',
    keys: ['f'],
    action: 'run-fix',
    description: "Run the selected criterion's fix step (asked first, as in a deploy)",
    hint: 'fix',
  },
  {
    scope: 'checklist',
    keys: ['e'],
    action: 'export',
    description: 'Export the checklist as Markdown',
    hint: 'export',
  },

  {
    scope: 'dialog',
    keys: ['y'],
    action: 'confirm',
    description: 'Confirm (when no typing is required)',
    hint: 'yes',
  },
  { scope: 'dialog', keys: ['n', 'esc'], action: 'cancel', description: 'Cancel', hint: 'no' },
  {
    scope: 'dialog',
    keys: ['enter'],
    action: 'activate',
    description: 'Press the focused button',
    hint: 'select',
  },
  {
    scope: 'dialog',
    keys: ['tab', 'shift-tab', 'left', 'right'],
    action: 'switch-button',
    description: 'Move between Cancel and Confirm',
  },
  {
    scope: 'dialog',
    keys: ['down', 'j'],
    action: 'scroll-down',
    description: 'Scroll the dialog down (when it says more rows)',
    hint: 'scroll',
  },
  { scope: 'dialog', keys: ['up', 'k'], action: 'scroll-up', description: 'Scroll the dialog up' },
  { scope: 'dialog', keys: ['pgdn'], action: 'page-down', description: 'Scroll the dialog down a page' },
  { scope: 'dialog', keys: ['pgup'], action: 'page-up', description: 'Scroll the dialog up a page' },
  {
    scope: 'dialog',
    keys: ['?'],
    action: 'help',
    description: 'Show the keys (unless a name is being typed)',
    hint: 'help',
  },

  { scope: 'form', keys: ['tab', 'down'], action: 'next-field', description: 'Next field', hint: 'next' },
  { scope: 'form', keys: ['shift-tab', 'up'], action: 'prev-field', description: 'Previous field' },
  {
    scope: 'form',
    keys: ['enter'],
    action: 'submit',
    description: 'Submit (when every field is valid)',
    hint: 'submit',
  },
  { scope: 'form', keys: ['esc'], action: 'cancel', description: 'Cancel', hint: 'cancel' },
  {
    scope: 'form',
    keys: ['ctrl-r'],
    action: 'reveal-secret',
    description: 'Reveal or mask a secret field',
    hint: 'reveal',
  },
  {
    scope: 'form',
    keys: ['ctrl-t'],
    action: 'test-form',
    description: 'Test the values (e.g. SMTP login)',
    hint: 'test',
  },
  {
    scope: 'form',
    keys: ['right', 'space'],
    action: 'choice-next',
    description: 'Next choice (choice fields)',
  },
  { scope: 'form', keys: ['left'], action: 'choice-prev', description: 'Previous choice (choice fields)' },

  // Text fields (the form's fields, the log search prompt): readline's keys. A paste is text: a line
  // break in it never submits (see `pastedText`).
  { scope: 'field', keys: ['left'], action: 'cursor-left', description: 'Cursor left' },
  { scope: 'field', keys: ['right'], action: 'cursor-right', description: 'Cursor right' },
  {
    scope: 'field',
    keys: ['alt-b', 'ctrl-left'],
    action: 'word-left',
    description: 'Cursor one word left',
  },
  {
    scope: 'field',
    keys: ['alt-f', 'ctrl-right'],
    action: 'word-right',
    description: 'Cursor one word right',
  },
  { scope: 'field', keys: ['home', 'ctrl-a'], action: 'line-start', description: 'Cursor to the start' },
  { scope: 'field', keys: ['end', 'ctrl-e'], action: 'line-end', description: 'Cursor to the end' },
  {
    scope: 'field',
    keys: ['backspace'],
    action: 'delete-back',
    description: 'Delete before the cursor',
  },
  {
    scope: 'field',
    keys: ['delete', 'ctrl-d'],
    action: 'delete-forward',
    description: 'Delete under the cursor',
  },
  {
    scope: 'field',
    keys: ['ctrl-w', 'alt-backspace'],
    action: 'delete-word-back',
    description: 'Delete the word before',
  },
  {
    scope: 'field',
    keys: ['ctrl-u'],
    action: 'delete-to-start',
    description: 'Delete to the start',
  },
  {
    scope: 'field',
    keys: ['ctrl-k'],
    action: 'delete-to-end',
    description: 'Delete to the end',
  },

  {
    scope: 'home',
    keys: ['a'],
    action: 'start-assess',
    description: 'Assess both hosts (read-only)',
    hint: 'assess',
  },
  {
    scope: 'home',
    keys: ['d'],
    action: 'start-deploy',
    description: 'Deploy: the pre-flight first (what will run, skip or ask; nothing changes yet)',
    hint: 'deploy',
  },
  {
    scope: 'home',
    keys: ['v'],
    action: 'start-verify',
    description: 'Verify: run the checklist',
    hint: 'verify',
  },
  {
    scope: 'home',
    keys: ['h'],
    action: 'open-history',
    description: 'Run history: reopen a past run from its journal (read-only)',
    hint: 'history',
  },
  {
    scope: 'preflight',
    keys: ['enter'],
    action: 'begin-deploy',
    description: 'Start the deploy as planned (it takes the lock; Esc goes back home, nothing changed)',
    hint: 'start deploy',
  },
  {
    scope: 'preflight',
    keys: ['esc'],
    action: 'back',
    description: 'Back home: nothing was started, nothing changed',
    hint: 'back',
  },
  { scope: 'preflight', keys: ['j', 'down'], action: 'scroll-down', description: 'Scroll the plan down' },
  { scope: 'preflight', keys: ['k', 'up'], action: 'scroll-up', description: 'Scroll the plan up' },
  {
    scope: 'preflight',
    keys: ['pgdn', 'space'],
    action: 'page-down',
    description: 'Scroll the plan down a page',
    hint: 'more',
  },
  { scope: 'preflight', keys: ['pgup'], action: 'page-up', description: 'Scroll the plan up a page' },
  {
    scope: 'menu',
    keys: ['enter'],
    action: 'choose',
    description: 'Choose the selected entry',
    hint: 'choose',
  },
  {
    scope: 'run',
    keys: ['u'],
    action: 'resume-run',
    description: 'Resume this deploy after a pause or a failure (when it is resumable)',
  },
  {
    scope: 'run',
    keys: ['c'],
    action: 'toggle-command-log',
    description: 'Show or hide the command log',
    hint: 'commands',
  },
  {
    scope: 'run',
    keys: ['H'],
    action: 'toggle-housekeeping',
    description: 'Show or hide housekeeping commands (lock heartbeats) in the command log',
  },
  { scope: 'failure', keys: ['r'], action: 'retry', description: 'Retry the failed step', hint: 'retry' },
  {
    scope: 'failure',
    keys: ['s'],
    action: 'skip',
    description: 'Skip the step (non-critical only)',
    hint: 'skip',
  },
  {
    scope: 'failure',
    keys: ['b'],
    action: 'rollback-run',
    description: 'Roll back what was switched',
    hint: 'rollback',
  },
  {
    scope: 'failure',
    keys: ['a'],
    action: 'abort-run',
    description: 'Abort the run (the lock is released)',
    hint: 'abort',
  },
  {
    scope: 'report',
    keys: ['w'],
    action: 'write-report',
    description: 'Write the report to a Markdown file',
    hint: 'write',
  },
];

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
