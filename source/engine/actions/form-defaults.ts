// Form defaults may be templates (`{{sandbox_smtp_port}}`); the engine resolves them against the run's scope
// before it asks the FormGate, so the UI and headless answers both see plain values.
import type { Form } from '../../profile/schema.js';

/** The form with every templated default resolved by `render` (plain context); other fields unchanged. */
export function resolveFormDefaults(form: Form, render: (template: string) => string): Form {
  return {
    ...form,
    fields: form.fields.map((field) =>
      typeof field.default === 'string' && field.type !== 'secret' && field.default.includes('{{')
        ? ({ ...field, default: render(field.default) } as typeof field)
        : field,
    ),
  };
}
