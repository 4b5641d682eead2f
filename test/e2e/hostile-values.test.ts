// Issue 12, items 8 and 9, through the real CLI against the sandbox world and its real SMTP relay (which
// accepts only the credentials the test sets): every hostile value is either refused before anything
// changes (exit 2, a message naming the field, `current` and alertmanager.yml untouched, the secret never
// echoed) or works end to end (the alert mail arrives with the exact values; CHOM reads back what was
// written). The table of the issue's closing note is this file's `refusals` and `deploys`.
import { existsSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitMail } from '../../source/sandbox/services/smtp-relay.js';
import { startHeadlessWorld, type CliResult, type HeadlessWorld } from './headless-harness.js';

let world: HeadlessWorld;
const current = () => readlinkSync(join(world.root('landsraad'), 'var/www/chom/current'));
const alertmanagerYml = () =>
  readFileSync(join(world.root('mentat'), 'etc/observability/alertmanager/alertmanager.yml'));
let port = '';

beforeAll(async () => {
  rmSync('/tmp/pwned', { force: true });
  world = await startHeadlessWorld('chom-e2e-hostile-', { smtp: { user: 'x', password: 'y' } });
  port = world.sandbox.runtimeVars.sandbox_smtp_port!;
});
afterAll(async () => {
  rmSync('/tmp/pwned', { force: true });
  await world?.close();
});

/** A values file from YAML lines (written as given: the YAML itself is part of what is tested). */
function valuesFile(name: string, lines: string[]): string {
  const path = join(world.home, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const ordinary = (over: Record<string, string> = {}): string[] => {
  const fields: Record<string, string> = {
    host: '127.0.0.1',
    port,
    username: 'alerts@sandbox.test',
    encryption: 'none',
    from_address: 'alertmanager@sandbox.test',
    from_name: 'CHOM e2e',
    alert_to: 'ops@sandbox.test',
    ...over,
  };
  return Object.entries(fields).map(([key, value]) => `${key}: ${value}`);
};

const deploy = (values: string, stdin: string, extra: string[] = []): Promise<CliResult> =>
  world.cli(
    ['deploy', '--plain', '--profile', 'sandbox', '--yes', '--values', values, '--password-stdin', ...extra],
    { stdin },
  );

/** [what, where it is entered, the YAML lines or the value, stdin, expected message] */
type Refusal = {
  what: string;
  lines: () => string[];
  stdin?: string | Buffer;
  message: RegExp;
  secret?: string;
};

const refusals: Refusal[] = [
  {
    what: 'alert_to a,b@x',
    lines: () => ordinary({ alert_to: 'a,b@sandbox.test' }),
    message: /smtp\.alert_to: .*one address only/,
  },
  {
    what: 'alert_to two addresses',
    lines: () => ordinary({ alert_to: "'ops@sandbox.test, evil@x.test'" }),
    message: /smtp\.alert_to: an e-mail address/,
  },
  {
    what: 'alert_to {{.Receiver}}@…',
    lines: () => ordinary({ alert_to: "'{{.Receiver}}@sandbox.test'" }),
    message: /smtp\.alert_to: contains "\{\{" or "\}\}": Alertmanager expands them/,
  },
  {
    what: 'from_address Go template',
    lines: () => ordinary({ from_address: `'{{ template "x" . }}@sandbox.test'` }),
    message: /smtp\.from_address: contains "\{\{"/,
  },
  {
    what: 'alert_to "quoted"@',
    lines: () => ordinary({ alert_to: `'"ops"@sandbox.test'` }),
    message: /smtp\.alert_to: a quoted local part/,
  },
  {
    what: 'port 0587',
    lines: () => ordinary({ port: '0587' }),
    message: /smtp\.port: write 587 without leading zeros/,
  },
  {
    what: 'port 587; id',
    lines: () => ordinary({ port: "'587; id'" }),
    message: /smtp\.port: a port number/,
  },
  { what: 'port $(id)', lines: () => ordinary({ port: "'$(id)'" }), message: /smtp\.port: a port number/ },
  {
    what: 'host `id`',
    lines: () => ordinary({ host: "'`id`'" }),
    message: /smtp\.host: "`id`" is not a valid label/,
  },
  {
    what: 'host a&b|c',
    lines: () => ordinary({ host: "'a&b|c'" }),
    message: /smtp\.host: .*not a valid label/,
  },
  {
    what: 'host [::1]',
    lines: () => ordinary({ host: "'[::1]'" }),
    message: /smtp\.host: .*not a valid label/,
  },
  {
    what: 'host of 300 characters',
    lines: () => ordinary({ host: `${'a'.repeat(300)}.test` }),
    message: /smtp\.host: a host name of 1–253 characters/,
  },
  {
    what: 'host of 5 MB',
    lines: () => ordinary({ host: 'a'.repeat(5 * 1024 * 1024) }),
    message: /larger than 64 KiB/,
  },
  {
    what: 'encryption tls; rm -rf /',
    lines: () => ordinary({ encryption: "'tls; rm -rf /'" }),
    message: /smtp\.encryption: one of: tls, ssl, none/,
  },
  {
    what: 'from_name with a line break',
    lines: () => ordinary({ from_name: '"CHOM\\nBcc: evil@x.test"' }),
    message: /smtp\.from_name: contains control characters/,
  },
  {
    what: 'username with NUL',
    lines: () => ordinary({ username: '"al\\0erts"' }),
    message: /smtp\.username: contains control characters/,
  },
  {
    what: 'username with an escape sequence',
    lines: () => ordinary({ username: '"\\e]0;owned\\a"' }),
    message: /smtp\.username: contains control characters/,
  },
  {
    what: 'username !!int tag',
    lines: () => ordinary({ username: '!!int 5' }),
    message: /tags are not read: quote the value/,
  },
  {
    what: 'username *alias (undefined)',
    lines: () => ordinary({ username: '*nothing' }),
    message: /cannot read --values/,
  },
  {
    what: 'alias bomb',
    lines: () => [
      ...ordinary(),
      'x0: &x0 [a, a, a, a, a, a, a, a, a, a]',
      ...Array.from(
        { length: 7 },
        (_, i) => `x${i + 1}: &x${i + 1} [${Array(10).fill(`*x${i}`).join(', ')}]`,
      ),
    ],
    message: /cannot read --values .*alias/i,
  },
  {
    what: 'unknown key with an escape sequence',
    lines: () => [...ordinary(), '"\\e[2J\\e]0;x\\a": 1'],
    message: /no field "␛\[2J␛\]0;x␇"/,
  },
  {
    what: 'password with NUL (stdin)',
    lines: () => ordinary(),
    stdin: 'pw\u0000x-secret-nul\n',
    message: /smtp\.password: a secret cannot contain carriage returns or NUL/,
    secret: 'x-secret-nul',
  },
  {
    what: 'password with CR (stdin)',
    lines: () => ordinary(),
    stdin: 'pw\rx-secret-cr\n',
    message: /smtp\.password: a secret cannot contain carriage returns or NUL/,
    secret: 'x-secret-cr',
  },
  {
    what: 'password invalid UTF-8 (stdin)',
    lines: () => ordinary(),
    stdin: Buffer.from([0x70, 0x77, 0xe9, 0x0a]),
    message: /the password on stdin \(--password-stdin\) is not valid UTF-8/,
  },
  {
    what: 'host ::1 (Alertmanager dials it as ::1:PORT)',
    lines: () => ordinary({ host: "'::1'" }),
    message: /the SMTP host ::1 is an IPv6 address: Alertmanager dials it as ::1:\d+ \("too many colons"\)/,
  },
  {
    what: 'password that occurs in a config value',
    lines: () => ordinary(),
    stdin: 'sandbox.test\n',
    message:
      /pre-flight refused the entered values before anything changed:\n {2}- .*global\.smtp_from contains a secret/,
    secret: 'sandbox.test',
  },
];

describe('hostile values refused before anything changes', () => {
  // concurrent: each is one CLI process and refuses before changing anything, so they cannot interfere
  it.concurrent.each(refusals)('$what', async ({ lines, stdin, message, secret }) => {
    const before = { current: current(), config: alertmanagerYml() };
    const file = valuesFile(`refused-${Math.random().toString(36).slice(2)}.yaml`, lines());
    const run = await world.cli(
      ['deploy', '--plain', '--profile', 'sandbox', '--yes', '--values', file, '--password-stdin'],
      { stdin: (stdin ?? 'a-valid-password\n') as string },
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Nothing was changed/);
    for (const control of ['\u001b', '\u0007', '\u0000'])
      expect(run.stderr + run.stdout).not.toContain(control);
    if (secret) expect(run.stderr + run.stdout).not.toContain(secret.includes('.') ? `: ${secret}` : secret);
    expect(current()).toBe(before.current);
    expect(alertmanagerYml().equals(before.config)).toBe(true);
  });

  it('refuses a profile alias bomb and an unclosed {{ in `profiles validate` (exit 2)', async () => {
    const bomb = join(world.home, 'bomb.yaml');
    const lines = ['x0: &x0 [a, a, a, a, a, a, a, a, a, a]'];
    for (let i = 1; i <= 7; i += 1)
      lines.push(
        `x${i}: &x${i} [${Array(10)
          .fill(`*x${i - 1}`)
          .join(', ')}]`,
      );
    writeFileSync(
      bomb,
      `name: bomb\nhosts:\n  app: { address: 203.0.113.10 }\nvars:\n  v:\n${lines.map((l) => `    ${l}`).join('\n')}\n` +
        'phases:\n  - id: one\n    title: One\n    steps:\n      - { id: s, title: S, host: app, run: { command: "ls {{v" } }\n',
    );
    const run = await world.cli(['profiles', 'validate', bomb]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/YAML aliases expand to more than 10000 nodes/);
    writeFileSync(bomb, readFileSync(bomb, 'utf8').replace(/ {2}v:\n( {4}x.*\n)+/, '  v: /srv\n'));
    const unclosed = await world.cli(['profiles', 'validate', bomb]);
    expect(unclosed.code).toBe(2);
    expect(unclosed.stderr).toMatch(/run\.command: .*unclosed "\{\{"/);
  });
});

describe('hostile values that work end to end, proven at the relay', () => {
  it('deploy 1: username 0123456, from_name 1.10, a shell- and YAML-hostile password', async () => {
    const password = `p'a"s$(touch /tmp/pwned)\`id\`;&|: # {{.Receiver}} !!str *alias - x\nnext line`;
    const fromAddress = "o'neil+alerts&x@sandbox.test";
    world.sandbox.mail.setCredentials({ user: '0123456', password });
    const values = valuesFile(
      'deploy1.yaml',
      ordinary({
        username: '0123456',
        from_name: '1.10',
        from_address: `"${fromAddress}"`,
        alert_to: "'ops+{x}|y@sandbox.test'",
      }),
    );
    const run = await deploy(values, `${password}\n`);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/pre-flight ok: mentat accepts the rendered .*alertmanager\.yml/);
    const mail = await awaitMail(world.sandbox.mail.dir, (m) => m.authUser === '0123456');
    expect(mail.from).toBe(fromAddress);
    expect(mail.to).toEqual(['ops+{x}|y@sandbox.test']);
    const exported = JSON.parse(
      await world.on(
        'landsraad',
        `cd ${world.root('landsraad')}/var/www/chom/current && php artisan smtp:export --format=json`,
      ),
    ) as Record<string, unknown>;
    expect(exported).toMatchObject({ username: '0123456', from_name: '1.10', port: Number(port) });
    expect(exported.password).toBe(password);
    // no shell ever ran the password's $(…)
    expect(existsSync('/tmp/pwned')).toBe(false);
    const printed = world.printed.join('\n');
    expect(printed).not.toContain('touch /tmp/pwned');
    expect(printed).not.toContain('next line');
  });

  it('deploy 2 (--from phase3): unicode/RTL/emoji/combining values, Go templates and a leading space', async () => {
    const password = ' 🔑 pässwörd \u202Eevil\u202C é\u0301 {{ .Alerts }} $HOME';
    const username = ' Jörg "ops" $(id) 🚀 {{.X}}';
    world.sandbox.mail.setCredentials({ user: username, password });
    const values = valuesFile(
      'deploy2.yaml',
      ordinary({
        username: JSON.stringify(username),
        from_name: JSON.stringify(' CHOM \u202Eالتنبيهات\u202C – é\u0301 🚨 '),
        from_address: 'alerts@sandbox.test',
        alert_to: 'ops2@sandbox.test',
      }),
    );
    const run = await deploy(values, `${password}\n`, ['--from', 'phase3']);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const mail = await awaitMail(world.sandbox.mail.dir, (m) => m.authUser === username);
    expect(mail.to).toEqual(['ops2@sandbox.test']);
    const exported = JSON.parse(
      await world.on(
        'landsraad',
        `cd ${world.root('landsraad')}/var/www/chom/current && php artisan smtp:export --format=json`,
      ),
    ) as Record<string, unknown>;
    expect(exported).toMatchObject({
      host: '127.0.0.1',
      username,
      from_name: ' CHOM \u202Eالتنبيهات\u202C – é\u0301 🚨 ',
    });
    expect(exported.password).toBe(password);
    expect(world.printed.join('\n')).not.toContain('pässwörd');
  });
});
