// Per-command latency of the transport against its baselines, in one run (`npx tsx bench/transport.ts`).
// Real sshd test bed when root and sshd are available, else the in-process host. Prints ratios; never fails on time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientChannel } from 'ssh2';
import { generateKeyPair, startEmbeddedServer } from '../source/transport/embedded-server.js';
import { Client } from '../source/transport/ssh2-runtime.js';
import { SshTransport, type SshTransportOptions } from '../source/transport/ssh-transport.js';
import { startTestbed, testbedUnavailableReason } from '../test/helpers/sshd-testbed.js';

type Target = {
  label: string;
  port: number;
  user: string;
  keyPath: string;
  knownHostsPath: string;
  stop(): Promise<void>;
};

async function realSshd(): Promise<Target> {
  const testbed = await startTestbed(['bench']);
  const host = testbed.hosts[0];
  if (!host) throw new Error('test bed without host');
  return {
    label: `real OpenSSH sshd on 127.0.0.1:${host.port}`,
    port: host.port,
    user: testbed.user,
    keyPath: testbed.clientKeyPath,
    knownHostsPath: testbed.knownHostsPath,
    stop: () => testbed.stop(),
  };
}

async function embedded(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'chom-bench-'));
  const client = generateKeyPair('bench');
  const keyPath = join(dir, 'client_ed25519');
  writeFileSync(keyPath, client.privateKey, { mode: 0o600 });
  const server = await startEmbeddedServer({
    authorizedKeys: [client.publicKey],
    shell: { cwd: dir, env: { PATH: '/usr/bin:/bin' } },
  });
  const knownHostsPath = join(dir, 'known_hosts');
  writeFileSync(knownHostsPath, `[127.0.0.1]:${server.port} ${server.hostPublicKey}\n`);
  return {
    label: `in-process ssh2 host on 127.0.0.1:${server.port}`,
    port: server.port,
    user: 'deploy',
    keyPath,
    knownHostsPath,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function measure(runs: number, once: () => Promise<unknown>): Promise<{ median: number; p90: number }> {
  await once(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)] ?? 0, p90: times[Math.floor(runs * 0.9)] ?? 0 };
}

function bareClient(target: Target): Promise<InstanceType<typeof Client>> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once('ready', () => resolve(client)).once('error', reject);
    client.connect({
      sock: netConnect({ host: '127.0.0.1', port: target.port, noDelay: true }),
      username: target.user,
      privateKey: spawnSync('cat', [target.keyPath]).stdout,
    });
  });
}

function bareExec(client: InstanceType<typeof Client>, command: string): Promise<void> {
  return new Promise((resolve, reject) =>
    client.exec(command, (error: Error | undefined, channel: ClientChannel) => {
      if (error) return reject(error);
      channel.on('data', () => undefined).on('close', () => resolve());
      channel.stderr.on('data', () => undefined);
      channel.end();
    }),
  );
}

async function main(): Promise<void> {
  const reason = testbedUnavailableReason();
  if (reason) console.log(`(no real sshd: ${reason}; using the in-process host)`);
  const target = reason ? await embedded() : await realSshd();
  const options: SshTransportOptions = {
    host: 'bench',
    address: '127.0.0.1',
    port: target.port,
    user: target.user,
    identityFiles: [target.keyPath],
    knownHostsPath: target.knownHostsPath,
    agentSocket: '',
    sshConfigPath: '/dev/null',
  };
  const command = 'true';
  try {
    const bare = await bareClient(target);
    const bareTime = await measure(200, () => bareExec(bare, command));
    bare.end();

    const reused = new SshTransport(options);
    const reusedTime = await measure(200, () => reused.exec({ command }));
    await reused.close();

    const freshTime = await measure(40, async () => {
      const fresh = new SshTransport(options);
      await fresh.exec({ command });
      await fresh.close();
    });

    const sshArgs = [
      ...[
        '-i',
        target.keyPath,
        '-p',
        String(target.port),
        '-o',
        `UserKnownHostsFile=${target.knownHostsPath}`,
      ],
      ...[
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        'BatchMode=yes',
        '-o',
        'IdentitiesOnly=yes',
        '-F',
        '/dev/null',
      ],
      `${target.user}@127.0.0.1`,
      command,
    ];
    const cliTime = await measure(30, async () => {
      const run = spawnSync('ssh', sshArgs, { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`ssh CLI failed (${run.status}): ${run.stderr}`);
    });

    const rows: Array<[string, { median: number; p90: number }, number]> = [
      ['bare ssh2 exec (raw Client, reused, TCP_NODELAY)', bareTime, 200],
      ['SshTransport, reused connection', reusedTime, 200],
      ['SshTransport, fresh connection per command', freshTime, 40],
      ['ssh CLI per command', cliTime, 30],
    ];
    console.log(`\ntransport latency per command against ${target.label} (command: ${command})\n`);
    console.log(
      `${'path'.padEnd(52)} ${'runs'.padStart(5)} ${'median ms'.padStart(10)} ${'p90 ms'.padStart(8)}`,
    );
    for (const [label, time, runs] of rows) {
      console.log(
        `${label.padEnd(52)} ${String(runs).padStart(5)} ${time.median.toFixed(2).padStart(10)} ${time.p90.toFixed(2).padStart(8)}`,
      );
    }
    const reusedOverBare = reusedTime.median / bareTime.median;
    const cliOverReused = cliTime.median / reusedTime.median;
    console.log(
      `\nreused / bare   = ${reusedOverBare.toFixed(2)}x (target <= 1.3x)${reusedOverBare <= 1.3 ? '' : '  ABOVE TARGET'}`,
    );
    console.log(
      `ssh CLI / reused = ${cliOverReused.toFixed(1)}x (target >= 20x)${cliOverReused >= 20 ? '' : '  BELOW TARGET'}`,
    );
    console.log(`fresh / reused  = ${(freshTime.median / reusedTime.median).toFixed(1)}x`);
  } finally {
    await target.stop();
  }
}

await main();
