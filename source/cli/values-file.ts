// `--values FILE`: form values for headless runs, YAML or JSON. Either `form id → field → value`, or flat
// `field → value` when the run asks for exactly one form. Secrets are refused here: they come from
// `--password-stdin` or the environment, never from a file that may be committed or shared.
// Values are read as the strings written (YAML's failsafe schema): `0123456` stays `0123456` and `1.10`
// stays `1.10`; a field that needs a number (a port) is judged by the form's validation, not by YAML.
import { readFileSync, statSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { visibleControls } from '../lib/terminal-text.js';
import type { Form } from '../profile/schema.js';
import { decodeUtf8 } from '../lib/utf8.js';

/** Values by form id, then field id, as text. */
export type FormValues = Record<string, Record<string, string>>;

/** The parsed file, or what is wrong with it (for exit 2). */
export type ValuesResult = { ok: true; values: FormValues } | { ok: false; message: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function scalar(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A values file is a few lines; anything larger is a mistake (or an attack on the parser). */
export const valuesFileLimit = 64 * 1024;

/** The file's data, every scalar a string as written; or why it cannot be read. */
function readData(file: string): { ok: true; data: unknown } | { ok: false; message: string } {
  const shown = visibleControls(file);
  const refuse = (why: string) => ({ ok: false as const, message: `cannot read --values ${shown}: ${why}` });
  let bytes: Buffer;
  try {
    if (statSync(file).size > valuesFileLimit)
      return refuse(`larger than ${valuesFileLimit / 1024} KiB; a values file holds a few form fields`);
    bytes = readFileSync(file);
  } catch (error) {
    return refuse(visibleControls((error as Error).message.split('\n')[0] ?? ''));
  }
  const text = decodeUtf8(bytes);
  if (text === null) return refuse('it is not valid UTF-8; save it as UTF-8');
  const doc = parseDocument(text, { schema: 'failsafe', prettyErrors: false, uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    // A tag (`!!int`) is a warning to YAML; here it would change what was written, so it is refused too.
    const what = visibleControls(problem.message.split('\n')[0] ?? problem.message);
    return refuse(
      `${what}${problem.code === 'TAG_RESOLVE_FAILED' ? ' (tags are not read: quote the value)' : ''}`,
    );
  }
  try {
    // The same alias bound as YAML's default: a few aliases are fine, an expansion bomb is refused.
    return { ok: true, data: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    return refuse(visibleControls((error as Error).message.split('\n')[0] ?? ''));
  }
}

/** Reads and shapes a values file for the forms the run will ask. */
export function readValuesFile(file: string, forms: Record<string, Form>): ValuesResult {
  // YAML is a superset of JSON: one parser reads both.
  const read = readData(file);
  if (!read.ok) return read;
  const data = read.data;
  file = visibleControls(file);
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
          message: `--values ${file}: form "${formId}" has no field "${visibleControls(fieldId)}"; fields: ${form.fields.map((f) => f.id).join(', ')}`,
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
          message: `--values ${file}: "${formId}.${fieldId}" must be a single value (a string or a number), not a list or a mapping`,
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
