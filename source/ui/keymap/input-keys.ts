// The keymap's rows for answering: dialogs, forms and text fields (readline's keys). Assembled with the
// other rows in ../keymap.ts.
import type { KeyBinding } from '../keymap.js';

export const inputKeys: readonly KeyBinding[] = [
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
];
