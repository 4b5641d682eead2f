// The keymap speaks in key names; `tokenize` (key-tokenizer.ts) turns what the terminal sends into these.

/**
 * A key press in keymap terms: `name` for matching bindings, `text` for typing (empty for special keys).
 * A bracketed paste is `{ name: 'paste', text }`: text to insert, never a binding.
 */
export type KeyPress = { name: string; text: string };
