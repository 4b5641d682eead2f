import { describe, expect, it } from 'vitest';
import { validateField, validateForm } from '../../source/engine/actions/form-validation.js';
import { formSchema, type FormField } from '../../source/profile/schema.js';

const smtp = formSchema.parse({
  title: 'SMTP relay',
  fields: [
    { id: 'host', label: 'SMTP host', type: 'hostname' },
    { id: 'port', label: 'Port', type: 'port', default: 587 },
    { id: 'from', label: 'From', type: 'email' },
    { id: 'tls', label: 'TLS', type: 'choice', choices: ['starttls', 'tls', 'none'] },
    { id: 'user', label: 'User', type: 'string', max_length: 8 },
    { id: 'password', label: 'Password', type: 'secret' },
    { id: 'note', label: 'Note', type: 'string', required: false },
  ],
});
const field = (id: string): FormField => smtp.fields.find((candidate) => candidate.id === id) as FormField;
const accepts = (id: string, value: string): boolean => validateField(field(id), value).ok;

describe('validateField', () => {
  it('accepts RFC 1123 host names and IP addresses', () => {
    for (const value of [
      'smtp.example.com',
      'mail-1.eu.example.org',
      'localhost',
      '127.0.0.1',
      '::1',
      'a.b.',
    ]) {
      expect(accepts('host', value), value).toBe(true);
    }
  });

  it('rejects malformed host names with a reason', () => {
    for (const value of [
      '-bad.example.com',
      'bad-.example',
      'a..b',
      'x'.repeat(64) + '.com',
      '999.1.1.1',
      'sp ace',
      'a_b',
    ]) {
      expect(accepts('host', value), value).toBe(false);
    }
    const result = validateField(field('host'), 'bad_label.com');
    expect(result.ok ? '' : result.message).toContain('"bad_label"');
  });

  it('accepts ports 1–65535 only', () => {
    expect(accepts('port', '1')).toBe(true);
    expect(accepts('port', '65535')).toBe(true);
    for (const value of ['0', '65536', '-1', '25a', ' 25', '1e3'])
      expect(accepts('port', value), value).toBe(false);
  });

  it('checks e-mail addresses, allowing unicode', () => {
    expect(accepts('from', 'alerts@example.com')).toBe(true);
    expect(accepts('from', 'jörg+ops@bücher.de')).toBe(true);
    for (const value of ['alerts', '@example.com', 'a@b', 'a b@example.com', 'a@-x.com', 'a@@example.com']) {
      expect(accepts('from', value), value).toBe(false);
    }
  });

  it('refuses what Alertmanager would read as another address or a template (issue 12, item 8)', () => {
    const reason = (value: string) => {
      const result = validateField(field('from'), value);
      return result.ok ? 'accepted' : result.message;
    };
    expect(reason('a,b@x.example')).toMatch(/one address only/);
    expect(reason('a;b@x.example')).toMatch(/one address only/);
    expect(reason('{{.Receiver}}@sandbox.test')).toMatch(/Alertmanager expands them as a template/);
    expect(reason('ops}}@sandbox.test')).toMatch(/Alertmanager expands them as a template/);
    expect(reason('"quoted"@sandbox.test')).toMatch(/quoted local part/);
    expect(reason('x..y@sandbox.test')).toMatch(/not a valid mailbox name/);
    expect(reason("o'neil+ops&x@sandbox.test")).toBe('accepted');
  });

  it('refuses a port with leading zeros: CHOM stores it as a number (0587 would read back as 587)', () => {
    const result = validateField(field('port'), '0587');
    expect(result).toEqual({
      ok: false,
      message: 'write 587 without leading zeros (CHOM stores the port as a number)',
    });
    expect(accepts('port', '587')).toBe(true);
  });

  it('refuses U+FFFD and lone surrogates: what invalid UTF-8 decodes to (issue 12, item 9)', () => {
    for (const id of ['password', 'note', 'user']) {
      expect(accepts(id, 'p\uFFFDw'), id).toBe(false);
      expect(accepts(id, 'p\uD800w'), id).toBe(false);
    }
  });

  it('checks choice membership and max length in characters', () => {
    expect(accepts('tls', 'starttls')).toBe(true);
    const wrong = validateField(field('tls'), 'ssl');
    expect(wrong.ok ? '' : wrong.message).toBe('one of: starttls, tls, none');
    expect(accepts('user', '漢字漢字漢字漢字')).toBe(true);
    expect(accepts('user', 'ninechars')).toBe(false);
  });

  it('requires required fields and lets optional ones be empty', () => {
    const result = validateField(field('host'), '');
    expect(result).toEqual({ ok: false, message: 'SMTP host is required' });
    expect(accepts('note', '')).toBe(true);
  });

  it('rejects control characters and newlines in non-secret fields, allows unicode', () => {
    expect(accepts('note', 'line\nbreak')).toBe(false);
    expect(accepts('note', 'esc\u001b[31m')).toBe(false);
    expect(accepts('note', 'c1\u009b')).toBe(false);
    expect(accepts('note', 'tab\there')).toBe(false);
    expect(accepts('note', 'デプロイ 🚀 ok')).toBe(true);
  });

  it('accepts shell metacharacters as data where legitimate', () => {
    for (const value of [`p'a"s$(rm -rf /)&|;\`x\``, '$HOME', '>/dev/null', '\\\\', '%s%n']) {
      expect(accepts('password', value), value).toBe(true);
      expect(accepts('note', value), value).toBe(true);
    }
    // An inner line break survives stdin and the password file; outer ones, CR and NUL do not.
    expect(accepts('password', 'a\nb')).toBe(true);
    expect(accepts('password', 'a\n')).toBe(false);
    expect(accepts('password', '\nb')).toBe(false);
    expect(accepts('password', 'a\rb')).toBe(false);
    expect(accepts('password', 'nul\u0000')).toBe(false);
    // Keys taken as text (a burst of Backspaces, Esc, Tab) are never part of a password.
    for (const control of ['\u007f', '\u001b', '\t', '\u0008', '\u009b'])
      expect(accepts('password', `abc${control}`), JSON.stringify(control)).toBe(false);
    expect(validateField(field('password'), 'abc\u007f\u007f')).toEqual({
      ok: false,
      message: 'a secret cannot contain control characters (shown as ␡, ␛, ␉ …); remove them',
    });
  });
});

describe('validateForm', () => {
  it('collects an error per invalid field', () => {
    const result = validateForm(smtp, { host: 'smtp.example.com', port: '99999', from: 'x', tls: 'tls' });
    expect(result.valid).toBe(false);
    expect(Object.keys(result.errors).sort()).toEqual(['from', 'password', 'port', 'user']);
  });

  it('is valid when every field is', () => {
    const result = validateForm(smtp, {
      host: 'smtp.example.com',
      port: '587',
      from: 'alerts@example.com',
      tls: 'starttls',
      user: 'ops',
      password: 'hunter2',
    });
    expect(result).toEqual({ valid: true, errors: {} });
  });
});
