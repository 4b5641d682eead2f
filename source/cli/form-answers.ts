// The answers a headless run gives to its forms: defaults, then --values, then the secret from stdin or
// the environment; validated as the UI validates them. Refusals name the form, the field and what to pass.
import { validateForm } from '../engine/actions/form-validation.js';
import type { Form } from '../profile/schema.js';
import { readValuesFile, secretEnvName, type FormValues } from './values-file.js';

/** Where the secret fields come from. */
export type SecretSource = { stdin?: string; env: Readonly<Record<string, string | undefined>> };

/** The validated answers and the secret values (for the redactor), or why they cannot be given (exit 2). */
export type FormAnswers =
  { ok: true; values: FormValues; secrets: string[] } | { ok: false; message: string };

/** Builds and validates the answers for `forms` (the forms the run asks, by id). */
export function formAnswers(
  forms: Record<string, Form>,
  valuesFile: string | undefined,
  secret: SecretSource,
): FormAnswers {
  const ids = Object.keys(forms);
  if (ids.length === 0) return { ok: true, values: {}, secrets: [] };
  if (valuesFile === undefined) {
    // A form with live values is answered by them on the host (the engine reads them; when a field has none
    // there, the run stops at the form asking for --values, before anything changed).
    if (ids.every((id) => forms[id]!.live !== undefined)) return { ok: true, values: {}, secrets: [] };
    return {
      ok: false,
      message: `refused: this run asks the form${ids.length === 1 ? '' : 's'} ${ids.join(', ')}, and a headless run takes form values only from --values FILE (YAML or JSON: field → value). Nothing was changed.`,
    };
  }
  const file = readValuesFile(valuesFile, forms);
  if (!file.ok) return { ok: false, message: `refused: ${file.message}. Nothing was changed.` };
  const values: FormValues = {};
  const secrets: string[] = [];
  const secretFields = ids.flatMap((id) =>
    forms[id]!.fields.filter((f) => f.type === 'secret').map((f) => ({ formId: id, fieldId: f.id })),
  );
  if (secret.stdin !== undefined && secretFields.length > 1) {
    const names = secretFields.map((s) => `${s.formId}.${s.fieldId}`).join(', ');
    return {
      ok: false,
      message: `--password-stdin is ambiguous: this run has ${secretFields.length} secret fields (${names}); give them in the environment (${secretFields.map((s) => secretEnvName(s.formId, s.fieldId)).join(', ')})`,
    };
  }
  for (const id of ids) {
    const form = forms[id]!;
    const merged: Record<string, string> = {};
    const deferredIds = new Set<string>();
    for (const field of form.fields) {
      if (field.type === 'secret') {
        const env = secretEnvName(id, field.id);
        const value = secret.stdin ?? secret.env[env];
        if ((value === undefined || value === '') && keepsLive(form, field.id)) {
          deferredIds.add(field.id);
          continue;
        }
        if (value === undefined || value === '') {
          return {
            ok: false,
            message: `refused: the form "${id}" needs the secret "${field.label}" (${id}.${field.id}); pass it with --password-stdin or in ${env} (never on the command line). Nothing was changed.`,
          };
        }
        merged[field.id] = value;
        secrets.push(value);
        continue;
      }
      const given = file.values[id]?.[field.id];
      // A templated default (`{{sandbox_smtp_port}}`) is resolved by the engine when the form is asked.
      const deferred = typeof field.default === 'string' && field.default.includes('{{');
      const value = given ?? (field.default !== undefined && !deferred ? String(field.default) : undefined);
      if (value !== undefined) merged[field.id] = value;
      else if (deferred) deferredIds.add(field.id);
    }
    const checked = { ...form, fields: form.fields.filter((field) => !deferredIds.has(field.id)) };
    const verdict = validateForm(checked, merged);
    if (!verdict.valid) {
      const lines = Object.entries(verdict.errors).map(
        ([field, message]) => `  - ${id}.${field}: ${message}`,
      );
      return {
        ok: false,
        message: `refused: the values for form "${id}" are not valid (from ${valuesFile}${secretFields.length > 0 ? ' and the secret input' : ''}):\n${lines.join('\n')}\nNothing was changed.`,
      };
    }
    values[id] = merged;
  }
  return { ok: true, values, secrets };
}

/** A field a live source of the form reads: left out, the run keeps the live value. */
function keepsLive(form: Form, fieldId: string): boolean {
  return Object.values(form.live ?? {}).some((source) => fieldId in source.fields);
}
