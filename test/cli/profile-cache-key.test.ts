// The profile cache serves a command only what a full load would give it: CHOM_CONSOLE_SANDBOX=1 makes the
// sandbox serve a profile over ssh and adds its runtime vars to the names, so an entry validated with the
// variable must not answer a command without it (which refuses the sandbox's names).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'chom-cache-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the profile cache and CHOM_CONSOLE_SANDBOX', () => {
  it('plan refuses a sandbox name without the variable even after a plan with it filled the cache', async () => {
    const profile = join(dir, 'over-ssh.yaml');
    const lines = [
      'name: over-ssh',
      'hosts:',
      '  app: { address: 127.0.0.1, port: 2222, user: deploy, roles: [app] }',
      'vars:',
      "  app_base: '{{world}}/var/www/chom'",
      'phases:',
      '  - id: look',
      '    title: Look',
      '    steps:',
      '      - id: list',
      '        title: List the app base',
      '        host: app',
      '        run:',
      "          command: 'ls {{app_base}}'",
      '',
    ];
    writeFileSync(profile, lines.join('\n'));
    const env = { CHOM_CONSOLE_HOME: join(dir, 'home') };
    const served = await runCli(['--profile', profile, 'plan', '--plain'], {
      ...env,
      CHOM_CONSOLE_SANDBOX: '1',
    });
    expect(served.stderr).toBe('');
    expect(served.code).toBe(0);
    expect(served.stdout).toMatch(/‹runtime:world›\/var\/www\/chom/);
    expect(readdirSync(join(dir, 'home', 'cache', 'profiles')).length).toBeGreaterThan(0);
    const plain = await runCli(['--profile', profile, 'plan', '--plain'], env);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain(`${profile}:5:14: vars.app_base: unknown name in {{world}}`);
  });
});
