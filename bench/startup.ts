// Start-up (`npx tsx bench/startup.ts [rounds]`): the built bin (dist/cli.js, as users run it; `npm run build`
// first) against bare Node and bare Ink, every variant once per round in a rotating order, so a busy machine
// slows them alike. Three ratios of medians (issue 13, item 9):
//   1. `chom-console --version` against `node -e 0` (goal ≤ 1.5×);
//   2. a headless `chom-console plan` (the sandbox profile, stdout a pipe) against `node -e 0` (goal ≤ 3×);
//   3. the TUI's first frame (the home header, before any connection) against a bare Ink render of one
//      <Text> (bench/ink-text.mjs), both in a pseudo-terminal, timed from spawn to the text (goal ≤ 1.3×).
// The TUI runs a profile that extends production with both hosts on a closed loopback port, so no world is
// started and nothing is reached; it is stopped with SIGTERM once the frame is seen. Never fails on time.
import { spawn as spawnPty } from '@lydell/node-pty';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCommand } from '../test/cli/run-cli.js';

const rounds = Number(process.argv[2] ?? 10);
const root = join(import.meta.dirname, '..');
// the tests' own command (test/cli/run-cli.ts): the built bin only, never the sources under tsx
const command = cliCommand();
if (command.kind !== 'dist') {
  console.error('bench/startup: dist/cli.js is missing or older than the sources; run `npm run build` first');
  process.exit(2);
}
const cli = command.args[0]!;
const dir = mkdtempSync(join(tmpdir(), 'chom-bench-startup-'));
const home = join(dir, 'home');
const profile = join(dir, 'bench-startup.yaml');
writeFileSync(
  profile,
  [
    'name: bench-startup',
    'description: bench/startup, production with both hosts on a closed loopback port',
    'extends: production',
    'hosts:',
    ...['landsraad', 'mentat'].flatMap((name, index) => [
      `  ${name}:`,
      '    address: 127.0.0.1',
      '    port: 9',
      '    user: deploy',
      `    roles: [${index === 0 ? 'app' : 'observability'}]`,
    ]),
    '',
  ].join('\n'),
);
const env = { ...process.env, CHOM_CONSOLE_HOME: home, CI: 'false', NO_COLOR: '1' };

/** Milliseconds from spawn to exit (exit code 0 required: a failing command is no measurement). */
function timeExit(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

/** Milliseconds from spawn until `text` is on the terminal; then SIGTERM and wait for the exit (not timed). */
function timeFrame(args: string[], text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const pty = spawnPty(process.execPath, args, {
      cwd: root,
      env,
      cols: 120,
      rows: 40,
      name: 'xterm-256color',
    });
    let seen = '';
    let ms: number | undefined;
    const limit = setTimeout(() => {
      pty.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')}: no "${text}" within 60 s; it printed:\n${seen}`));
    }, 60_000);
    pty.onData((data) => {
      if (ms !== undefined) return;
      seen += data;
      if (!seen.includes(text)) return;
      ms = performance.now() - started;
      pty.kill('SIGTERM');
    });
    pty.onExit(() => {
      clearTimeout(limit);
      if (ms !== undefined) resolve(ms);
    });
  });
}

const variants = {
  node: () => timeExit(['-e', '0']),
  version: () => timeExit([cli, '--version']),
  plan: () => timeExit([cli, '--profile', 'sandbox', 'plan']),
  ink: () => timeFrame([join(root, 'bench', 'ink-text.mjs')], 'chom-console bare ink'),
  // the header names the profile by its name (bench-startup), not its file
  tui: () => timeFrame([cli, '--profile', profile], 'chom-console · bench-startup'),
};
type Variant = keyof typeof variants;
const names = Object.keys(variants) as Variant[];
const times = new Map<Variant, number[]>(names.map((name) => [name, []]));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const range = (values: number[]) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} ms`;

try {
  for (const name of names) await variants[name](); // warm-up: page cache, compile caches
  for (let round = 0; round < rounds; round += 1)
    for (let index = 0; index < names.length; index += 1) {
      const name = names[(index + round) % names.length]!;
      times.get(name)!.push(await variants[name]());
    }
  console.log(`start-up · ${rounds} rounds, variants interleaved · medians (ranges)`);
  const line = (title: string, variant: Variant, base: Variant, goal: number) => {
    const [mine, theirs] = [times.get(variant)!, times.get(base)!];
    const ratio = median(mine) / median(theirs);
    // the same round's runs are seconds apart: their ratio is the steadier figure on a busy machine
    const paired = mine.map((ms, round) => ms / theirs[round]!);
    console.log(
      `  ${title}: ${median(mine).toFixed(0)} ms (${range(mine)}) vs ${median(theirs).toFixed(0)} ms (${range(theirs)}) → ×${ratio.toFixed(2)}; per round ×${median(paired).toFixed(2)} (×${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)}) (goal ≤ ${goal}×)`,
    );
  };
  line('1. --version vs node -e 0', 'version', 'node', 1.5);
  line('2. headless plan vs node -e 0', 'plan', 'node', 3);
  line("3. TUI's first frame vs bare Ink <Text>", 'tui', 'ink', 1.3);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
