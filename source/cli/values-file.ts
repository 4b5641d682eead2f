// `--values FILE`: form values for headless runs, YAML or JSON. Either `form id → field → value`, or flat
// `field → value` when the run asks for exactly one form. Secrets are refused here: they come from
// `--password-stdin` or the environment, never from a file that may be committed or shared.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Form } from '../profile/schema.js';

/** Values by form id, then field id, as text. */
export type FormValues = Record<string, Record<string, string>>;

/** The parsed file, or what is wrong with it (for exit 2). */
export type ValuesResult = { ok: true; values: FormValues } | { ok: false; message: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Reads and shapes a values file for the forms the run will ask. */
export function readValuesFile(file: string, forms: Record<string, Form>): ValuesResult {
  let data: unknown;
  try {
    // YAML is a superset of JSON: one parser reads both.
    data = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, message: `cannot read --values ${file}: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!isRecord(data))
    return { ok: false, message: `--values ${file}: expected a mapping (form id → field → value)` };
  const ids = Object.keys(forms);
  const nested =
    Object.keys(data).length > 0 && Object.entries(data).every(([k, v]) => ids.includes(k) && isRecord(v));
  let byForm: Record<string, Record<string, unknown>>;
  if (nested) byForm = data as Record<string, Record<string, unknown>>;
  else if (ids.length === 1) byForm = { [ids[0]!]: data };
  else
    return {
      ok: false,
      message: `--values ${file}: this run asks ${ids.length} forms (${ids.join(', ')}); nest the values under the form id`,
    };
  const values: FormValues = {};
  for (const [formId, fields] of Object.entries(byForm)) {
    const form = forms[formId]!;
    values[formId] = {};
    for (const [fieldId, raw] of Object.entries(fields)) {
      const field = form.fields.find((f) => f.id === fieldId);
      if (!field)
        return {
          ok: false,
          message: `--values ${file}: form "${formId}" has no field "${fieldId}"; fields: ${form.fields.map((f) => f.id).join(', ')}`,
        };
      if (field.type === 'secret')
        return {
          ok: false,
          message: `--values ${file}: "${formId}.${fieldId}" is a secret and is not read from files; give it with --password-stdin or ${secretEnvName(formId, fieldId)}`,
        };
      const value = scalar(raw);
      if (value === undefined)
        return {
          ok: false,
          message: `--values ${file}: "${formId}.${fieldId}" must be a string or a number`,
        };
      values[formId][fieldId] = value;
    }
  }
  return { ok: true, values };
}

/** The environment variable that may carry a secret field: `CHOM_<FORM>_<FIELD>` (smtp.password → CHOM_SMTP_PASSWORD). */
export function secretEnvName(formId: string, fieldId: string): string {
  return `CHOM_${formId}_${fieldId}`.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
