// Issue 12, item 9: form values are the strings written. A values file is read with YAML's failsafe schema
// (`0123456` and `1.10` stay text), tags are refused, aliases and size are bounded, and invalid UTF-8 (in
// the file, on stdin) is refused instead of silently becoming U+FFFD. No message echoes control characters.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { formAnswers } from '../../source/cli/form-answers.js';
import { InvalidUtf8Error, readAll } from '../../source/cli/secret-input.js';
import { valuesFileLimit } from '../../source/cli/values-file.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import type { Form } from '../../source/profile/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'chom-values-written-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const loaded = loadProfile('production', { profilesDir: resolve('profiles') });
if (!loaded.ok) throw new Error('production profile does not load');
const smtp = { smtp: loaded.profile.forms.smtp! } as Record<string, Form>;
const base = 'host: smtp.example.org\nport: 587\nalert_to: ops@example.org\n';
const answer = (path: string, stdin = 'pw-long') => {
  const result = formAnswers(smtp, path, { stdin, env: {} });
  return result.ok ? result.values.smtp! : result.message;
};

describe('values files are read as the strings written', () => {
  it('keeps 0123456, 1.10, true and ~ as text', () => {
    const values = answer(file('numbers.yaml', `${base}username: 0123456\nfrom_name: 1.10\n`));
    expect(values).toMatchObject({ username: '0123456', from_name: '1.10', port: '587' });
    const more = answer(file('more.yaml', `${base}username: true\nfrom_name: ~\n`));
    expect(more).toMatchObject({ username: 'true', from_name: '~' });
  });

  it('keeps JSON numbers as written too', () => {
    const json = file(
      'v.json',
      '{"host":"smtp.example.org","port":587,"username":"0123456","from_name":"x","alert_to":"o@p.org"}',
    );
    expect(answer(json)).toMatchObject({ port: '587', username: '0123456' });
  });

  it('refuses the port 0587 instead of reading 587', () => {
    expect(answer(file('zero.yaml', base.replace('587', '0587') + 'username: u\n'))).toMatch(
      /smtp\.port: write 587 without leading zeros/,
    );
  });

  it('refuses a tag, an alias bomb, a huge file and invalid UTF-8, saying why', () => {
    expect(answer(file('tag.yaml', `${base}username: !!int 5\n`))).toMatch(
      /cannot read --values .*tags are not read: quote the value/,
    );
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i += 1)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    expect(answer(file('bomb.yaml', `${bomb.join('\n')}\n`))).toMatch(/cannot read --values .*alias/i);
    expect(answer(file('big.yaml', `${base}username: ${'u'.repeat(valuesFileLimit)}\n`))).toMatch(
      /larger than 64 KiB/,
    );
    const latin1 = Buffer.concat([
      Buffer.from(`${base}username: `),
      Buffer.from([0x6a, 0xf6, 0x72, 0x67]),
      Buffer.from('\n'),
    ]);
    expect(answer(file('latin1.yaml', latin1))).toMatch(/not valid UTF-8/);
  });

  it('shows, never obeys, control characters of an unknown key', () => {
    const message = answer(file('escape.yaml', `${base}"\\e]0;pwned\\a\\e[2J": x\n`));
    expect(message).toMatch(/no field "␛\]0;pwned␇␛\[2J"/);
    expect(message).not.toContain('\u001b');
  });
});

describe('a password on stdin', () => {
  it('is refused when it is not valid UTF-8 (it was replaced with U+FFFD and stored)', async () => {
    const bytes = Buffer.from([0x70, 0x77, 0xff, 0xfe, 0x0a]);
    await expect(readAll(Readable.from([bytes]))).rejects.toBeInstanceOf(InvalidUtf8Error);
    await expect(readAll(Readable.from([bytes]), 'the password on stdin')).rejects.toThrow(
      /refused: the password on stdin is not valid UTF-8/,
    );
  });

  it('keeps valid UTF-8 split across chunks', async () => {
    const text = 'p🔑ß\u202Eé\u0301';
    const bytes = Buffer.from(text);
    const chunks = [bytes.subarray(0, 2), bytes.subarray(2, 5), bytes.subarray(5)];
    expect(await readAll(Readable.from(chunks))).toBe(text);
  });

  it('from the environment with U+FFFD in it is refused by the form', () => {
    const result = formAnswers(smtp, file('env.yaml', `${base}username: u\n`), {
      env: { CHOM_SMTP_PASSWORD: 'pw\uFFFD' },
    });
    expect(result.ok ? 'accepted' : result.message).toMatch(/smtp\.password: is not valid UTF-8 text/);
  });
});
