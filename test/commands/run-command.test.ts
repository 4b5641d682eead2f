import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asUser } from '../../source/commands/privilege.js';
import { buildRunCommand } from '../../source/commands/run-command.js';
import { quote } from '../../source/lib/shell-quote.js';
import { runBash } from './bash.js';

const dir = mkdtempSync(join(tmpdir(), 'run-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('buildRunCommand', () => {
  it('runs the command as is for the login user', () => {
    expect(buildRunCommand({ host: 'landsraad', command: 'php artisan --version' })).toEqual({
      host: 'landsraad',
      script: 'php artisan --version',
      sensitive: false,
      description: 'php artisan --version',
    });
  });

  it('wraps in sudo -n -u USER bash -c with the script quoted once', () => {
    const command = buildRunCommand({
      host: 'h',
      command: "echo 'it''s' \"$HOME\"",
      user: 'www-data',
      cwd: "'/var/www/chom/current'",
    });
    expect(command.script).toBe(
      `sudo -n -u 'www-data' bash -c 'cd -- '\\''/var/www/chom/current'\\'' || exit 1\necho '\\''it'\\'''\\''s'\\'' "$HOME"'`,
    );
    expect(asUser('id -u', 'root')).toBe(`sudo -n bash -c 'id -u'`);
  });

  it('keeps stdin out of the script, marks it sensitive, converts the timeout', () => {
    const command = buildRunCommand({
      host: 'h',
      command: 'php artisan tinker',
      stdin: 'secret',
      sensitive: true,
      timeoutSeconds: 30,
    });
    expect(command.script).not.toContain('secret');
    expect(command).toMatchObject({ stdin: 'secret', sensitive: true, timeoutMs: 30_000 });
  });

  it('survives a real bash: the sudo-wrapped script is byte-identical after quoting (sudo stubbed)', () => {
    const stub = join(dir, 'bin');
    runBash(
      {
        host: 'h',
        script: `mkdir -p ${quote(stub)} && printf '#!/bin/bash\\nshift 3; exec "$@"\\n' > ${quote(stub)}/sudo && chmod +x ${quote(stub)}/sudo`,
        sensitive: false,
        description: '',
      },
      dir,
    );
    const hostile = `p'a"s$(touch /tmp/pwned-run)&|;`;
    const command = buildRunCommand({
      host: 'h',
      command: `printf '%s\\n' ${quote(hostile)}; pwd`,
      user: 'deploy',
      cwd: quote(dir),
    });
    const result = runBash(command, '/', { PATH: `${stub}:${process.env['PATH']}` });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${hostile}\n${dir}\n`);
  });

  it('does not run the command when cwd is missing', () => {
    const result = runBash(
      buildRunCommand({ host: 'h', command: 'echo ran', cwd: quote(join(dir, 'absent')) }),
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
  });
});
