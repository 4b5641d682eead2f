// The real CLI in a real pseudo-terminal, read back as a person sees it: node-pty runs `chom-console`
// (test/cli/run-cli.ts cliCommand: dist/cli.js when it is newer than the sources, else cli.tsx under tsx) with CI=false (Ink renders every frame
// only then), TERM=xterm-256color, 120×40; @xterm/headless interprets the bytes into a screen buffer.
// Tests wait for text on the screen (never for time) and save the screen at each stage under artifacts/e2e/.
import { spawn, type IPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { cliCommand, root } from '../cli/run-cli.js';

export const repoRoot = root;

/** Key names as the keymap speaks them → the bytes a terminal sends. */
const keyBytes: Readonly<Record<string, string>> = {
  enter: '\r',
  esc: '\x1b',
  tab: '\t',
  'shift-tab': '\x1b[Z',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  backspace: '\x7f',
  space: ' ',
};

function bytesOf(key: string): string {
  if (key in keyBytes) return keyBytes[key]!;
  const ctrl = /^ctrl-([a-z])$/.exec(key);
  if (ctrl) return String.fromCharCode(ctrl[1]!.charCodeAt(0) - 96);
  return key;
}

/** Options of {@link spawnCli}. */
export type PtyOptions = {
  env?: Record<string, string>;
  cols?: number;
  rows?: number;
  /** Where `save(stage)` writes the screen; default artifacts/e2e/<name>. */
  name?: string;
  /** Longest wait for a text before the test fails with the screen it saw. */
  waitMs?: number;
};

/** A CLI running in a terminal. */
export type PtyTerminal = {
  /** performance.now() when the process was spawned. */
  spawnedAt: number;
  kind: 'dist' | 'tsx';
  /** The visible screen, one line per row, trailing spaces trimmed. */
  screen: () => string;
  /** Resolves with the screen once it contains `match`; rejects with the screen after `waitMs`. */
  waitForText: (match: string | RegExp, waitMs?: number) => Promise<string>;
  /** Resolves once the screen satisfies `check`. */
  waitFor: (check: (screen: string) => boolean, what: string, waitMs?: number) => Promise<string>;
  /** Sends keys one at a time (names: enter, esc, tab, up, ctrl-t, or a character), each after the last drew. */
  press: (...keys: string[]) => Promise<void>;
  /** Sends text as typed, one character at a time. */
  type: (text: string) => Promise<void>;
  /** Writes `bytes` in ONE write, as a terminal sends a burst of keys or a paste (waits for nothing). */
  write: (bytes: string) => void;
  /** Writes the screen to artifacts/e2e/<name>/<NN>-<stage>.txt and returns the path. */
  save: (stage: string) => string;
  /** True while the alternate screen is active. */
  alternate: () => boolean;
  /** Every byte the program wrote. */
  output: () => string;
  exited: Promise<{ exitCode: number; signal?: number }>;
  kill: (signal?: string) => void;
};

export function spawnCli(args: string[], options: PtyOptions = {}): PtyTerminal {
  const cols = options.cols ?? 120;
  const rows = options.rows ?? 40;
  const command = cliCommand();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  delete env['SSH_AUTH_SOCK'];
  delete env['CHOM_SMTP_PASSWORD'];
  Object.assign(env, { CI: 'false', TERM: 'xterm-256color', COLORTERM: 'truecolor' }, options.env);
  const spawnedAt = performance.now();
  const pty: IPty = spawn(command.file, [...command.args, ...args], {
    name: 'xterm-256color',
    cols,
    rows,
    cwd: repoRoot,
    env,
  });
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
  let raw = '';
  let listeners: (() => void)[] = [];
  const changed = () => {
    const now = listeners;
    listeners = [];
    for (const listener of now) listener();
  };
  // Ink may write one frame in several chunks: look at the screen once the output pauses (a frame is done).
  let settle: ReturnType<typeof setTimeout> | undefined;
  pty.onData((data) => {
    raw += data;
    term.write(data, () => {
      if (settle !== undefined) clearTimeout(settle);
      settle = setTimeout(changed, 8);
    });
  });
  let exitInfo: { exitCode: number; signal?: number } | undefined;
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) =>
    pty.onExit((info) => {
      exitInfo = info;
      // Let xterm finish parsing what came before the exit.
      term.write('', () => {
        changed();
        resolve(info);
      });
    }),
  );
  const screen = (): string => {
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < rows; row += 1)
      lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
    return lines.join('\n');
  };
  const waitFor = (check: (screen: string) => boolean, what: string, waitMs = options.waitMs ?? 60_000) =>
    new Promise<string>((resolve, reject) => {
      const attempt = (): boolean => {
        const now = screen();
        if (!check(now)) return false;
        clearTimeout(timer);
        resolve(now);
        return true;
      };
      const timer = setTimeout(() => {
        reject(
          new Error(
            `no ${what} on the screen${exitInfo ? ` (the CLI exited ${exitInfo.exitCode})` : ''}:\n${screen()}`,
          ),
        );
      }, waitMs);
      const listen = () => {
        if (!attempt()) listeners.push(listen);
      };
      listen();
    });
  const nextDraw = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 150);
      listeners.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      const drawn = nextDraw();
      pty.write(bytesOf(key));
      await drawn;
    }
  };
  let saved = 0;
  const dir = join(repoRoot, 'artifacts', 'e2e', options.name ?? 'tui');
  return {
    spawnedAt,
    kind: command.kind,
    screen,
    waitFor,
    waitForText: (match, waitMs) =>
      waitFor(
        (now) => (typeof match === 'string' ? now.includes(match) : match.test(now)),
        JSON.stringify(String(match)),
        waitMs,
      ),
    press,
    type: (text) => press(...[...text]),
    write: (bytes) => pty.write(bytes),
    save: (stage) => {
      mkdirSync(dir, { recursive: true });
      saved += 1;
      const path = join(dir, `${String(saved).padStart(2, '0')}-${stage}.txt`);
      writeFileSync(path, `${screen()}\n`);
      return path;
    },
    alternate: () => term.buffer.active.type === 'alternate',
    output: () => raw,
    exited,
    kill: (signal) => {
      if (exitInfo === undefined) pty.kill(signal);
    },
  };
}
