// The CLI in a REAL terminal that goes away as an operator's does: a tmux session on a private server socket
// runs the built `chom-console` (node dist/cli.js), and `kill-session` closes the terminal under it
// (the kernel hangs up the pty: SIGHUP, then EIO on every write), as when the ssh session to a jump host drops.
// Tests wait for text on the pane or for the process to be gone, never for time.
import { execFileSync } from 'node:child_process';
import { cliCommand, root as repoRoot } from '../cli/run-cli.js';
import { waitFor } from './ssh-process.js';

/** Why tmux cannot run here, or undefined when it can. */
export function tmuxUnavailableReason(): string | undefined {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'needs tmux (apt-get install tmux)';
  }
}

/** One session running the CLI. */
export type TmuxSession = {
  /** The CLI's pid (the pane runs it with exec). */
  pid: number;
  /** The pane's text as a person sees it now. */
  screen: () => string;
  /** Resolves once the pane shows `pattern`; rejects if the CLI ended first. */
  waitForText: (pattern: RegExp) => Promise<void>;
  /** Closes the terminal under the CLI. */
  kill: () => void;
  /** Resolves once the CLI's process is gone. */
  exited: () => Promise<void>;
  /** Ends the private tmux server (whatever is left). */
  close: () => void;
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits for `condition` (cheap checks of the pane or a file) with the suite's one poller; `what` says what was seen. */
export const until = (condition: () => boolean, what: () => string): Promise<void> =>
  waitFor(condition, what, 150_000);

const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * Starts `chom-console ARGS` in a detached 120×40 tmux session on the private server `socket`: as the pane's
 * process, or with `nohup: LOG` typed into an interactive shell in the pane as an operator would
 * (`nohup chom-console … >LOG 2>&1 &`), so the login shell forwards the hangup to it as to any job.
 */
export async function startTmuxCli(
  socket: string,
  args: string[],
  env: Record<string, string>,
  options: { nohup?: string } = {},
): Promise<TmuxSession> {
  const tmux = (...rest: string[]): string =>
    execFileSync('tmux', ['-L', socket, ...rest], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // The built CLI only: under tsx the pane's process is tsx's wrapper, which dies of SIGHUP at once while its
  // node child is still closing, so "the CLI is gone" would be observed too early.
  const cli = cliCommand();
  if (cli.kind !== 'dist')
    throw new Error('dist/cli.js is older than the sources: run `npm run build` first');
  const line = [cli.file, ...cli.args, ...args].map(quote).join(' ');
  const vars = Object.entries({ CI: 'false', ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const pane = options.nohup === undefined ? `exec ${line}` : 'exec bash --norc --noprofile -i';
  tmux('new-session', '-d', '-s', 'cli', '-x', '120', '-y', '40', '-c', repoRoot, ...vars, pane);
  const screen = (): string => {
    try {
      return tmux('capture-pane', '-p', '-t', 'cli');
    } catch {
      return '';
    }
  };
  let pid = Number(tmux('list-panes', '-t', 'cli', '-F', '#{pane_pid}').trim());
  if (options.nohup !== undefined) {
    tmux('send-keys', '-t', 'cli', '-l', `nohup ${line} >${quote(options.nohup)} 2>&1 & echo "cli=$!"`);
    tmux('send-keys', '-t', 'cli', 'Enter');
    await until(
      () => /^cli=\d+$/m.test(screen()),
      () => `the job's pid on the pane:\n${screen()}`,
    );
    pid = Number(/^cli=(\d+)$/m.exec(screen())![1]);
  }
  return {
    pid,
    screen,
    waitForText: async (pattern) => {
      await until(
        () => {
          if (pattern.test(screen())) return true;
          if (!alive(pid)) throw new Error(`the CLI ended before showing ${pattern}:\n${screen()}`);
          return false;
        },
        () => `${pattern} on the pane:\n${screen()}`,
      );
    },
    kill: () => tmux('kill-session', '-t', 'cli'),
    exited: () =>
      until(
        () => !alive(pid),
        () => `pid ${pid} to end`,
      ),
    close: () => {
      try {
        tmux('kill-server');
      } catch {
        // no server left
      }
    },
  };
}
