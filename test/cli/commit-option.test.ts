// Issue 14, item 6: `--var NAME=VALUE` and `deploy|plan --commit REF` through the command program (in-process). The ref is resolved
// in a real git repository (the profile's `repo`) with `git rev-parse --verify REF^{commit}` and no shell; an
// unknown ref is refused with exit 2 before any host is dialled (the profile's host refuses connections, so
// getting past the resolution shows as exit 3).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanDocument } from '../../source/report/plan-document.js';
import { cliInProcess } from './cli-in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'chom-commit-option-'));
const repo = join(dir, 'checkout');
const profile = join(dir, 'commit-probe.yaml');
const canary = join(dir, 'injected');
const env = { CHOM_CONSOLE_HOME: join(dir, 'home') };
/** The program in this process (every case here is decided before or at connecting). */
const runCli = (args: string[], environment: Record<string, string>) =>
  cliInProcess(args, { env: environment });
let first = '';
let second = '';

const git = (...args: string[]): string =>
  execFileSync('git', ['-C', repo, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.test',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.test',
    },
  }).trim();

beforeAll(() => {
  mkdirSync(repo);
  git('init', '--quiet', '--initial-branch=main');
  writeFileSync(join(repo, 'a.txt'), 'one\n');
  git('add', 'a.txt');
  git('commit', '--quiet', '-m', 'first');
  first = git('rev-parse', 'HEAD');
  git('tag', '-a', 'v1', '-m', 'annotated tag of the first commit');
  writeFileSync(join(repo, 'a.txt'), 'two\n');
  git('commit', '--quiet', '-am', 'second');
  second = git('rev-parse', 'HEAD');
  // a host that refuses every connection: reaching it at all ends in exit 3
  writeFileSync(
    profile,
    `name: commit-probe
hosts:
  app: { address: 127.0.0.1, port: 1, user: deploy, roles: [app] }
vars:
  repo: ${JSON.stringify(repo)}
  commit: from-the-profile
  branch: main
phases:
  - id: fetch
    title: Fetch
    steps:
      - id: show
        title: Show the commit
        host: app
        mutates: false
        run: { command: 'echo {{commit}} {{branch}}' }
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = async (...args: string[]) => {
  const run = await runCli(['plan', '--profile', profile, '--format', 'json', ...args], env);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as PlanDocument;
};
const value = (doc: PlanDocument, name: string) => doc.values.find((v) => v.name === name);

describe('plan --commit and --var', () => {
  it('resolves an abbreviated hash, a branch and an annotated tag to the full commit hash', async () => {
    for (const [ref, hash] of [
      [second.slice(0, 7), second],
      ['main', second],
      ['v1', first],
      ['HEAD~1', first],
    ] as const) {
      const doc = await plan('--commit', ref);
      expect(value(doc, 'commit')).toEqual({
        name: 'commit',
        value: hash,
        source: '--commit',
        note: `--commit ${JSON.stringify(ref)} resolved in ${repo}`,
      });
      expect(doc.phases[0]!.steps[0]!.command).toBe(`echo '${hash}' 'main'`);
      // the deploy plan model (and so the TUI pre-flight) targets the same commit
      expect(doc.deploy.targetCommit).toEqual({ known: true, value: hash });
    }
  });

  it('shows each value with its source; --commit wins over --var commit=… and says so', async () => {
    const doc = await plan('--var', 'commit=abc1234', '--var', 'branch=release-2', '--commit', 'v1');
    expect(doc.values).toEqual([
      { name: 'repo', value: repo, source: 'profile' },
      {
        name: 'commit',
        value: first,
        source: '--commit',
        note: `--commit "v1" resolved in ${repo}; --commit wins over --var commit="abc1234"`,
      },
      { name: 'branch', value: 'release-2', source: '--var' },
    ]);
    const markdown = await runCli(
      ['plan', '--profile', profile, '--var', 'commit=abc1234', '--commit', 'v1'],
      env,
    );
    expect(markdown.stdout).toContain(
      `- commit = \`${first}\` · --commit (--commit "v1" resolved in ${repo}; --commit wins over --var commit="abc1234")`,
    );
    expect(markdown.stdout).toContain('- branch = `main` · profile');
    const byVar = await plan('--var', 'commit=abc1234');
    expect(value(byVar, 'commit')).toEqual({ name: 'commit', value: 'abc1234', source: '--var' });
  });
});

describe('deploy --commit', () => {
  it('refuses an unknown ref with exit 2 before connecting, naming the ref and the checkout', async () => {
    const run = await runCli(['deploy', '--plain', '--profile', profile, '--commit', 'no-such-ref'], env);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`refused before connecting: --commit no-such-ref:`);
    expect(run.stderr).toContain(`in the local checkout ${repo}`);
    expect(run.stderr).not.toMatch(/cannot connect/);
  });

  it('refuses refs a shell or git would interpret, running neither', async () => {
    for (const ref of [`$(touch ${canary})`, `main; touch ${canary}`, `--output=${canary}`, 'main\nHEAD']) {
      const run = await runCli(['deploy', '--plain', '--profile', profile, `--commit=${ref}`], env);
      expect(run.code, `${ref}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain(`--commit ${JSON.stringify(ref)}:`);
    }
    expect(existsSync(canary)).toBe(false);
  });

  it('goes on to connect once the ref resolves (exit 3 from the refusing host)', async () => {
    const run = await runCli(['deploy', '--plain', '--profile', profile, '--commit', 'v1'], env);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/cannot connect to app \(127\.0\.0\.1:1\)/);
  });

  it('refuses --commit on a profile without a commit var, and a missing checkout', async () => {
    const other = join(dir, 'no-commit.yaml');
    const base = readFileSync(profile, 'utf8');
    writeFileSync(other, base.replace(JSON.stringify(repo), JSON.stringify(join(dir, 'gone'))));
    const gone = await runCli(['plan', '--profile', other, '--commit', 'main'], env);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain(`the local checkout ${join(dir, 'gone')} does not exist`);
    writeFileSync(other, base.replace('  commit: from-the-profile\n', '').replace('{{commit}} ', ''));
    const none = await runCli(['plan', '--profile', other, '--commit', 'main'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('profile commit-probe has no commit var');
  });
});

describe('--var refusals (exit 2, every command that loads a profile)', () => {
  it.each([
    [
      'nope=1',
      /--var nope: the profile has no var named "nope". --var sets one of the profile's vars: repo, commit, branch/,
    ],
    ['noequals', /--var expects NAME=VALUE .*without "="/],
    ['=x', /--var expects NAME=VALUE .*no name before "="/],
    ['run_id=1', /--var run_id: set by the run itself \(a builtin\), not settable/],
  ])('%s', async (arg, message) => {
    const commands =
      arg === 'nope=1'
        ? [['plan'], ['deploy', '--plain'], ['verify', '--plain'], ['assess'], ['rollback', '--plain']]
        : [['plan']];
    for (const command of commands) {
      const run = await runCli([...command, '--profile', profile, '--var', arg], env);
      expect(run.code, `${command.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  it('is refused by the commands that load no profile (it would be ignored there)', async () => {
    for (const command of [['history'], ['sandbox', 'status'], ['profiles', 'list']]) {
      const run = await runCli([...command, '--var', 'branch=x'], env);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(
        `--var sets a profile var for a run; \`chom-console ${command.join(' ')}\` loads no profile`,
      );
    }
  });
});
