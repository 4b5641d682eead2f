// `chom-console sandbox up | down | status | reset | commit` (DESIGN.md). `up` starts the world in a detached daemon
// that publishes <home>/sandbox/status.json; other commands reuse it through ensureSandbox().
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runOnHost } from '../sandbox/world/host-run.js';
import { liveOwner } from '../sandbox/lifecycle/owner.js';
import { consoleHome, sandboxPaths } from '../sandbox/lifecycle/paths.js';
import { resetWorld } from '../sandbox/lifecycle/reset.js';
import { readLiveStatus, type SandboxStatus } from '../sandbox/lifecycle/status-file.js';
import { hashWorld } from '../sandbox/lifecycle/world-hash.js';
import { sandboxStatusJson } from '../report/sandbox-status-json.js';

export type SandboxAction = 'up' | 'down' | 'status' | 'reset' | 'commit';

/** Where output goes (tests pass collectors). */
export type SandboxCommandIo = { out: (line: string) => void; err: (line: string) => void };
export type SandboxCommandOptions = { home?: string; format?: 'text' | 'json'; io?: SandboxCommandIo };

const defaultIo: SandboxCommandIo = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** node + loader arguments that run the daemon module, from dist (.js) or from source (.ts through tsx). */
function daemonArgv(): string[] {
  const here = import.meta.url;
  const extension = here.endsWith('.ts') ? 'ts' : 'js';
  const daemon = fileURLToPath(new URL(`../sandbox/lifecycle/daemon.${extension}`, here));
  if (extension === 'js') return [daemon];
  const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
  return ['--import', tsx, daemon];
}

function describe(status: SandboxStatus, io: SandboxCommandIo): void {
  for (const [host, info] of Object.entries(status.hosts))
    io.out(`  ${host.padEnd(10)} ssh 127.0.0.1:${info.port}  ${info.fingerprint}`);
  for (const service of status.services)
    io.out(`  ${service.name.padEnd(10)} 127.0.0.1:${service.port}  (${service.kind})`);
  io.out(`  app        ${status.runtimeVars.sandbox_app_url}`);
  io.out(`  client key ${status.clientKey.privateKeyPath}`);
}

async function up(home: string, io: SandboxCommandIo): Promise<number> {
  const paths = sandboxPaths(home);
  const live = readLiveStatus(paths.status);
  if (live) {
    io.out(`sandbox already up (pid ${live.pid}, since ${live.startedAt})`);
    describe(live, io);
    return 0;
  }
  // a console command runs this world in-process, or another `sandbox up` is starting it: a second daemon
  // would only fail (and overwrite the first one's log)
  const owner = liveOwner(paths.owner);
  if (owner !== undefined) {
    io.err(
      `sandbox up: this world already runs in process ${owner} (a console command, or a \`sandbox up\` still starting); \`chom-console sandbox status\` shows it once it is up`,
    );
    return 1;
  }
  mkdirSync(paths.dir, { recursive: true });
  const logPath = join(paths.dir, 'daemon.log');
  const log = openSync(logPath, 'w');
  const child = spawn(process.execPath, [...daemonArgv(), home], {
    detached: true,
    stdio: ['ignore', log, log],
    env: process.env,
  });
  closeSync(log);
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? 1));
  child.unref();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = readLiveStatus(paths.status);
    if (status && status.pid === child.pid) {
      io.out(`sandbox up (pid ${status.pid}) in ${status.startMs} ms; world ${status.runtimeVars.world}`);
      describe(status, io);
      return 0;
    }
    if (exited !== null || Date.now() > deadline) {
      const tail = existsSync(logPath)
        ? readFileSync(logPath, 'utf8').trim().split('\n').slice(-5).join('\n')
        : '';
      io.err(
        `sandbox up failed${exited === null ? ' (no status after 60 s)' : ` (daemon exit ${exited})`}: ${tail}`,
      );
      io.err(`see ${logPath}; \`chom-console sandbox reset\` re-seeds the world`);
      if (exited === null && child.pid) process.kill(child.pid, 'SIGTERM');
      return 1;
    }
    await sleep(25);
  }
}

async function down(home: string, io: SandboxCommandIo): Promise<number> {
  const paths = sandboxPaths(home);
  const live = readLiveStatus(paths.status);
  if (!live) {
    // A daemon that died leaves Prometheus/Alertmanager running: stop them by their pid files.
    if (existsSync(join(paths.root('mentat'), 'bin/systemctl')))
      await runOnHost(home, 'mentat', 'systemctl stop prometheus alertmanager');
    io.out('sandbox is not running');
    return 0;
  }
  process.kill(live.pid, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  while (readLiveStatus(paths.status) && Date.now() < deadline) await sleep(25);
  if (readLiveStatus(paths.status)) {
    io.err(`sandbox daemon ${live.pid} did not stop within 20 s; stop it with: kill ${live.pid}`);
    return 1;
  }
  io.out(`sandbox down (pid ${live.pid} stopped)`);
  return 0;
}

function status(home: string, io: SandboxCommandIo, format: 'text' | 'json'): number {
  const paths = sandboxPaths(home);
  const live = readLiveStatus(paths.status);
  const seeded = existsSync(paths.facts);
  if (format === 'json') {
    io.out(sandboxStatusJson({ live, seeded, world: paths.world, hash: seeded ? hashWorld(home) : null }));
    return 0;
  }
  io.out(
    live
      ? `sandbox up (pid ${live.pid}, since ${live.startedAt})`
      : 'sandbox is not running (commands start it in-process; `sandbox up` keeps it running)',
  );
  io.out(`  world      ${paths.world}${seeded ? '' : ' (not seeded yet)'}`);
  if (seeded) io.out(`  hash       ${hashWorld(home)}`);
  if (live) describe(live, io);
  return 0;
}

async function reset(home: string, io: SandboxCommandIo): Promise<number> {
  const { facts, movedPorts } = await resetWorld(home);
  for (const moved of movedPorts)
    io.out(`sandbox reset: port ${moved.from} (${moved.name}) is taken by another program; now ${moved.to}`);
  io.out(
    `sandbox reset: world re-seeded at the seed's state (current -> releases/${facts.liveRelease}); hash ${hashWorld(home)}`,
  );
  return 0;
}

/** Adds the next prepared commit; an unseeded world is seeded first. Exit 1 when there is none left to add. */
async function commit(home: string, io: SandboxCommandIo): Promise<number> {
  if (!existsSync(sandboxPaths(home).facts)) {
    await resetWorld(home);
    io.out("sandbox commit: the world was not seeded yet; seeded it at the seed's state first");
  }
  const { addNextCommit } = await import('../sandbox/world/next-commit.js');
  const result = addNextCommit(home);
  if (result.kind === 'exhausted') {
    io.err(
      `sandbox commit: nothing added: the repository already has the ${result.count} prepared commits after bb283db (main at ${result.tip.slice(0, 7)}); \`chom-console sandbox reset\` returns to the seed`,
    );
    return 1;
  }
  io.out(
    `sandbox commit: added ${result.hash.slice(0, 7)} ${result.message} (${result.position} after bb283db)`,
  );
  for (const file of result.files) io.out(`  ${file}`);
  io.out(`commit ${result.hash}`);
  if (result.checkoutBehind !== null)
    io.err(`the checkout ${sandboxPaths(home).repo} stays where it was: ${result.checkoutBehind}`);
  io.out(`plan it:   chom-console plan --commit ${result.hash}`);
  io.out(`deploy it: chom-console deploy --commit ${result.hash}`);
  return 0;
}

/** Runs one action; returns the exit code (0 ok, 1 failed). */
export async function runSandboxCommand(
  action: SandboxAction,
  options: SandboxCommandOptions = {},
): Promise<number> {
  const home = options.home ?? consoleHome();
  const io = options.io ?? defaultIo;
  try {
    switch (action) {
      case 'up':
        return await up(home, io);
      case 'down':
        return await down(home, io);
      case 'status':
        return status(home, io, options.format ?? 'text');
      case 'reset':
        return await reset(home, io);
      case 'commit':
        return await commit(home, io);
      default: {
        const never: never = action;
        throw new Error(`unknown sandbox action ${String(never)}`);
      }
    }
  } catch (error) {
    io.err(`sandbox ${action}: ${(error as Error).message}`);
    return 1;
  }
}
