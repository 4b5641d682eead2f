// Real OpenSSH servers on loopback ports, for tests that must prove the transport against sshd itself.
// Needs root (sshd, useradd, sudoers) and /usr/sbin/sshd; `testbedUnavailableReason()` says why it cannot run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintOfPublicKeyLine } from '../../source/transport/host-key.js';
import { startAgent, type TestAgent } from './ssh-agent.js';
import { freePort, killTree, waitFor, waitForPort } from './ssh-process.js';

const SSHD = '/usr/sbin/sshd';
export const TESTBED_USER = 'deploy';
/** The fixed commands the testbed user may run with `sudo -n`. */
export const TESTBED_SUDO_COMMANDS = ['/usr/bin/true', '/usr/bin/id', '/usr/bin/cat'];

/** One running sshd of the test bed. */
export type TestbedHost = {
  name: string;
  port: number;
  /** Per-host base directory, owned by the deploy user, exported to sessions as CHOM_TESTBED_ROOT. */
  root: string;
  /** `ssh-ed25519 AAAA…` of the host key. */
  hostKeyLine: string;
  fingerprint: string;
  configPath: string;
  pid(): number | undefined;
  /** Kills the listener and every session it forked (connections drop). */
  kill(): Promise<void>;
  start(): Promise<void>;
};

/** The whole test bed: hosts, the client key they accept, and a known_hosts that trusts them. */
export type Testbed = {
  dir: string;
  user: string;
  clientKeyPath: string;
  clientPublicKey: string;
  /** known_hosts with every host in `[127.0.0.1]:PORT` form. */
  knownHostsPath: string;
  hosts: TestbedHost[];
  /** Starts an ssh-agent holding the client key; stopped with the test bed. */
  startAgent(): Promise<string>;
  stop(): Promise<void>;
};

/** Why real sshd tests cannot run here, or undefined when they can. */
export function testbedUnavailableReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'real-sshd tests need root (useradd, sudoers, sshd as root)';
  if (!existsSync(SSHD)) return `real-sshd tests need ${SSHD}: apt-get install openssh-server`;
  if (spawnSync('which', ['ssh-keygen']).status !== 0)
    return 'real-sshd tests need ssh-keygen (openssh-client)';
  return undefined;
}

function run(cmd: string, args: string[]): string {
  const result = spawnSync(cmd, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

function ensureDeployUser(): { uid: number; gid: number } {
  // Another test file may set it up at the same moment, and two useradd/usermod at once fail on the lock of
  // /etc/passwd: one at a time, under flock; usermod only when the password is not already '*' (key login).
  run('flock', [
    join(tmpdir(), 'chom-testbed-user.lock'),
    'bash',
    '-euc',
    `id -u "$1" >/dev/null 2>&1 || useradd -m -s /bin/bash "$1"
[ "$(getent shadow "$1" | cut -d: -f2)" = '*' ] || usermod -p '*' "$1"`,
    'ensure-user',
    TESTBED_USER,
  ]);
  const sudoers = `/etc/sudoers.d/chom-testbed`;
  if (!existsSync(sudoers)) {
    const staged = `${sudoers}.${process.pid}.tmp`;
    writeFileSync(staged, `${TESTBED_USER} ALL=(root) NOPASSWD: ${TESTBED_SUDO_COMMANDS.join(', ')}\n`, {
      mode: 0o440,
    });
    run('visudo', ['-cf', staged]);
    run('mv', [staged, sudoers]);
  }
  return {
    uid: Number(run('id', ['-u', TESTBED_USER]).trim()),
    gid: Number(run('id', ['-g', TESTBED_USER]).trim()),
  };
}

function sshdConfig(dir: string, port: number, root: string): string {
  return [
    `ListenAddress 127.0.0.1:${port}`,
    `HostKey ${dir}/host_ed25519`,
    `PidFile ${dir}/sshd.pid`,
    `AuthorizedKeysFile ${dir}/authorized_keys`,
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'MaxStartups 50:30:100',
    'LogLevel VERBOSE',
    `SetEnv CHOM_TESTBED_ROOT=${root}`,
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
}

/** Starts `names.length` sshd processes, each with its own host key, port and root. */
export async function startTestbed(names: string[]): Promise<Testbed> {
  const reason = testbedUnavailableReason();
  if (reason) throw new Error(reason);
  mkdirSync('/run/sshd', { recursive: true });
  const owner = ensureDeployUser();
  const dir = mkdtempSync(join(tmpdir(), 'chom-sshd-'));
  // sshd reads authorized_keys as the user: the user must be able to traverse the test bed directory.
  chmodSync(dir, 0o755);
  const clientKeyPath = join(dir, 'client_ed25519');
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'chom-testbed-client', '-f', clientKeyPath]);
  const clientPublicKey = readFileSync(`${clientKeyPath}.pub`, 'utf8').trim();
  const children: ChildProcess[] = [];

  const hosts: TestbedHost[] = [];
  for (const name of names) {
    const hostDir = join(dir, name);
    const root = join(hostDir, 'root');
    mkdirSync(root, { recursive: true });
    chmodSync(hostDir, 0o755);
    chownSync(root, owner.uid, owner.gid);
    run('ssh-keygen', [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-C',
      `testbed-${name}`,
      '-f',
      `${hostDir}/host_ed25519`,
    ]);
    writeFileSync(`${hostDir}/authorized_keys`, `${clientPublicKey}\n`, { mode: 0o644 });
    const port = await freePort();
    const configPath = `${hostDir}/sshd_config`;
    writeFileSync(configPath, sshdConfig(hostDir, port, root));
    run(SSHD, ['-t', '-f', configPath]);
    const hostKeyLine = readFileSync(`${hostDir}/host_ed25519.pub`, 'utf8')
      .trim()
      .split(' ')
      .slice(0, 2)
      .join(' ');
    let child: ChildProcess | undefined;
    const host: TestbedHost = {
      name,
      port,
      root,
      hostKeyLine,
      fingerprint: fingerprintOfPublicKeyLine(hostKeyLine),
      configPath,
      pid: () => child?.pid,
      async start() {
        const log = openSync(`${hostDir}/sshd.log`, 'a');
        // -D keeps the listener in the foreground, so the pid we hold is the listener's own.
        child = spawn(SSHD, ['-D', '-e', '-f', configPath], { stdio: ['ignore', log, log] });
        children.push(child);
        const started = child;
        await waitForPort(port, () =>
          started.exitCode !== null ? `sshd ${name} exited, see ${hostDir}/sshd.log` : undefined,
        );
      },
      async kill() {
        const pid = child?.pid;
        if (pid === undefined) return;
        const exited = child;
        killTree(pid);
        child = undefined;
        await waitFor(() => exited?.exitCode !== null || exited?.signalCode !== null, `sshd ${name} to exit`);
      },
    };
    await host.start();
    hosts.push(host);
  }
  const knownHostsPath = join(dir, 'known_hosts');
  writeFileSync(knownHostsPath, hosts.map((h) => `[127.0.0.1]:${h.port} ${h.hostKeyLine}\n`).join(''));
  let agent: TestAgent | undefined;

  return {
    dir,
    user: TESTBED_USER,
    clientKeyPath,
    clientPublicKey,
    knownHostsPath,
    hosts,
    async startAgent() {
      agent ??= await startAgent(dir, clientKeyPath);
      return agent.socket;
    },
    async stop() {
      for (const host of hosts) await host.kill();
      agent?.stop();
      for (const c of children) if (c.exitCode === null && c.pid !== undefined) killTree(c.pid);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
