// The terminal goes away (issue 12, item 11), tested the way it happens: the console runs in a REAL tmux
// session and `tmux kill-session` closes the terminal under it (SIGHUP, then EIO on every write), as when the
// ssh session to a jump host drops. While a headless deploy's step runs (a step that waits on a file the test
// controls, so "while it runs" is a fact, not a timing), and while the TUI idles on home. The console must stop
// as for Ctrl-C: the journal ends with "interrupted: terminal closed", the lock is released, the sandbox's
// Prometheus and Alertmanager it started are stopped, and `deploy --resume` continues the run. And what the
// README advises for a long deploy holds: under nohup (no terminal attached) the run goes on to the end.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { startTmuxCli, tmuxUnavailableReason, until, type TmuxSession } from '../helpers/tmux-session.js';

const unavailable = tmuxUnavailableReason();
if (unavailable) console.warn(`SKIPPED terminal-closed e2e: ${unavailable}`);

const homes: string[] = [];
const sessions: TmuxSession[] = [];
afterAll(() => {
  for (const session of sessions) session.close();
  for (const home of homes) {
    // never leave a test's services behind, whatever happened above
    for (const pid of processesOf(home).map((line) => Number(line.split(' ')[0]))) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    rmSync(home, { recursive: true, force: true });
  }
});

/** The environment of a process, '' when it is gone or not readable. */
function environOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Processes that mention `home` in their command line (Prometheus, Alertmanager, the CLI) or environment
 * (the sandbox hosts' shells running a step), but ps and the tmux server (its command line quotes the pane's).
 */
function processesOf(home: string): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^\d+ (ps -eo|tmux )/.test(line))
    .filter((line) => line.includes(home) || environOf(Number(line.split(' ')[0])).includes(home));
}

function newHome(prefix: string): string {
  const home = mkdtempSync(join(tmpdir(), prefix));
  homes.push(home);
  return home;
}

/** The sandbox runbook's hosts and vars, with one phase whose middle step waits for the test's gate file. */
function slowProfile(home: string): { gate: string; profile: string } {
  const gate = join(home, 'gate');
  const profile = join(home, 'slow.yaml');
  writeFileSync(
    profile,
    [
      'name: slow',
      'extends: sandbox',
      'vars:',
      `  gate: ${gate}`,
      'phases:',
      '  - id: phase1',
      '    title: A step that runs until the test opens the gate',
      '    steps:',
      '      - id: lock',
      '        title: Take the deploy lock on landsraad',
      '        host: landsraad',
      "        lock: { path: '{{app_base}}/.chom-console.lock', stale_after: 120 }",
      '      - id: wait-gate',
      '        title: Wait for the gate file',
      '        host: landsraad',
      "        run: { command: 'echo waiting for the gate; while [ ! -e {{gate}} ]; do sleep 0.05; done' }",
      '      - id: after-gate',
      '        title: The step after the gate',
      '        host: landsraad',
      "        run: { command: 'echo after the gate' }",
      '      - id: unlock',
      '        title: Release the deploy lock',
      '        host: landsraad',
      "        unlock: { path: '{{app_base}}/.chom-console.lock' }",
      '',
    ].join('\n'),
  );
  return { gate, profile };
}

type JournalLine = { type: string; [key: string]: unknown };
const journal = (home: string, runId: string): JournalLine[] =>
  readFileSync(join(home, 'journal', `${runId}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as JournalLine);

describe.skipIf(unavailable !== undefined)('the terminal closes under the console (real tmux)', () => {
  it('during a headless deploy step: interrupted record, lock released, services stopped, resumable', async () => {
    const home = newHome('chom-hup-deploy-');
    const { gate, profile } = slowProfile(home);
    const env = { CHOM_CONSOLE_HOME: home };
    const session = await startTmuxCli(
      `chom-hup-deploy-${process.pid}`,
      ['deploy', '--plain', '--profile', profile, '--yes'],
      env,
    );
    sessions.push(session);
    await session.waitForText(/\[landsraad\] waiting for the gate/);
    const runId = /run (\S+): deploy/.exec(session.screen())![1]!;
    const lock = join(home, 'sandbox/world/landsraad/var/www/chom/.chom-console.lock');
    expect(existsSync(lock)).toBe(true);
    expect(processesOf(home).filter((line) => /prometheus|alertmanager/.test(line))).toHaveLength(2);

    session.kill();
    await session.exited();

    const lines = journal(home, runId);
    expect(lines.at(-1)).toMatchObject({
      type: 'run-finished',
      outcome: 'aborted',
      message: 'interrupted: terminal closed',
    });
    expect(lines).toContainEqual(
      expect.objectContaining({
        type: 'step-finished',
        stepId: 'wait-gate',
        reason: 'interrupted: terminal closed',
      }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ type: 'lock-released' }));
    expect(existsSync(lock)).toBe(false);
    expect(processesOf(home)).toEqual([]);

    writeFileSync(gate, '');
    const resumed = await runCli(['deploy', '--resume', '--plain', '--profile', profile, '--yes'], env);
    expect(resumed.stderr).not.toMatch(/FAILED|nothing to resume/);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/ok after-gate/);
    const next = readdirSync(join(home, 'journal'))
      .map((file) => file.replace(/\.jsonl$/, ''))
      .filter((id) => id !== runId);
    expect(next).toHaveLength(1);
    expect(journal(home, next[0]!)[0]).toMatchObject({ type: 'run-started', resumedFrom: runId });
    expect(existsSync(lock)).toBe(false);
    expect(processesOf(home)).toEqual([]);
  });

  it('during a TUI deploy step: interrupted record, lock released, services stopped', async () => {
    const home = newHome('chom-hup-tui-run-');
    const { profile } = slowProfile(home);
    const session = await startTmuxCli(`chom-hup-tui-run-${process.pid}`, ['deploy', '--profile', profile], {
      CHOM_CONSOLE_HOME: home,
    });
    sessions.push(session);
    await session.waitForText(/waiting for the gate/);
    const lock = join(home, 'sandbox/world/landsraad/var/www/chom/.chom-console.lock');
    expect(existsSync(lock)).toBe(true);

    session.kill();
    await session.exited();

    const [runId] = readdirSync(join(home, 'journal')).map((file) => file.replace(/\.jsonl$/, ''));
    const lines = journal(home, runId!);
    expect(lines.at(-1)).toMatchObject({
      type: 'run-finished',
      outcome: 'aborted',
      message: 'interrupted: terminal closed',
    });
    expect(existsSync(lock)).toBe(false);
    expect(processesOf(home)).toEqual([]);
  });

  it('while the TUI idles on home: the console ends and stops the sandbox world it started', async () => {
    const home = newHome('chom-hup-tui-');
    const session = await startTmuxCli(`chom-hup-tui-${process.pid}`, [], { CHOM_CONSOLE_HOME: home });
    sessions.push(session);
    await session.waitForText(/mentat .*● connected/);
    await session.waitForText(/SMTP +mentat: not configured/);
    expect(processesOf(home).filter((line) => /prometheus|alertmanager/.test(line))).toHaveLength(2);

    session.kill();
    await session.exited();

    expect(processesOf(home)).toEqual([]);
    expect(existsSync(join(home, 'sandbox', 'world'))).toBe(true);
  });

  it('under nohup (no terminal attached) the run goes on after the terminal closes, as the README says', async () => {
    const home = newHome('chom-hup-nohup-');
    const { gate, profile } = slowProfile(home);
    const log = join(home, 'deploy.log');
    const session = await startTmuxCli(
      `chom-hup-nohup-${process.pid}`,
      ['deploy', '--plain', '--profile', profile, '--yes'],
      { CHOM_CONSOLE_HOME: home },
      { nohup: log },
    );
    sessions.push(session);
    const logText = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
    await until(
      () => /\[landsraad\] waiting for the gate/.test(logText()),
      () => `the step to run:\n${logText()}`,
    );
    session.kill();
    await until(
      () => /SIGHUP: no terminal is attached/.test(logText()),
      () => `the hangup to reach the CLI:\n${logText()}`,
    );
    const lock = join(home, 'sandbox/world/landsraad/var/www/chom/.chom-console.lock');
    expect(existsSync(lock)).toBe(true);

    writeFileSync(gate, '');
    await session.exited();
    expect(logText()).toMatch(/\[landsraad\] ok after-gate/);
    expect(logText()).toMatch(/^deploy ok in /m);
    const runId = /run (\S+): deploy/.exec(logText())![1]!;
    expect(journal(home, runId).at(-1)).toMatchObject({ type: 'run-finished', outcome: 'ok' });
    expect(existsSync(lock)).toBe(false);
    expect(processesOf(home)).toEqual([]);
  });
});
