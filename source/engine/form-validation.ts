// Validation of form values (the SMTP form) by field type. Pure and shared: the UI validates as the
// operator types, headless mode validates `--values` files, and the engine re-checks before use.
import { isIP } from 'node:net';
import { hasControlCharacters } from '../lib/terminal-text.js';
import type { Form, FormField } from '../profile/schema.js';

/** The verdict on one field's value; `message` says what is wrong and what is expected. */
export type FieldValidation = { ok: true } | { ok: false; message: string };

/** The verdict on a whole form: `errors` maps field id → message for every invalid field. */
export type FormValidation = { valid: boolean; errors: Record<string, string> };

const ok: FieldValidation = { ok: true };
const fail = (message: string): FieldValidation => ({ ok: false, message });

const hostnameLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const emailDomainLabel = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;

function checkHostname(value: string): FieldValidation {
  if (isIP(value) !== 0) return ok;
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length === 0 || name.length > 253)
    return fail('a host name of 1–253 characters, or an IP address');
  const labels = name.split('.');
  const bad = labels.find((label) => !hostnameLabel.test(label));
  if (bad !== undefined) {
    return fail(`"${bad}" is not a valid label: use letters, digits and "-" (not at either end), at most 63`);
  }
  if (/^\d+$/.test(labels[labels.length - 1] as string)) return fail('not a valid IP address or host name');
  return ok;
}

function checkPort(value: string): FieldValidation {
  if (!/^\d{1,5}$/.test(value)) return fail('a port number from 1 to 65535');
  const port = Number(value);
  return port >= 1 && port <= 65_535 ? ok : fail('a port number from 1 to 65535');
}

function checkEmail(value: string): FieldValidation {
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (at < 1 || /\s/u.test(value) || local.includes('@') || local.length > 64 || value.length > 254) {
    return fail('an e-mail address such as alerts@example.com');
  }
  const labels = domain.split('.');
  if (domain === '') return fail('an e-mail address such as alerts@example.com');
  if (labels.length < 2 || labels.some((label) => !emailDomainLabel.test(label))) {
    return fail(`"${domain}" is not a valid mail domain (expected something like example.com)`);
  }
  return ok;
}

/** Validates one value (as typed: a string) against its field definition. */
export function validateField(field: FormField, value: string): FieldValidation {
  if (value === '') return field.required ? fail(`${field.label} is required`) : ok;
  if (field.type === 'secret') {
    // Secrets travel over stdin (read to its end) or into a password file, so an inner line break survives;
    // NUL and CR do not survive every hop (C strings, CRLF normalisation), and an outer line break is
    // indistinguishable from the end of the input. Other control characters are refused.
    if (value.includes('\r') || value.includes('\u0000'))
      return fail('a secret cannot contain carriage returns or NUL characters');
    // DEL, ESC, tabs and other controls are keys mistaken for text (a burst of Backspaces), never a password.
    if (hasControlCharacters(value.replaceAll('\n', '')))
      return fail('a secret cannot contain control characters (shown as ␡, ␛, ␉ …); remove them');
    return value.startsWith('\n') || value.endsWith('\n')
      ? fail('a secret cannot start or end with a line break')
      : ok;
  }
  // Never legitimate in a one-line value, and they could drive the terminal when the value is shown.
  if (hasControlCharacters(value)) return fail('contains control characters or line breaks; remove them');
  switch (field.type) {
    case 'hostname':
      return checkHostname(value);
    case 'port':
      return checkPort(value);
    case 'email':
      return checkEmail(value);
    case 'choice':
      return field.choices.includes(value) ? ok : fail(`one of: ${field.choices.join(', ')}`);
    case 'string': {
      const length = [...value].length;
      return field.max_length !== undefined && length > field.max_length
        ? fail(`at most ${field.max_length} characters (now ${length})`)
        : ok;
    }
    default: {
      const unknown: never = field;
      return fail(`unknown field type in ${JSON.stringify(unknown)}`);
    }
  }
}

/** Validates every field of `form`; a missing value counts as empty. */
export function validateForm(
  form: Form,
  values: Readonly<Record<string, string | undefined>>,
): FormValidation {
  const errors: Record<string, string> = {};
  for (const field of form.fields) {
    const result = validateField(field, values[field.id] ?? '');
    if (!result.ok) errors[field.id] = result.message;
  }
  return { valid: Object.keys(errors).length === 0, errors };
}
