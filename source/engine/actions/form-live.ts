// A form's live sources (forms.<id>.live): the values the hosts hold now, read by a read-only command whose
// output is JSON or YAML. They pre-fill the form (a secret is kept in memory, never shown: left empty, the
// live one is kept) and decide `when: {skip_if: {unchanged: FORM.SOURCE}}` (field names only, never values).
import { parseDocument } from 'yaml';
import type { Form } from '../../profile/schema.js';
import type { FormLiveSource } from '../../profile/when-schema.js';
import type { SmtpStoredFact } from '../plan/plan-facts.js';
import { validateForm } from './form-validation.js';
import { parseYamlPath } from './yaml-path.js';

/** Field id → its live value, from the source's output; throws naming a field the output lacks. */
export function liveValues(source: FormLiveSource, stdout: string): Record<string, string> {
  const doc = parseDocument(stdout);
  if (doc.errors.length > 0) throw new Error(`the output is not JSON or YAML: ${doc.errors[0]!.message}`);
  const values: Record<string, string> = {};
  for (const [field, path] of Object.entries(source.fields)) {
    const value: unknown = doc.getIn(parseYamlPath(path));
    if (value === undefined || value === null || typeof value === 'object')
      throw new Error(`the output has no value at ${path} (field ${field})`);
    values[field] = String(value);
  }
  return values;
}

/** The source's fields whose value to store differs from the live one (names only). */
export function compareLive(
  source: FormLiveSource,
  live: Record<string, string>,
  toStore: Record<string, string>,
): SmtpStoredFact {
  const differing = Object.keys(source.fields).filter((field) => live[field] !== toStore[field]);
  return { identical: differing.length === 0, differing };
}

/** The form as asked with live values: defaults replaced, a secret optional (empty keeps the live one). */
export type PrefilledForm = {
  form: Form;
  /** Every field has a valid live value: the run may use them as they are (headless without --values). */
  complete: boolean;
  /** Fields whose live value is missing or invalid for its field (not pre-filled), with why. */
  notFilled: string[];
};

export function prefillForm(form: Form, live: Record<string, string>): PrefilledForm {
  const valid = validateForm({ ...form, fields: form.fields.filter((field) => field.id in live) }, live);
  const notFilled: string[] = [];
  const fields = form.fields.map((field) => {
    const value = live[field.id];
    if (value === undefined || valid.errors[field.id] !== undefined) {
      notFilled.push(
        value === undefined ? `${field.id}: not read` : `${field.id}: ${valid.errors[field.id]}`,
      );
      return field;
    }
    if (field.type === 'secret') {
      const help = `${field.help ? `${field.help} ` : ''}Leave empty to keep the stored one.`;
      const { default: _unused, ...rest } = field;
      return { ...rest, required: false, help };
    }
    if (field.type === 'port') return { ...field, default: value };
    return { ...field, default: value };
  });
  return { form: { ...form, fields } as Form, complete: notFilled.length === 0, notFilled };
}
