import { describe, expect, it } from 'vitest';
import { quote } from '../../source/lib/shell-quote.js';
import { mask, Redactor } from '../../source/engine/run/redaction.js';

const hostile = `p'a"s$(touch /tmp/pwned)&|;` + '\n' + 'ß';

function redactor(): Redactor {
  const r = new Redactor();
  r.add(hostile);
  return r;
}

describe('Redactor', () => {
  it('masks the raw value and its shell-quoted, JSON, URL-encoded and base64 forms', () => {
    const r = redactor();
    const forms = [
      hostile,
      quote(hostile),
      JSON.stringify(hostile),
      JSON.stringify(hostile).replace('ß', '\\u00df'),
      encodeURIComponent(hostile),
      Buffer.from(hostile).toString('base64'),
      Buffer.from(hostile).toString('base64').replace(/=+$/, ''),
    ];
    for (const form of forms) {
      const text = r.redact(`before ${form} after`);
      expect(text, form).not.toContain('touch /tmp/pwned');
      expect(text, form).not.toContain(Buffer.from(hostile).toString('base64').slice(0, 12));
      expect(text, form).toContain(mask);
      expect(text.startsWith('before ')).toBe(true);
    }
  });

  it('masks a secret that spans lines when output arrives line by line', () => {
    const lines = r2Lines(`start ${hostile} end\nnext line`);
    expect(lines).toEqual([`start ${mask}`, `${mask} end`, 'next line']);
    expect(lines.join('\n')).not.toContain('ß');
  });

  it('leaves unrelated lines alone and does not carry state past the continuation', () => {
    expect(r2Lines('ß alone\nplain')).toEqual(['ß alone', 'plain']);
  });

  it('redacts whole events deeply and returns them unchanged without secrets', () => {
    const event = {
      type: 'output',
      line: `x ${hostile}`,
      nested: [{ command: `echo ${quote(hostile)}` }],
      n: 3,
    };
    expect(new Redactor().redactDeep(event)).toBe(event);
    const text = JSON.stringify(redactor().redactDeep(event));
    expect(text).not.toContain('pwned');
    expect(text).toContain('"n":3');
  });

  it('learns secrets as they become known and ignores empty or 1-character values', () => {
    const r = new Redactor();
    expect(r.redact('token abc123')).toBe('token abc123');
    r.add('abc123');
    r.add('');
    r.add('x');
    expect(r.redact('token abc123 x')).toBe(`token ${mask} x`);
  });
});

function r2Lines(output: string): string[] {
  const lines = redactor().lineRedactor();
  return output.split('\n').map((line) => lines.line(line));
}
