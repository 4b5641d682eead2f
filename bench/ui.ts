// The UI under a flood (`npx tsx bench/ui.ts [lines per host]`): two in-process ssh2 hosts each print 100 000
// lines at once; every line travels through the transport, the engine's line redactor and event shape, the
// run session's pane store (batched ring buffers) and Ink rendering of the run screen to a fake 120×40
// terminal, while a key is pressed every 100 ms. Baseline: the same command over the same transport with
// the bytes thrown away. Prints the slowdown ratio, frames per second, the median key-to-frame latency
// (target < 100 ms) and the memory growth (target < 60 MB). Never fails on time.
process.env['CI'] = 'false'; // Ink renders every frame only outside CI; set before Ink loads.

import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus, type RunEvent } from '../source/engine/events.js';
import { Redactor } from '../source/engine/redaction.js';
import type { Runner, RunSummary } from '../source/engine/runner.js';
import { loadProfile } from '../source/profile/profile-loader.js';
import {
  generateKeyPair,
  startEmbeddedServer,
  type EmbeddedServer,
} from '../source/transport/embedded-server.js';
import { SshTransport } from '../source/transport/ssh-transport.js';
import type { AppServices } from '../source/ui/app-services.js';

const perHost = Number(process.argv[2] ?? 100_000);
const hosts = ['landsraad', 'mentat'] as const;
const command = `seq -f 'burst line %g: the quick brown fox jumps over the lazy dog' 1 ${perHost}`;

class FakeTty extends EventEmitter {
  isTTY = true;
  columns = 120;
  rows = 40;
  frames = 0;
  bytes = 0;
  onWrite: ((chunk: string) => void) | undefined;
  write = (chunk: string): boolean => {
    this.frames += 1;
    this.bytes += chunk.length;
    this.onWrite?.(chunk);
    return true;
  };
}

class FakeKeys extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  press(data: string): void {
    this.data = data;
    this.emit('readable');
  }
  read = (): string | null => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

async function startHosts(dir: string) {
  const client = generateKeyPair('bench');
  const keyPath = join(dir, 'client_ed25519');
  writeFileSync(keyPath, client.privateKey, { mode: 0o600 });
  const servers: EmbeddedServer[] = [];
  const transports = new Map<string, SshTransport>();
  const known: string[] = [];
  for (const host of hosts) {
    const server = await startEmbeddedServer({
      authorizedKeys: [client.publicKey],
      shell: { cwd: dir, env: { PATH: '/usr/bin:/bin' } },
    });
    servers.push(server);
    known.push(`[127.0.0.1]:${server.port} ${server.hostPublicKey}`);
    transports.set(
      host,
      new SshTransport({
        host,
        address: '127.0.0.1',
        port: server.port,
        user: 'deploy',
        identityFiles: [keyPath],
        knownHostsPath: join(dir, 'known_hosts'),
        agentSocket: '',
        sshConfigPath: join(dir, 'no-ssh-config'),
      }),
    );
  }
  writeFileSync(join(dir, 'known_hosts'), `${known.join('\n')}\n`);
  for (const transport of transports.values()) await transport.connect();
  return { servers, transports };
}

/** Emits what the engine emits for a command's output (redacted lines tagged with host and step). */
function burstRunner(transports: Map<string, SshTransport>): Runner {
  const bus = new EventBus();
  const redactor = new Redactor();
  redactor.add('a-secret-that-never-appears');
  const at = () => new Date().toISOString();
  const emit = (event: RunEvent) => bus.emit(event);
  const run = async (): Promise<RunSummary> => {
    emit({
      type: 'run-started',
      runId: 'bench',
      mode: 'rollback',
      profile: 'bench',
      operator: 'bench',
      at: at(),
    } as RunEvent);
    await Promise.all(
      hosts.map(async (host) => {
        const lines = redactor.lineRedactor();
        await transports.get(host)!.exec({
          command,
          captureLimit: 0,
          onStdout: (line) =>
            emit({
              type: 'output',
              host,
              stepId: null,
              stream: 'stdout',
              line: lines.line(line),
              at: at(),
            } as RunEvent),
        });
      }),
    );
    const hostStates = hosts.map((host) => ({
      host,
      lastCompletedStep: null,
      interruptedStep: null,
      release: null,
      connection: 'connected' as const,
    }));
    emit({ type: 'run-finished', outcome: 'ok', hostStates, at: at() } as RunEvent);
    return {
      runId: 'bench',
      outcome: 'ok',
      exitCode: 0,
      message: null,
      hostStates,
      lockHeldBy: null,
      checks: [],
      probes: [],
      journalPath: null,
    };
  };
  return {
    runId: 'bench',
    redactor,
    subscribe: (listener: (event: RunEvent) => void) => bus.subscribe(listener),
    run,
  } as unknown as Runner;
}

async function baseline(transports: Map<string, SshTransport>): Promise<{ ms: number; bytes: number }> {
  let bytes = 0;
  const started = performance.now();
  await Promise.all(
    hosts.map((host) =>
      transports
        .get(host)!
        .exec({ command, captureLimit: 0, onStdout: (line) => (bytes += line.length + 1) }),
    ),
  );
  return { ms: performance.now() - started, bytes };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)]!;
};

async function main(): Promise<void> {
  const { renderConsole } = await import('../source/ui/render-console.js');
  const dir = mkdtempSync(join(tmpdir(), 'chom-bench-ui-'));
  const { servers, transports } = await startHosts(dir);
  const loaded = loadProfile('sandbox', { profilesDir: join(import.meta.dirname, '..', 'profiles') });
  if (!loaded.ok) throw new Error('the sandbox profile does not load');
  try {
    await baseline(transports); // warm-up: connections, channel pool, page cache
    const base = await baseline(transports);
    const stdout = new FakeTty();
    const stdin = new FakeKeys();
    let finished: Promise<RunSummary | null> | undefined;
    const services: AppServices = {
      profile: loaded.profile,
      profileName: 'bench',
      operator: 'bench',
      hosts: async () => [],
      homeFacts: async () => ({ lock: { kind: 'free' } }),
      createRun: () => {
        const runner = burstRunner(transports);
        const run = runner.run.bind(runner);
        (runner as { run: () => Promise<RunSummary> }).run = () => {
          const promise = run();
          finished = promise;
          return promise;
        };
        return runner;
      },
      releases: async () => [],
      snapshots: async () => [],
      exportMarkdown: async () => '/dev/null',
    };
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
      // rollback: a finished deploy would open the checklist (another run) by itself
      start: { kind: 'run', request: { mode: 'rollback', rollbackTarget: 'app' } },
    });
    while (finished === undefined) await new Promise((resolve) => setTimeout(resolve, 1));
    const started = performance.now();
    const framesBefore = stdout.frames;
    // A key every 100 ms: `?` opens help (its "Everywhere" group is drawn), the next `?` closes it.
    const latencies: number[] = [];
    let open = false;
    let pending: { at: number } | undefined;
    stdout.onWrite = (chunk) => {
      if (pending && chunk.includes('Everywhere')) {
        latencies.push(performance.now() - pending.at);
        pending = undefined;
      }
    };
    const keys = setInterval(() => {
      const memory = process.memoryUsage();
      peakRss = Math.max(peakRss, memory.rss);
      peakHeap = Math.max(peakHeap, memory.heapUsed);
      if (open) {
        stdin.press('?');
        open = false;
      } else if (pending === undefined) {
        pending = { at: performance.now() };
        stdin.press('?');
        open = true;
      }
    }, 100);
    await finished;
    const uiMs = performance.now() - started;
    clearInterval(keys);
    const frames = stdout.frames - framesBefore;
    stdout.onWrite = undefined;
    if (open) stdin.press('?');
    await new Promise((resolve) => setTimeout(resolve, 50));
    stdin.press('q');
    await exit;
    const memoryAfter = process.memoryUsage();
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.log(
      `UI flood: ${hosts.length} hosts × ${perHost} lines (${mb(base.bytes)} MB) over in-process ssh2`,
    );
    console.log(`  baseline (bytes to /dev/null): ${base.ms.toFixed(0)} ms`);
    console.log(
      `  through panes + Ink:           ${uiMs.toFixed(0)} ms  → slowdown ×${(uiMs / base.ms).toFixed(2)}`,
    );
    console.log(
      `  frames: ${frames} in ${(uiMs / 1000).toFixed(2)} s → ${(frames / (uiMs / 1000)).toFixed(1)} frames/s`,
    );
    console.log(
      `  key-to-frame latency during the burst: median ${median(latencies).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms over ${latencies.length} keys (target < 100 ms)`,
    );
    console.log(
      `  memory growth: peak RSS +${mb(peakRss - memoryBefore.rss)} MB, peak heap +${mb(peakHeap - memoryBefore.heapUsed)} MB, heap after +${mb(memoryAfter.heapUsed - memoryBefore.heapUsed)} MB (target < 60 MB)`,
    );
  } finally {
    for (const transport of transports.values()) await transport.close();
    for (const server of servers) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
