import { describe, expect, it } from 'vitest';
import { resolveFormDefaults } from '../../source/engine/actions/form-defaults.js';
import { formSchema } from '../../source/profile/schema.js';

const form = formSchema.parse({
  title: 'SMTP',
  fields: [
    { id: 'host', label: 'Host', type: 'hostname', default: '127.0.0.1' },
    { id: 'port', label: 'Port', type: 'port', default: '{{sandbox_smtp_port}}' },
    { id: 'fixed', label: 'Fixed port', type: 'port', default: 587 },
    { id: 'password', label: 'Password', type: 'secret', default: '{{not_rendered}}' },
  ],
});

describe('templated form defaults', () => {
  it('resolves templates in non-secret defaults and leaves the rest alone', () => {
    const seen: string[] = [];
    const resolved = resolveFormDefaults(form, (template) => {
      seen.push(template);
      return template === '{{sandbox_smtp_port}}' ? '40125' : 'WRONG';
    });
    expect(resolved.fields.map((field) => field.default)).toEqual([
      '127.0.0.1',
      '40125',
      587,
      '{{not_rendered}}',
    ]);
    expect(seen).toEqual(['{{sandbox_smtp_port}}']);
    expect(form.fields[1]!.default).toBe('{{sandbox_smtp_port}}');
  });
});
