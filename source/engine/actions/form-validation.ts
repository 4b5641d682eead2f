// Validation of form values (the SMTP form) by field type. Pure and shared: the UI validates as the
// operator types, headless mode validates `--values` files, and the engine re-checks before use.
import { isIP } from 'node:net';
import { hasControlCharacters } from '../../lib/terminal-text.js';
import { checkMailAddress } from './mail-address.js';
import type { Form, FormField } from '../../profile/schema.js';

/** The verdict on one field's value; `message` says what is wrong and what is expected. */
export type FieldValidation = { ok: true } | { ok: false; message: string };

/** The verdict on a whole form: `errors` maps field id → message for every invalid field. */
export type FormValidation = { valid: boolean; errors: Record<string, string> };

const ok: FieldValidation = { ok: true };
const fail = (message: string): FieldValidation => ({ ok: false, message });

const hostnameLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

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
  if (port < 1 || port > 65_535) return fail('a port number from 1 to 65535');
  // CHOM stores the port as an integer: 0587 would read back as 587 and fail the round trip after the store.
  return String(port) === value
    ? ok
    : fail(`write ${port} without leading zeros (CHOM stores the port as a number)`);
}

/** Validates one value (as typed: a string) against its field definition. */
export function validateField(field: FormField, value: string): FieldValidation {
  if (value === '') return field.required ? fail(`${field.label} is required`) : ok;
  // U+FFFD is what invalid UTF-8 (e.g. in the environment) decodes to: the value is not what was meant.
  if (value.includes('\uFFFD') || /\p{Surrogate}/u.test(value))
    return fail('is not valid UTF-8 text (it holds U+FFFD or a lone surrogate); give the value as UTF-8');
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
    case 'email': {
      const verdict = checkMailAddress(value);
      return verdict.ok ? ok : fail(verdict.message);
    }
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
