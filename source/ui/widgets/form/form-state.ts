// A form's editing state, without React: values as typed, focus, which fields to judge yet, revealed
// secrets, and the lifecycle of the optional "test" action.
import type { Form } from '../../../profile/schema.js';
import { editText, type TextEdit } from './text-field.js';

/** The "test these values" action as a lifecycle. */
export type FormTestState =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'passed'; message: string }
  | { kind: 'failed'; message: string };

/** Everything the operator has done to a form so far. */
export type FormState = {
  values: Record<string, string>;
  focus: number;
  /** The cursor in the focused field (code points); a field is entered with the cursor at its end. */
  cursor: number;
  /** Fields whose message is shown: edited, left, or all after a submit attempt. */
  touched: Record<string, boolean>;
  revealed: Record<string, boolean>;
  test: FormTestState;
};

export type FormAction =
  | { type: 'focus'; by: 1 | -1 }
  | { type: 'focus-field'; id: string }
  | { type: 'edit'; edit: TextEdit }
  | { type: 'choice'; by: 1 | -1 }
  | { type: 'toggle-reveal' }
  | { type: 'touch-all' }
  | { type: 'test-started' }
  | { type: 'test-finished'; ok: boolean; message: string };

/** Initial values: `initial` first, then the field's default; a choice starts on its first option. */
export function initialFormState(form: Form, initial: Readonly<Record<string, string>> = {}): FormState {
  const values: Record<string, string> = {};
  for (const field of form.fields) {
    const fallback = field.type === 'choice' ? (field.default ?? field.choices[0] ?? '') : field.default;
    values[field.id] = initial[field.id] ?? (fallback === undefined ? '' : String(fallback));
  }
  const first = form.fields[0];
  const cursor = first === undefined ? 0 : [...(values[first.id] ?? '')].length;
  return { values, focus: 0, cursor, touched: {}, revealed: {}, test: { kind: 'idle' } };
}

/** A reducer bound to one form (fields decide what typing and choice keys do). */
export function formReducer(form: Form): (state: FormState, action: FormAction) => FormState {
  const count = form.fields.length;
  return (state, action) => {
    const field = form.fields[state.focus];
    if (field === undefined) return state;
    const endOf = (index: number): number => [...(state.values[form.fields[index]?.id ?? ''] ?? '')].length;
    const set = (value: string, cursor = [...value].length): FormState => ({
      ...state,
      cursor,
      values: { ...state.values, [field.id]: value },
      touched: { ...state.touched, [field.id]: true },
      // Values changed: an earlier test result no longer applies.
      test: state.test.kind === 'running' ? state.test : { kind: 'idle' },
    });
    switch (action.type) {
      case 'focus': {
        const focus = (state.focus + action.by + count) % count;
        return {
          ...state,
          focus,
          cursor: endOf(focus),
          touched: { ...state.touched, [field.id]: true },
        };
      }
      case 'focus-field': {
        const index = form.fields.findIndex((candidate) => candidate.id === action.id);
        return index === -1 ? state : { ...state, focus: index, cursor: endOf(index) };
      }
      case 'edit': {
        if (field.type === 'choice') return state;
        const before = { value: state.values[field.id] ?? '', cursor: state.cursor };
        const after = editText(before, action.edit);
        if (after.value === before.value) return { ...state, cursor: after.cursor };
        return set(after.value, after.cursor);
      }
      case 'choice': {
        if (field.type !== 'choice') return state;
        const at = field.choices.indexOf(state.values[field.id] ?? '');
        const next = field.choices[(at + action.by + field.choices.length) % field.choices.length] ?? '';
        return set(next);
      }
      case 'toggle-reveal':
        return field.type === 'secret'
          ? { ...state, revealed: { ...state.revealed, [field.id]: !state.revealed[field.id] } }
          : state;
      case 'touch-all':
        return {
          ...state,
          touched: Object.fromEntries(form.fields.map((candidate) => [candidate.id, true])),
        };
      case 'test-started':
        return { ...state, test: { kind: 'running' } };
      case 'test-finished':
        return {
          ...state,
          test: action.ok
            ? { kind: 'passed', message: action.message }
            : { kind: 'failed', message: action.message },
        };
      default: {
        const unknown: never = action;
        throw new Error(`formReducer: unknown action ${JSON.stringify(unknown)}`);
      }
    }
  };
}
