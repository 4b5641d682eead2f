// The assessment's wall time against its two baselines, in one run (`npx tsx bench/assess.ts`):
//   1. chom-console assess: every probe of a host in ONE batch, both hosts in parallel (engine, fresh connections)
//   2. the seed's way: the same probe scripts, one `ssh` CLI process each, in sequence
//   3. the floor: connect + one trivial exec (`true`) per host, in parallel, without the engine ("floor", the
//      target's reference: the network alone); and, for information, connect + the same batch scripts
//      ("work floor": what the probes themselves cost, without the engine)
// Real OpenSSH sshd (test/helpers/sandbox-sshd.ts) when root and sshd are available, else the in-process ssh2
// host (the ssh CLI then talks to it with a temp known_hosts). Targets: ≥ 20× faster than 2, ≤ 1.5× the
// floor. Prints ratios; never fails on time.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { batchScript } from '../source/engine/assess-script.js';
import { probeRoute, type ProbeRoute } from '../source/engine/assess-items.js';
import { assessProbes, runAssessment } from '../source/engine/assess-session.js';
import { readRepository } from '../source/engine/repo-git.js';
import { RunScope } from '../source/engine/scope.js';
import { loadProfile } from '../source/profile/profile-loader.js';
import { startSandbox } from '../source/sandbox/sandbox.js';
import { SshTransport, type SshTransportOptions } from '../source/transport/ssh-transport.js';
import { sandboxSshdUnavailableReason, startSandboxSshd } from '../test/helpers/sandbox-sshd.js';

const run = promisify(execFile);

type Endpoint = { port: number; options: SshTransportOptions; sshArgs: string[] };

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const ms = (value: number): string => `${value.toFixed(0)} ms`;

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

const home = mkdtempSync(join(tmpdir(), 'chom-bench-assess-'));
const reason = sandboxSshdUnavailableReason();
const sandbox = await startSandbox({ home, sshd: reason !== undefined });
const sshd = reason === undefined ? await startSandboxSshd(home) : undefined;
const endpoints = new Map<string, Endpoint>();
const knownHosts = join(home, 'bench_known_hosts');
if (sshd) {
  for (const [name, host] of Object.entries(sshd.hosts)) {
    endpoints.set(name, {
      port: host.port,
      options: {
        host: name,
        address: '127.0.0.1',
        port: host.port,
        user: sshd.user,
        identityFiles: [sshd.clientKeyPath],
        knownHostsPath: sshd.knownHostsPath,
        agentSocket: '',
        sshConfigPath: '/dev/null',
      },
      sshArgs: [
        '-i',
        sshd.clientKeyPath,
        '-p',
        String(host.port),
        '-o',
        `UserKnownHostsFile=${sshd.knownHostsPath}`,
        `${sshd.user}@127.0.0.1`,
      ],
    });
  }
} else {
  writeFileSync(
    knownHosts,
    Object.values(sandbox.hosts)
      .map((h) => `[127.0.0.1]:${h.port} ${h.hostPublicKey}\n`)
      .join(''),
  );
  const key = readFileSync(sandbox.clientKey.privateKeyPath);
  for (const [name, host] of Object.entries(sandbox.hosts)) {
    endpoints.set(name, {
      port: host.port,
      options: {
        host: name,
        address: '127.0.0.1',
        port: host.port,
        user: 'deploy',
        privateKeys: [{ label: 'sandbox', key }],
        embedded: { fingerprint: host.fingerprint },
        agentSocket: '',
        sshConfigPath: '/dev/null',
      },
      sshArgs: [
        '-i',
        sandbox.clientKey.privateKeyPath,
        '-p',
        String(host.port),
        '-o',
        `UserKnownHostsFile=${knownHosts}`,
        'deploy@127.0.0.1',
      ],
    });
  }
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
const loaded = loadProfile('sandbox', {
  profilesDir: resolve('profiles'),
  runtimeVars: Object.keys(sandbox.runtimeVars),
});
if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join('\n'));
const profile = loaded.profile;
const snapshot = readRepository(sandbox.runtimeVars.sandbox_repo_dir!);
const transports = (): Map<string, SshTransport> =>
  new Map([...endpoints].map(([name, e]) => [name, new SshTransport(e.options)]));
const closeAll = async (map: Map<string, SshTransport>) =>
  Promise.all([...map.values()].map((t) => t.close()));

// The probe scripts exactly as the engine renders them, per host.
const scope = new RunScope(profile, sandbox.runtimeVars);
const probes = assessProbes(profile, snapshot);
const routes = probes
  .map((p, i) => probeRoute(p, i, scope))
  .filter((r): r is Extract<ProbeRoute, { kind: 'batch' }> => r.kind === 'batch');
const byHost = new Map<string, typeof routes>();
for (const route of routes) byHost.set(route.host, [...(byHost.get(route.host) ?? []), route]);

const runs = Number(process.env.BENCH_RUNS ?? 5);
const engine: number[] = [];
const workFloor: number[] = [];
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
  const [floor] = await timed(() =>
    Promise.all(
      [...byHost].map(async ([host, items]) => {
        const t = floorMap.get(host)!;
        await t.connect();
        await t.exec({
          command: batchScript(
            items.map((r) => r.item),
            randomBytes(8).toString('hex'),
          ),
        });
      }),
    ),
  );
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

const assess = median(engine);
console.log(
  `chom-console assess bench · ${sshd ? 'real OpenSSH sshd' : 'in-process ssh2 host'} · ${probes.length} probes on ${byHost.size} hosts · median of ${runs}`,
);
console.log(`  assess (engine, 1 batch per host, parallel) ${ms(assess)}`);
console.log(
  `  seed's way (1 ssh CLI process per probe)    ${ms(sequential)}   → assess is ${(sequential / assess).toFixed(1)}× faster (target ≥ 20×)`,
);
console.log(
  `  floor (connect + \`true\`, parallel)          ${ms(median(bareFloor))}   → assess is ${(assess / median(bareFloor)).toFixed(2)}× the floor (target ≤ 1.5×)`,
);
console.log(
  `  work floor (connect + the batch, parallel)  ${ms(median(workFloor))}   → assess is ${(assess / median(workFloor)).toFixed(2)}× it; the probes' own work is ${ms(median(workFloor) - median(bareFloor))}`,
);
await sshd?.stop();
await sandbox.stop();
rmSync(home, { recursive: true, force: true });
