// A console closed from outside: the terminal window closed (SIGHUP) or the process told to stop (SIGTERM).
// The screen comes back, the exit code is 130, and the sandbox world the console started in its own process
// is stopped with it: no Prometheus or Alertmanager (real or stand-in) is left running for that state
// directory. (Before, renderConsole dropped its listener and Ink's signal-exit handler re-raised the signal,
// killing the process before the world was stopped.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli, type PtyTerminal } from '../helpers/pty-terminal.js';

const homes: string[] = [];
const terms: PtyTerminal[] = [];
afterAll(async () => {
  for (const term of terms) term.kill('SIGKILL');
  await Promise.all(terms.map((term) => term.exited));
  for (const home of homes) {
    // never leave a test's services behind, whatever happened above
    try {
      execFileSync('pkill', ['-f', home]);
    } catch {
      // none left
    }
    rmSync(home, { recursive: true, force: true });
  }
});

/** Command lines of processes (other than ps itself) that mention `home`. */
function processesOf(home: string): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .filter((line) => line.includes(home) && !/\bps -eo\b/.test(line))
    .map((line) => line.trim());
}

// A closed terminal window delivers SIGHUP twice within a millisecond (the shell forwards it, the kernel sends
// its own): the second must not cut the shutdown short.
describe.each([
  ['SIGHUP', 1],
  ['SIGHUP', 2],
  ['SIGTERM', 1],
] as const)('the console receives %s ×%i', (signal, times) => {
  it('restores the screen, exits 130 and stops the sandbox world it started', async () => {
    const home = mkdtempSync(join(tmpdir(), 'chom-tui-signal-'));
    homes.push(home);
    const term = spawnCli([], {
      env: { CHOM_CONSOLE_HOME: home },
      name: `tui-${signal.toLowerCase()}-${times}`,
    });
    terms.push(term);
    await term.waitForText(/mentat .*● connected/);
    await term.waitForText('SMTP     mentat: not configured');
    const running = processesOf(home);
    // the world's Prometheus and Alertmanager run outside the console's process, under this state directory
    expect(running.some((line) => /prometheus/.test(line))).toBe(true);
    expect(running.some((line) => /alertmanager/.test(line))).toBe(true);
    term.kill(signal);
    // the repeat lands while the console is closing (standard signals do not queue: one sent at once would merge)
    if (times > 1) setTimeout(() => term.kill(signal), 20);
    const exit = await term.exited;
    expect(exit).toMatchObject({ exitCode: 130 });
    expect(term.alternate()).toBe(false);
    expect(processesOf(home)).toEqual([]);
  });
});
