// The UI under a flood (`node --expose-gc --import tsx bench/ui.ts [lines per second per pane] [seconds]`,
// default 5 000 lines/s for 20 s), through the console's real stack: a profile file naming two in-process
// ssh2 hosts, the real AppServices (createConsoleServices: ssh2 transports, log follows, the engine's runner
// with its journal), the run session's pane store and the Ink app rendering the run screen to a fake 120×40
// terminal, while a key is pressed every 200 ms for as long as the flood lasts. The hosts print at a fixed
// rate (bench/paced.sh), so the keys meet the flood whatever this machine's speed (an all-at-once `seq` ended
// before the first key here). Two measurements:
//   1. both panes at once: a critical step's confirmation is open, and both hosts' `logs` follows print at
//      the rate (the operator waits while the servers' logs flood);
//   2. the engine's step output: a step on landsraad prints at the rate (runner → events → pane).
// Baseline: the same commands over the same transport with the bytes thrown away, in this process (≈ the
// duration: a ratio near 1 means the console keeps up). Prints the ratio, frames per second, the key-to-frame
// latency of every key (median and p95; goals < 50 ms and < 100 ms) and the memory growth (target < 60 MB).
// Never fails on time.
process.env['CI'] = 'false'; // Ink renders every frame only outside CI; set before Ink loads.

import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsoleServices } from '../source/cli/app-services-impl.js';
import type { CliIo } from '../source/cli/cli-io.js';
import { readJournal } from '../source/engine/run/journal.js';
import { sanitizeText } from '../source/lib/terminal-text.js';
import { loadProfile } from '../source/profile/profile-loader.js';
import {
  generateKeyPair,
  startEmbeddedServer,
  type EmbeddedServer,
} from '../source/transport/embedded-server.js';
import { SshTransport } from '../source/transport/ssh-transport.js';
import type { AppServices } from '../source/ui/app-services.js';
import { waitFor } from '../test/helpers/wait-for.js';

const rate = Number(process.argv[2] ?? 5_000);
const seconds = Number(process.argv[3] ?? 20);
const perHost = rate * seconds;
const hosts = ['landsraad', 'mentat'] as const;
const pacer = fileURLToPath(new URL('paced.sh', import.meta.url));
/** `rate` lines a second for `seconds`; the follows print `log line …`, the step `step line …`. */
const burst = (what: 'log' | 'step') => `bash '${pacer}' ${what} ${rate} ${seconds}`;

class FakeTty extends EventEmitter {
  isTTY = true;
  columns = 120;
  rows = 40;
  /** Frames drawn (writes with content: Ink also writes bare cursor sequences). */
  frames = 0;
  /** The last frame with content. */
  lastFrame = '';
  onWrite: ((chunk: string) => void) | undefined;
  write = (chunk: string): boolean => {
    if (chunk.length > 200) {
      this.frames += 1;
      this.lastFrame = chunk;
    }
    this.onWrite?.(chunk);
    return true;
  };
}

class FakeKeys extends EventEmitter {
  isTTY = true;
  /** Keys pressed and not read yet, one per read (two presses before Ink reads are two keys, not one). */
  private queue: string[] = [];
  press(data: string): void {
    this.queue.push(data);
    this.emit('readable');
  }
  read = (): string | null => this.queue.shift() ?? null;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

/** Two embedded hosts with one client key, and a profile file that names them. */
async function startWorld(dir: string) {
  const client = generateKeyPair('bench');
  const keyPath = join(dir, 'client_ed25519');
  writeFileSync(keyPath, client.privateKey, { mode: 0o600 });
  const servers = new Map<string, EmbeddedServer>();
  for (const host of hosts)
    servers.set(
      host,
      await startEmbeddedServer({
        authorizedKeys: [client.publicKey],
        shell: { cwd: dir, env: { PATH: '/usr/bin:/bin' } },
      }),
    );
  const host = (name: string, role: string) => {
    const server = servers.get(name)!;
    return [
      `  ${name}:`,
      `    address: 127.0.0.1`,
      `    port: ${server.port}`,
      `    user: deploy`,
      `    roles: [${role}]`,
      `    fingerprint: '${server.fingerprint}'`,
      `    identity: '${keyPath}'`,
    ];
  };
  const profilePath = join(dir, 'bench-ui.yaml');
  writeFileSync(
    profilePath,
    [
      'name: bench-ui',
      'description: bench/ui, two hosts flooding their panes',
      'hosts:',
      ...host('landsraad', 'app'),
      ...host('mentat', 'observability'),
      'logs:',
      ...hosts.flatMap((name) => [`  ${name}:`, `    command: "${burst('log')}"`]),
      'phases:',
      '  - id: flood',
      '    title: Flood',
      '    steps:',
      '      - id: hold',
      '        title: Wait for the operator while both logs flood',
      '        host: mentat',
      '        critical: true',
      '        changes: nothing',
      '        undo: nothing',
      '        run: { command: "true" }',
      '      - id: burst',
      '        title: A step that prints a flood',
      '        host: landsraad',
      `        run: { command: "${burst('step')}" }`,
      '',
    ].join('\n'),
  );
  const transports = new Map(
    hosts.map((name) => [
      name,
      new SshTransport({
        host: name,
        address: '127.0.0.1',
        port: servers.get(name)!.port,
        user: 'deploy',
        identityFiles: [keyPath],
        embedded: { fingerprint: servers.get(name)!.fingerprint },
        agentSocket: '',
        sshConfigPath: join(dir, 'no-ssh-config'),
      }),
    ]),
  );
  return { servers, profilePath, transports };
}

/** The same commands over the same transport, the bytes thrown away. */
async function baseline(
  transports: Map<string, SshTransport>,
  on: readonly string[],
  command: string,
): Promise<number> {
  const started = performance.now();
  await Promise.all(
    on.map((host) => transports.get(host)!.exec({ command, captureLimit: 0, onStdout: () => {} })),
  );
  return performance.now() - started;
}

/** The p-th percentile (nearest rank); NaN without values. */
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

type Phase = { ms: number; frames: number; latencies: number[]; pressed: number };

async function main(): Promise<void> {
  const { renderConsole } = await import('../source/ui/render-console.js');
  const dir = mkdtempSync(join(tmpdir(), 'chom-bench-ui-'));
  const home = join(dir, 'home');
  mkdirSync(home);
  const world = await startWorld(dir);
  const loaded = loadProfile(world.profilePath, { cwd: dir });
  if (!loaded.ok) throw new Error(loaded.issues.map((issue) => issue.message).join('\n'));
  const io: CliIo = { out: () => {}, err: () => {}, isTTY: false, env: {}, cwd: dir };
  const console_ = createConsoleServices({
    ref: world.profilePath,
    profile: loaded.profile,
    home,
    operator: 'bench',
    io,
  });
  try {
    for (const transport of world.transports.values()) await transport.connect();
    await baseline(world.transports, hosts, 'true'); // warm-up: connections, channel pool
    const baseBoth = await baseline(world.transports, hosts, burst('log'));
    const baseOne = await baseline(world.transports, ['landsraad'], burst('step'));
    await console_.ready;
    // Observe the real services without replacing them: when the follows end, when the run ends.
    const follows: Promise<void>[] = [];
    let run: Promise<unknown> | undefined;
    const real = console_.services;
    const services: AppServices = {
      ...real,
      follow: (host, onLine, signal) => {
        const done = real.follow!(host, onLine, signal);
        follows.push(done);
        return done;
      },
      createRun: (request, gates, signal) => {
        const runner = real.createRun(request, gates, signal);
        const start = runner.run.bind(runner);
        (runner as { run: () => ReturnType<typeof start> }).run = () => (run = start());
        return runner;
      },
    };
    const stdout = new FakeTty();
    const stdin = new FakeKeys();
    global.gc?.();
    const memoryBefore = process.memoryUsage();
    let peakRss = memoryBefore.rss;
    let peakHeap = memoryBefore.heapUsed;
    const exit = renderConsole(services, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: new FakeTty() as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      process: new EventEmitter(),
      alternateScreen: false,
      animate: false,
      env: {},
      start: { kind: 'run', request: { mode: 'deploy' } },
    });
    // polled every 1 ms: the bench times what comes after these waits
    const until = (condition: () => boolean, what: string) =>
      waitFor(
        condition,
        () => `bench/ui: ${what}; the last frame:\n${sanitizeText(stdout.lastFrame).join('\n')}`,
        60_000,
        1,
      );

    /**
     * Presses keys in turn every 200 ms while `work` runs, whether or not the last key's frame came. A key with
     * an `expect` text is timed until a frame shows that text; a frame that shows the text of a later key of
     * the same kind answers the earlier ones too (Ink may draw only the last of two quick presses). Help: `?`
     * opens it (its "Everywhere" group is drawn), the next `?` closes it. In the confirmation: Tab moves the
     * focus between Cancel and Confirm (the pointer moves).
     */
    const measure = async (
      cycle: { key: string; expect: string | null }[],
      work: () => Promise<unknown>,
    ): Promise<Phase> => {
      const latencies: number[] = [];
      let pressed = 0;
      let pending: { at: number; expect: string }[] = [];
      stdout.onWrite = (chunk) => {
        let answered = pending.length - 1;
        while (answered >= 0 && !chunk.includes(pending[answered]!.expect)) answered -= 1;
        if (answered < 0) return;
        const now = performance.now();
        for (const key of pending.slice(0, answered + 1)) latencies.push(now - key.at);
        pending = pending.slice(answered + 1);
      };
      const keys = setInterval(() => {
        const memory = process.memoryUsage();
        peakRss = Math.max(peakRss, memory.rss);
        peakHeap = Math.max(peakHeap, memory.heapUsed);
        const next = cycle[pressed % cycle.length]!;
        pressed += 1;
        if (next.expect !== null) pending.push({ at: performance.now(), expect: next.expect });
        stdin.press(next.key);
      }, 200);
      const framesBefore = stdout.frames;
      const started = performance.now();
      await work();
      const ms = performance.now() - started;
      clearInterval(keys);
      // the last keys' frames (not timed: the flood is over)
      await until(() => pending.length === 0, 'frame for the last key');
      stdout.onWrite = undefined;
      // leave the screen as it was: an even number of presses of each toggle
      if (pressed % cycle.length !== 0) stdin.press(cycle[pressed % cycle.length]!.key);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { ms, frames: stdout.frames - framesBefore, latencies, pressed };
    };

    // 1. The confirmation of `hold` is open: both follows run, N lines each.
    const pointer = '❯';

    await until(() => follows.length === hosts.length, 'log follows');
    const both = await measure(
      [
        { key: '\t', expect: `${pointer} Confirm` },
        { key: '\t', expect: `${pointer} Cancel` },
      ],
      () => Promise.all(follows),
    );
    // proof that the lines went through: both panes show the last one (side by side at 120 columns)
    const lastLog = `log line ${perHost}:`;
    await until(
      () => stdout.lastFrame.split(lastLog).length - 1 === hosts.length,
      'the last log line in both panes',
    );
    // 2. Confirm; `burst` prints N lines on landsraad through the runner.
    await until(() => stdout.lastFrame.includes('Confirm:'), 'confirmation');
    stdin.press('y');
    const help = [
      { key: '?', expect: 'Everywhere' },
      { key: '?', expect: null },
    ];
    const step = await measure(help, async () => {
      await until(() => run !== undefined, 'run');
      await run;
    });
    // the bench profile has no checks: the finished deploy stays on its screen
    await until(() => stdout.lastFrame.includes('✓ deploy finished'), 'the finished deploy');
    // proof that every step line went through the engine: the run's journal has them all (the screen moves on
    // to the checklist as soon as the run ends, and help covers the panes half the time)
    const journals = readdirSync(join(home, 'journal')).filter((name) => name.endsWith('.jsonl'));
    const stepLines = journals
      .flatMap((name) => readJournal(join(home, 'journal', name)))
      .filter((event) => event.type === 'output' && event.stepId === 'burst').length;
    if (stepLines !== perHost)
      throw new Error(`bench/ui: the journal has ${stepLines} of the step's ${perHost} lines`);
    stdin.press('q');
    stdin.press('y');
    await exit;
    global.gc?.();
    const memoryAfter = process.memoryUsage();
    const lineBytes = Buffer.byteLength(
      `burst line ${perHost}: the quick brown fox jumps over the lazy dog\n`,
    );
    console.log(
      `UI flood through the real services, runner, session and Ink app · in-process ssh2 hosts · ${rate} lines/s per pane for ${seconds} s (~${mb(lineBytes * perHost)} MB per host)`,
    );
    const report = (title: string, phase: Phase, base: number) => {
      console.log(title);
      console.log(`  baseline (bytes to /dev/null, same transport): ${base.toFixed(0)} ms`);
      console.log(
        `  through panes + Ink: ${phase.ms.toFixed(0)} ms → slowdown ×${(phase.ms / base).toFixed(2)}; ${phase.frames} frames → ${(phase.frames / (phase.ms / 1000)).toFixed(1)} frames/s`,
      );
      const [p50, p95, max] = [50, 95, 100].map((p) => percentile(phase.latencies, p).toFixed(1));
      console.log(
        `  key-to-frame latency over ${phase.latencies.length} timed keys (${phase.pressed} pressed, one every 200 ms): median ${p50} ms, p95 ${p95} ms, max ${max} ms (goals: median < 50 ms, p95 < 100 ms)`,
      );
    };
    report(`1. both panes at once: two log follows × ${perHost} lines at ${rate}/s`, both, baseBoth);
    report(`2. the engine's step output: one step × ${perHost} lines at ${rate}/s`, step, baseOne);
    console.log(
      `memory growth over both: peak RSS +${mb(peakRss - memoryBefore.rss)} MB, peak heap +${mb(peakHeap - memoryBefore.heapUsed)} MB, ${global.gc ? 'retained after GC' : 'heap after (run with node --expose-gc for the retained size)'} +${mb(memoryAfter.heapUsed - memoryBefore.heapUsed)} MB (target < 60 MB)`,
    );
  } finally {
    await console_.close();
    for (const transport of world.transports.values()) await transport.close();
    for (const server of world.servers.values()) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
