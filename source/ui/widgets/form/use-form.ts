// A form's keys: Tab/Shift-Tab between fields, typing and cursor editing (the `field` keys), pastes,
// choice keys, reveal, test, Enter submits when valid, Esc cancels. The form owns the keyboard while
// mounted (typing `q` types a q); on a choice field `?` opens help, in a text field it is a character.
import { useEffect, useMemo, useRef } from 'react';
import { validateForm, type FormValidation } from '../../../engine/actions/form-validation.js';
import type { Form } from '../../../profile/schema.js';
import { formReducer, initialFormState, type FormState } from './form-state.js';
import type { KeyHandler } from '../../key-dispatch.js';
import { textEditOf, type TextEditAction } from './text-field.js';
import { useKeyLayer } from '../../hooks/use-key-dispatcher.js';
import { useLatestReducer } from '../../hooks/use-latest-reducer.js';

/** What a test of the values reports; `message` is shown as the form's result line. */
export type FormTestResult = { ok: boolean; message: string };

/** Options of {@link useForm}. */
export type UseFormOptions = {
  form: Form;
  initial?: Readonly<Record<string, string>>;
  onSubmit: (values: Record<string, string>) => void;
  onCancel: () => void;
  /** Tests the values (e.g. an SMTP login) without saving them. */
  onTest?: (values: Record<string, string>) => Promise<FormTestResult>;
};

/** The form's state and its validation, with its key layer registered while mounted. */
export function useForm({ form, initial, onSubmit, onCancel, onTest }: UseFormOptions): {
  state: FormState;
  validation: FormValidation;
} {
  const reduce = useMemo(() => formReducer(form), [form]);
  const [state, dispatch, latest] = useLatestReducer(reduce, () => initialFormState(form, initial));
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const focusedType = (): string | undefined => form.fields[latest().focus]?.type;
  /** Validates the newest values; on failure shows every message and focuses the first bad field. */
  const checked = (): Record<string, string> | undefined => {
    const { values } = latest();
    const result = validateForm(form, values);
    if (result.valid) return values;
    dispatch({ type: 'touch-all' });
    const firstBad = form.fields.find((field) => result.errors[field.id] !== undefined);
    if (firstBad !== undefined) dispatch({ type: 'focus-field', id: firstBad.id });
    return undefined;
  };
  const editKeys = Object.fromEntries(
    (Object.keys(textEditOf) as TextEditAction[]).map((action): [TextEditAction, KeyHandler] => [
      action,
      () => (focusedType() === 'choice' ? false : dispatch({ type: 'edit', edit: textEditOf[action] })),
    ]),
  );
  useKeyLayer({
    scopes: ['form', 'field'],
    handlers: {
      ...editKeys,
      'next-field': () => dispatch({ type: 'focus', by: 1 }),
      'prev-field': () => dispatch({ type: 'focus', by: -1 }),
      'choice-next': () => (focusedType() === 'choice' ? dispatch({ type: 'choice', by: 1 }) : false),
      'choice-prev': () => (focusedType() === 'choice' ? dispatch({ type: 'choice', by: -1 }) : false),
      'reveal-secret': () => dispatch({ type: 'toggle-reveal' }),
      cancel: () => onCancel(),
      submit: () => {
        const values = checked();
        if (values !== undefined) onSubmit(values);
      },
      'test-form':
        onTest === undefined
          ? undefined
          : () => {
              const values = checked();
              if (values === undefined || latest().test.kind === 'running') return;
              dispatch({ type: 'test-started' });
              onTest(values).then(
                (result) => mounted.current && dispatch({ type: 'test-finished', ...result }),
                (error: unknown) =>
                  mounted.current &&
                  dispatch({
                    type: 'test-finished',
                    ok: false,
                    message: error instanceof Error ? error.message : String(error),
                  }),
              );
            },
    },
    onText: (press) => {
      // A choice field takes no text: declining lets `?` through to help (other keys stay swallowed).
      if (focusedType() === 'choice') return false;
      // A paste is text, whatever it holds: its line breaks never reach `submit`.
      if (press.name === 'paste') dispatch({ type: 'edit', edit: { type: 'paste', text: press.text } });
      else if (press.text !== '') dispatch({ type: 'edit', edit: { type: 'insert', text: press.text } });
      return true;
    },
  });
  return { state, validation: validateForm(form, state.values) };
}
