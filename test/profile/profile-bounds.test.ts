// Issue 12, item 9 for profiles: vars and text defaults are the strings written, aliases and sizes are
// bounded as in values files, invalid UTF-8 is refused, an unclosed `{{` is an error (it reached the shell
// literally), and no issue message prints the file's control characters.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aliasExpansionLimit } from '../../source/profile/located-node.js';
import { formatIssues } from '../../source/profile/profile-issue.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { profileSizeLimit } from '../../source/profile/yaml-source.js';

const dir = mkdtempSync(join(tmpdir(), 'chom-profile-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const head = (address = '203.0.113.10') =>
  `name: bounds\nhosts:\n  app: { address: ${JSON.stringify(address)} }\n`;
const phases = (command = 'true') =>
  `phases:\n  - id: one\n    title: One\n    steps:\n      - { id: step, title: Step, host: app, run: { command: ${JSON.stringify(command)} } }\n`;

function load(name: string, text: string | Buffer) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return loadProfile(file);
}
const issues = (result: ReturnType<typeof loadProfile>) =>
  result.ok ? 'loaded' : formatIssues(result.issues);

describe('profile values as written', () => {
  it('keeps vars and text defaults as their text; a port default stays a number', () => {
    const result = load(
      'written.yaml',
      `${head()}vars:\n  version: 1.10\n  code: 0123456\n  flag: yes\n  count: 5\n` +
        'forms:\n  f:\n    title: F\n    fields:\n' +
        '      - { id: name, label: Name, type: string, default: 1.10 }\n' +
        '      - { id: port, label: Port, type: port, default: 587 }\n' +
        phases(),
    );
    if (!result.ok) throw new Error(formatIssues(result.issues));
    expect(result.profile.vars).toEqual({ version: '1.10', code: '0123456', flag: 'yes', count: '5' });
    expect(result.profile.forms.f!.fields.map((f) => f.default)).toEqual(['1.10', 587]);
  });
});

describe('profile bounds', () => {
  it('refuses an alias bomb quickly, naming the bound', () => {
    const lines = ['x0: &x0 [a, a, a, a, a, a, a, a, a, a]'];
    for (let i = 1; i <= 7; i += 1)
      lines.push(
        `x${i}: &x${i} [${Array(10)
          .fill(`*x${i - 1}`)
          .join(', ')}]`,
      );
    const result = load(
      'bomb.yaml',
      `${head()}vars:\n  bomb:\n${lines.map((l) => `    ${l}`).join('\n')}\n${phases()}`,
    );
    expect(issues(result)).toMatch(
      new RegExp(`YAML aliases expand to more than ${aliasExpansionLimit} nodes`),
    );
  });

  it('still reads a few aliases', () => {
    const result = load('alias.yaml', `${head()}vars:\n  a: &base /srv/app\n  b: *base\n${phases()}`);
    expect(result.ok && result.profile.vars.b).toBe('/srv/app');
  });

  it('refuses a host address of 5 MB (file size) and of 300 characters (schema)', () => {
    expect(issues(load('huge.yaml', head('a'.repeat(5 * 1024 * 1024)) + phases()))).toMatch(
      new RegExp(`larger than ${profileSizeLimit / 1024 / 1024} MiB`),
    );
    expect(issues(load('long.yaml', head(`${'a'.repeat(300)}.example`) + phases()))).toMatch(
      /hosts\.app\.address: expected a string of length ≤ 253/,
    );
  });

  it('refuses a profile that is not valid UTF-8', () => {
    const text = Buffer.concat([
      Buffer.from(head()),
      Buffer.from('vars:\n  x: j'),
      Buffer.from([0xf6]),
      Buffer.from(`rg\n${phases()}`),
    ]);
    expect(issues(load('latin1.yaml', text))).toMatch(/not valid UTF-8/);
  });

  it('refuses an unclosed {{ in a command, with its position', () => {
    const result = load('unclosed.yaml', `${head()}vars:\n  app_base: /srv\n${phases('ls {{app_base')}`);
    expect(issues(result)).toMatch(/unclosed\.yaml:\d+:\d+: .*run\.command: .*unclosed "\{\{".*\{\{app_base/);
  });

  it("shows an unknown key's escape sequences as symbols, never raw", () => {
    const text = issues(load('escape.yaml', `${head()}${phases()}"\\e]0;owned\\a\\e[31m": 1\n`));
    expect(text).toMatch(/unknown key "␛\]0;owned␇␛\[31m"/);
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u0007');
  });
});
