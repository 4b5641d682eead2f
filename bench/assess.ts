// The assessment's wall time against its two baselines, in one run (`npx tsx bench/assess.ts`):
//   1. chom-console assess: every probe of a host in ONE batch, both hosts in parallel (engine, fresh connections)
//   2. the seed's way: the same probe scripts, one `ssh` CLI process each, in sequence
//   3. the floor: connect + one trivial exec (`true`) per host, in parallel, without the engine ("floor", the
//      target's reference: the network alone); and, for information, connect + the same batch scripts
//      ("work floor": what the probes themselves cost, without the engine)
// Real OpenSSH sshd (test/helpers/sandbox-sshd.ts) when root and sshd are available, else the in-process ssh2
// host (the ssh CLI then talks to it with a temp known_hosts). Targets: ≥ 20× faster than 2, ≤ 1.5× the
// floor. Everything is measured twice: on loopback (no latency: the probes' own CPU dominates) and through a
// link with BENCH_RTT_MS (default 20) of round-trip time (bench/delay-link.ts), where round trips count as
// they do between an operator and the servers. Prints ratios; never fails on time.
// Before/after in one run: today's probes and those of BENCH_BASELINE (a git revision, default 94219af: the
// probes before issue 14 item 8; `none` skips it) are measured alike, and what each starts per host is counted
// with strace -f (processes created, programs started) when strace is installed.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { batchExec, batchScript } from '../source/engine/assess/assess-script.js';
import { runAssessment } from '../source/engine/assess/assess-session.js';
import { readRepository } from '../source/engine/assess/repo/repo-git.js';
import { SshTransport, type SshTransportOptions } from '../source/transport/ssh-transport.js';
import { sandboxSshdUnavailableReason, startSandboxSshd } from '../test/helpers/sandbox-sshd.js';
import { startWorld } from '../test/helpers/sandbox-world.js';
import { programSummary, straceUnavailableReason, type Spawns } from '../test/helpers/spawn-trace.js';
import { startDelayLink, type DelayLink } from './delay-link.js';
import { probeSet, profilesWithProbesOf, spawnsPerHost, type ProbeSet } from './probe-sets.js';

const run = promisify(execFile);

type Endpoint = { port: number; options: SshTransportOptions; sshArgs: string[] };
/** How a host is reached: its port and the known_hosts line its key has there. */
type Reach = { port: number; hostKey: string };

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const ms = (value: number): string => `${value.toFixed(0)} ms`;

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

const reason = sandboxSshdUnavailableReason();
// the world of the tests (test/helpers/sandbox-world.ts); with real sshd, the embedded hosts stay off
const world = await startWorld('chom-bench-assess-', { sshd: reason !== undefined });
const { home, sandbox } = world;
const sshd = reason === undefined ? await startSandboxSshd(home) : undefined;
const direct = new Map<string, { port: number; hostKey: string }>(
  sshd
    ? Object.entries(sshd.hosts).map(([name, h]) => [name, { port: h.port, hostKey: h.hostKeyLine }])
    : Object.entries(sandbox.hosts).map(([name, h]) => [name, { port: h.port, hostKey: h.hostPublicKey }]),
);
const sandboxKey = readFileSync(sandbox.clientKey.privateKeyPath);

/** Transport options and ssh CLI arguments for each host, reached at the given ports. */
function endpointsFor(reach: Map<string, Reach>, label: string): Map<string, Endpoint> {
  const knownHosts = join(home, `known_hosts_${label}`);
  writeFileSync(knownHosts, [...reach.values()].map((r) => `[127.0.0.1]:${r.port} ${r.hostKey}\n`).join(''));
  const keyPath = sshd ? sshd.clientKeyPath : sandbox.clientKey.privateKeyPath;
  const user = sshd ? sshd.user : 'deploy';
  const endpoints = new Map<string, Endpoint>();
  for (const [name, { port }] of reach) {
    const auth: Partial<SshTransportOptions> = sshd
      ? { identityFiles: [sshd.clientKeyPath], knownHostsPath: knownHosts }
      : {
          privateKeys: [{ label: 'sandbox', key: sandboxKey }],
          embedded: { fingerprint: sandbox.hosts[name as keyof typeof sandbox.hosts]!.fingerprint },
        };
    endpoints.set(name, {
      port,
      options: {
        host: name,
        address: '127.0.0.1',
        port,
        user,
        agentSocket: '',
        sshConfigPath: '/dev/null',
        ...auth,
      },
      sshArgs: [
        '-i',
        keyPath,
        '-p',
        String(port),
        '-o',
        `UserKnownHostsFile=${knownHosts}`,
        `${user}@127.0.0.1`,
      ],
    });
  }
  return endpoints;
}
const sshCommon = [
  '-F',
  '/dev/null',
  '-o',
  'BatchMode=yes',
  '-o',
  'StrictHostKeyChecking=yes',
  '-o',
  'IdentitiesOnly=yes',
];
const snapshot = readRepository(sandbox.runtimeVars.sandbox_repo_dir!);
const closeAll = async (map: Map<string, SshTransport>) =>
  Promise.all([...map.values()].map((t) => t.close()));

// The probe scripts exactly as the engine renders them, per host: today's, and the baseline's.
const baseline = process.env.BENCH_BASELINE ?? '94219af';
const sets: ProbeSet[] = [
  ...(baseline === 'none'
    ? []
    : [
        probeSet(
          `before (probes of ${baseline}, this tree's batch runner)`,
          profilesWithProbesOf(baseline, resolve('profiles'), join(home, 'baseline-profiles')),
          sandbox.runtimeVars,
          snapshot,
        ),
      ]),
  probeSet('after (probes of this tree)', resolve('profiles'), sandbox.runtimeVars, snapshot),
];
const runs = Number(process.env.BENCH_RUNS ?? 5);
const rtt = Number(process.env.BENCH_RTT_MS ?? 20);

type Figures = {
  assess: number;
  sequential: number;
  floor: number;
  workFloor: number;
  /** User + system CPU of both hosts' batches (all their processes), in ms: what load on the machine cannot inflate. */
  cpu: number;
  /** The floor's fastest and slowest run: a ~40 ms gap is an exec that waited on a delayed ACK. */
  floorRange: [number, number];
  assessRange: [number, number];
};

/** The assessment, its floors and the seed's way, all against the same endpoints. */
/** The four figures of bash's `times` (the last two lines of the output), summed, in seconds. */
function cpuSeconds(stdout: string): number {
  const figures =
    stdout
      .trimEnd()
      .split('\n')
      .slice(-2)
      .join(' ')
      .match(/\d+m[\d.]+s/g) ?? [];
  if (figures.length !== 4) throw new Error(`no times(1) figures at the end of the batch output`);
  return figures.reduce((sum, f) => {
    const [, m, sec] = /(\d+)m([\d.]+)s/.exec(f)!;
    return sum + Number(m) * 60 + Number(sec);
  }, 0);
}

async function measure(endpoints: Map<string, Endpoint>, set: ProbeSet): Promise<Figures> {
  const { profile, routes, byHost } = set;
  const transports = (): Map<string, SshTransport> =>
    new Map([...endpoints].map(([name, e]) => [name, new SshTransport(e.options)]));
  const engine: number[] = [];
  const workFloor: number[] = [];
  const cpu: number[] = [];
  const bareFloor: number[] = [];
  for (let i = 0; i <= runs; i += 1) {
    const map = transports();
    const [took, result] = await timed(() =>
      runAssessment({
        profile,
        transports: map,
        runtimeVars: sandbox.runtimeVars,
        snapshot,
        operator: 'bench',
      }),
    );
    await closeAll(map);
    if (result.assessment?.exit_code !== 0)
      throw new Error(
        `assessment failed: ${JSON.stringify(result.assessment?.hosts ?? result.refused).slice(0, 400)}`,
      );
    const floorMap = transports();
    const [floor, seconds] = await timed(() =>
      Promise.all(
        [...byHost].map(async ([host, items]) => {
          const t = floorMap.get(host)!;
          await t.connect();
          const sent = batchExec(
            batchScript(
              items.map((r) => r.item),
              randomBytes(8).toString('hex'),
            ),
          );
          // bash's `times` at exit: the shell's and its reaped children's user and system CPU
          const result = await t.exec({ ...sent, command: `trap times EXIT; ${sent.command}` });
          return cpuSeconds(result.stdout);
        }),
      ),
    );
    cpu.push(seconds.reduce((a, b) => a + b, 0) * 1000);
    await closeAll(floorMap);
    const bareMap = transports();
    const [bare] = await timed(() =>
      Promise.all(
        [...bareMap.values()].map(async (t) => {
          await t.connect();
          await t.exec({ command: 'true' });
        }),
      ),
    );
    await closeAll(bareMap);
    if (i === 0) continue; // warm-up
    engine.push(took);
    workFloor.push(floor);
    bareFloor.push(bare);
  }
  const [sequential] = await timed(async () => {
    for (const route of routes) {
      const e = endpoints.get(route.host)!;
      const t0 = performance.now();
      // async: the sandbox's app stub and Grafana stand-in answer from this very process
      const code = await run('ssh', [...sshCommon, ...e.sshArgs, route.item.script]).then(
        () => 0,
        (error: { code?: number }) => error.code ?? -1,
      );
      if (process.env.BENCH_VERBOSE)
        console.log(`    ${route.item.id} ${route.host} ${ms(performance.now() - t0)} exit ${code}`);
    }
  });
  return {
    assess: median(engine),
    sequential,
    floor: median(bareFloor),
    workFloor: median(workFloor),
    cpu: median(cpu),
    floorRange: [Math.min(...bareFloor), Math.max(...bareFloor)],
    assessRange: [Math.min(...engine), Math.max(...engine)],
  };
}

function print(title: string, f: Figures): void {
  console.log(`  ${title}`);
  console.log(
    `    assess (engine, 1 batch per host, parallel) ${ms(f.assess)}   (runs ${ms(f.assessRange[0])}–${ms(f.assessRange[1])})`,
  );
  console.log(
    `    seed's way (1 ssh CLI process per probe)    ${ms(f.sequential)}   → assess is ${(f.sequential / f.assess).toFixed(1)}× faster (target ≥ 20×)`,
  );
  console.log(
    `    floor (connect + \`true\`, parallel)          ${ms(f.floor)}   → assess is ${(f.assess / f.floor).toFixed(2)}× the floor (target ≤ 1.5×)   (runs ${ms(f.floorRange[0])}–${ms(f.floorRange[1])})`,
  );
  console.log(
    `    work floor (connect + the batch, parallel)  ${ms(f.workFloor)}   → assess is ${(f.assess / f.workFloor).toFixed(2)}× it; the probes' own work is ${ms(f.workFloor - f.floor)}`,
  );
  console.log(`    the batches' CPU (user + system, both hosts) ${ms(f.cpu)}`);
}

/** What one assessment of each set starts per host (counted, on loopback), or why it cannot be counted. */
async function countSpawns(
  endpoints: Map<string, Endpoint>,
): Promise<Map<ProbeSet, Map<string, Spawns>> | string> {
  const reason = straceUnavailableReason();
  if (reason) return reason;
  const counts = new Map<ProbeSet, Map<string, Spawns>>();
  for (const set of sets) {
    const map = new Map([...endpoints].map(([name, e]) => [name, new SshTransport(e.options)]));
    counts.set(set, await spawnsPerHost(set, map, sandbox.runtimeVars, snapshot));
  }
  return counts;
}

const loopbackEndpoints = endpointsFor(direct, 'loopback');
const spawns = await countSpawns(loopbackEndpoints);
const loopbackFigures = new Map<ProbeSet, Figures>();
for (const set of sets) loopbackFigures.set(set, await measure(loopbackEndpoints, set));
const links: DelayLink[] = [];
const delayed = new Map<string, Reach>();
for (const [name, reach] of direct) {
  const link = await startDelayLink(reach.port, rtt);
  links.push(link);
  delayed.set(name, { port: link.port, hostKey: reach.hostKey });
}
const slowEndpoints = endpointsFor(delayed, `rtt${rtt}`);
const slowFigures = new Map<ProbeSet, Figures>();
for (const set of sets) slowFigures.set(set, await measure(slowEndpoints, set));
await Promise.all(links.map((l) => l.close()));

const what = `${sshd ? 'real OpenSSH sshd' : 'in-process ssh2 host'} · ${sets.at(-1)!.probes} probes on ${sets.at(-1)!.byHost.size} hosts · median of ${runs}`;
console.log(`chom-console assess bench · ${what}`);
console.log('processes per host in one assessment (strace -f: processes created / programs started)');
if (typeof spawns === 'string') console.log(`  not counted: ${spawns}`);
else
  for (const [set, hosts] of spawns) {
    console.log(`  ${set.label}`);
    for (const [host, s] of hosts)
      console.log(
        `    ${host.padEnd(10)} ${String(s.processes).padStart(3)} processes, ${String(s.programs.length).padStart(2)} programs: ${programSummary(s)}`,
      );
  }
console.log("loopback (no latency: the probes' own CPU on this machine dominates)");
for (const set of sets) print(set.label, loopbackFigures.get(set)!);
console.log(`through a ${rtt} ms round-trip link (bench/delay-link.ts: a delaying proxy in this process)`);
for (const set of sets) print(set.label, slowFigures.get(set)!);
await sshd?.stop();
await world.close();
