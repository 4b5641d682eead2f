// Which world am I touching (issue 13, item 10): a profile remembered from an earlier command never becomes
// the target of a headless command that changes hosts, unless it is the sandbox; reading commands name it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../source/cli/cli-io.js';
import { rememberedProfileRule } from '../../source/cli/remembered-profile.js';
import { root, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'chom-remembered-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let homes = 0;

/** A fresh state directory; its settings remember `lastProfile` when given. */
function stateHome(lastProfile?: string): string {
  homes += 1;
  const home = join(dir, `home-${homes}`);
  mkdirSync(home);
  if (lastProfile !== undefined) writeFileSync(join(home, 'settings.json'), JSON.stringify({ lastProfile }));
  return home;
}

function rule(command: Parameters<typeof rememberedProfileRule>[0], home: string, profile?: string) {
  const errors: string[] = [];
  const io: CliIo = {
    out: () => undefined,
    err: (text) => errors.push(text),
    isTTY: false,
    env: { CHOM_CONSOLE_HOME: home },
    cwd: root,
  };
  const argv = [command, '--plain', '--yes', '--values', 'my values.yaml'];
  const code = rememberedProfileRule(command, profile === undefined ? {} : { profile }, io, argv);
  return { code, stderr: errors.join('\n') };
}

describe('the remembered-profile rule', () => {
  it('refuses deploy and rollback on a remembered production profile, printing the command to run', () => {
    const home = stateHome('production');
    for (const command of ['deploy', 'rollback'] as const) {
      const { code, stderr } = rule(command, home);
      expect(code).toBe(2);
      expect(stderr).toContain(`refused: ${command} changes hosts, and profile "production" was not given`);
      expect(stderr).toContain('Nothing was connected or changed.');
      expect(stderr).toContain(
        `  chom-console --profile production ${command} --plain --yes --values 'my values.yaml'\n`,
      );
      expect(stderr).toContain(
        `  chom-console --profile sandbox ${command} --plain --yes --values 'my values.yaml'`,
      );
    }
  });

  it('lets reading commands use the remembered profile, naming it on stderr', () => {
    const home = stateHome('production');
    for (const command of ['plan', 'assess', 'verify'] as const) {
      const { code, stderr } = rule(command, home);
      expect(code).toBeUndefined();
      expect(stderr).toBe(
        'profile: production (remembered from an earlier command; --profile NAME chooses another)',
      );
    }
  });

  it('lets a remembered sandbox (by name or by its file) change hosts, naming it', () => {
    for (const remembered of ['sandbox', join(root, 'profiles', 'sandbox.yaml')]) {
      const { code, stderr } = rule('deploy', stateHome(remembered));
      expect(code).toBeUndefined();
      expect(stderr).toContain(`profile: ${remembered} (remembered`);
    }
  });

  it('says nothing when --profile is given or nothing is remembered', () => {
    expect(rule('deploy', stateHome('production'), 'production')).toEqual({ code: undefined, stderr: '' });
    expect(rule('deploy', stateHome())).toEqual({ code: undefined, stderr: '' });
  });
});

describe('chom-console after a --profile production command', () => {
  it('refuses `deploy --plain --yes` (exit 2, nothing connected) and names the profile a plan reads', async () => {
    const home = stateHome();
    const env = { CHOM_CONSOLE_HOME: home };
    const first = await runCli(['--profile', 'production', 'plan', '--format', 'json'], env);
    expect(first.code).toBe(0);
    const deploy = await runCli(['deploy', '--plain', '--yes'], env);
    expect(deploy.code).toBe(2);
    expect(deploy.stdout).toBe('');
    expect(deploy.stderr).toContain('  chom-console --profile production deploy --plain --yes\n');
    expect(deploy.stderr).not.toContain('landsraad.arewel.com');
    const rollback = await runCli(['rollback', '--plain', '--yes', '--target', 'app'], env);
    expect(rollback.code).toBe(2);
    expect(rollback.stderr).toContain(
      '  chom-console --profile production rollback --plain --yes --target app\n',
    );
    const plan = await runCli(['plan', '--format', 'json'], env);
    expect(plan.code).toBe(0);
    expect((JSON.parse(plan.stdout) as { profile: { name: string } }).profile.name).toBe('production');
    expect(plan.stderr).toContain('profile: production (remembered from an earlier command');
  });

  it('prints the refused command with --resume [RUN_ID] and --take-over-lock HOLDER as given', async () => {
    const env = { CHOM_CONSOLE_HOME: stateHome('production') };
    const run = '20260107T090000000Z-a11ce0';
    const resumed = await runCli(
      ['deploy', '--plain', '--yes', '--resume', run, '--take-over-lock', 'alice@ops-laptop'],
      env,
    );
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain(
      `  chom-console --profile production deploy --plain --yes --resume ${run} --take-over-lock alice@ops-laptop\n`,
    );
    expect(resumed.stderr).toContain(
      `  chom-console --profile sandbox deploy --plain --yes --resume ${run} --take-over-lock alice@ops-laptop`,
    );
    const newest = await runCli(['deploy', '--resume', '--plain', '--yes'], env);
    expect(newest.code).toBe(2);
    expect(newest.stderr).toContain('  chom-console --profile production deploy --resume --plain --yes\n');
  });
});
