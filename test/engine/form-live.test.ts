// A form's live values: read from JSON or YAML output, compared by field name only, and used to pre-fill the
// form — never the secret (it stays out of the form: left empty, the live one is kept). Hostile values
// (quotes, $(), newlines, unicode) are carried as data, and one the form would refuse is not pre-filled.
import { describe, expect, it } from 'vitest';
import { compareLive, liveValues, prefillForm } from '../../source/engine/actions/form-live.js';
import { formLiveSourceSchema } from '../../source/profile/when-schema.js';
import { formSchema } from '../../source/profile/schema.js';

const password = `p'a"s$(touch /tmp/x)&|;\nß ✓`;
const source = formLiveSourceSchema.parse({
  host: 'mentat',
  run: { command: 'curl -fsS -- http://app/api' },
  fields: {
    host: 'data.host',
    port: 'data.port',
    from_name: 'data.from_name',
    password: 'data.password',
    to: 'receivers[1].email_configs[0].to',
  },
});
const form = formSchema.parse({
  title: 'SMTP',
  fields: [
    { id: 'host', label: 'Host', type: 'hostname', default: 'localhost' },
    { id: 'port', label: 'Port', type: 'port', default: 587 },
    { id: 'from_name', label: 'From name', type: 'string' },
    { id: 'password', label: 'Password', type: 'secret', default: 'demo' },
    { id: 'to', label: 'To', type: 'email' },
  ],
});
const output = JSON.stringify({
  data: { host: 'smtp.example.org', port: 2525, from_name: `CHOM "ops" $(whoami) 'ü' ✓`, password },
  receivers: [{}, { email_configs: [{ to: 'ops@example.org' }] }],
});

describe('form live values', () => {
  it('reads every field from the output as text, hostile ones as they are', () => {
    expect(liveValues(source, output)).toEqual({
      host: 'smtp.example.org',
      port: '2525',
      from_name: `CHOM "ops" $(whoami) 'ü' ✓`,
      password,
      to: 'ops@example.org',
    });
    expect(() => liveValues(source, '{"data":{}}')).toThrow(/no value at data\.host \(field host\)/);
  });

  it('compares by field name only', () => {
    const live = liveValues(source, output);
    expect(compareLive(source, live, { ...live })).toEqual({ identical: true, differing: [] });
    const fact = compareLive(source, live, { ...live, password: 'other', port: '25' });
    expect(fact).toEqual({ identical: false, differing: ['port', 'password'] });
    expect(JSON.stringify(fact)).not.toContain(password);
  });

  it('pre-fills the defaults, never the secret; a value the form refuses is not pre-filled', () => {
    const live = liveValues(source, output);
    const filled = prefillForm(form, live);
    expect(filled.complete).toBe(true);
    expect(filled.form.fields.map((f) => [f.id, f.default])).toEqual([
      ['host', 'smtp.example.org'],
      ['port', '2525'],
      ['from_name', `CHOM "ops" $(whoami) 'ü' ✓`],
      ['password', undefined],
      ['to', 'ops@example.org'],
    ]);
    const secret = filled.form.fields.find((f) => f.id === 'password')!;
    expect([secret.required, secret.help]).toEqual([false, 'Leave empty to keep the stored one.']);
    expect(JSON.stringify(filled)).not.toContain('ß ✓');
    const hostile = prefillForm(form, { ...live, from_name: 'two\nlines', host: '$(id)' });
    expect(hostile.complete).toBe(false);
    expect(hostile.notFilled).toEqual([
      expect.stringMatching(/^host: /),
      'from_name: contains control characters or line breaks; remove them',
    ]);
    expect(hostile.form.fields.find((f) => f.id === 'host')!.default).toBe('localhost');
  });
});
