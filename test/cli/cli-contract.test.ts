import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli } from './run-cli.js';

describe('chom-console command line', () => {
  it('--version prints the package version', async () => {
    const run = await runCli(['--version']);
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(run).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('--help lists every command of the contract and the global options', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const word of [
      'assess',
      'deploy',
      'verify',
      'rollback',
      'plan',
      'profiles',
      'sandbox',
      '--profile',
      '--plain',
      '--version',
    ]) {
      expect(run.stdout).toContain(word);
    }
  });

  it('registers each command option of the contract', async () => {
    const expected: [string[], string[]][] = [
      [['assess'], ['--repo', '--format', '--out']],
      [['deploy'], ['--from', '--resume', '--take-over-lock', '--yes', '--values', '--password-stdin']],
      [['verify'], ['--format']],
      [['rollback'], ['--target', '--to', '--yes']],
      [['sandbox'], ['up', 'down', 'status', 'reset']],
    ];
    const runs = await Promise.all(expected.map(([command]) => runCli([...command, '--help'])));
    runs.forEach((run, i) => {
      expect(run.code).toBe(0);
      for (const option of expected[i]![1]) expect(run.stdout).toContain(option);
    });
  });

  it('without a command and without a TTY prints help and exits 0', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: chom-console [options] [command]');
  });

  it.each([
    [['plan', '--bogus'], "unknown option '--bogus'"],
    [['plan', '--format', 'xml'], 'Allowed choices are md, json'],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['profiles', 'validate'], "missing required argument 'file'"],
  ])('usage error %j exits 2', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
