// Serves the sandbox's two host roots through real OpenSSH sshd processes (one per host), with the same
// host keys as the embedded servers and the host shell's environment injected with SetEnv. The login user is
// the one running the tests (the world's owner). sshd starts sessions in the user's home, not the host root:
// runbook commands use absolute paths, so this does not matter to them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { hostShell } from '../../source/sandbox/host-shell.js';
import { clientKey, hostKey } from '../../source/sandbox/keys.js';
import { hostNames, sandboxPaths, type HostName } from '../../source/sandbox/paths.js';
import { fingerprintOfPublicKeyLine } from '../../source/transport/host-key.js';
import { descendants, freePort, killTree, waitFor, waitForPort } from './ssh-process.js';

const SSHD = '/usr/sbin/sshd';

/** One sandbox host served by a real sshd. */
export type SandboxSshdHost = { host: HostName; port: number; fingerprint: string; hostKeyLine: string };

export type SandboxSshd = {
  user: string;
  clientKeyPath: string;
  knownHostsPath: string;
  hosts: Record<HostName, SandboxSshdHost>;
  /** SIGSTOPs the host's listener and every session sshd it forked (the commands they run go on). */
  freeze: (host: HostName) => void;
  /** SIGKILLs the host's listener and its session sshd processes: connections drop, new ones are refused. */
  kill: (host: HostName) => Promise<void>;
  /** Serves the host again on the same port with the same config (after kill). */
  start: (host: HostName) => Promise<void>;
  stop: () => Promise<void>;
};

/** The sshd processes of one listener: itself and the session processes it forked, not the commands they run. */
function sshdProcesses(listener: number): number[] {
  const comm = (pid: number): string => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      return '';
    }
  };
  // OpenSSH 9.8+ runs sessions as sshd-session
  return [listener, ...descendants(listener).filter((pid) => /^sshd(-session|-auth)?$/.test(comm(pid)))];
}

function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** Why real sshd cannot serve the sandbox here, or undefined when it can. */
export function sandboxSshdUnavailableReason(): string | undefined {
  if (!existsSync(SSHD)) return `needs ${SSHD} (apt-get install openssh-server)`;
  if (process.getuid?.() !== 0) return 'sshd must run as root to log users in';
  return undefined;
}

export async function startSandboxSshd(home: string): Promise<SandboxSshd> {
  const reason = sandboxSshdUnavailableReason();
  if (reason) throw new Error(`sandbox sshd: ${reason}`);
  mkdirSync('/run/sshd', { recursive: true });
  const paths = sandboxPaths(home);
  const dir = join(paths.dir, 'sshd');
  mkdirSync(dir, { recursive: true });
  const user = userInfo().username;
  const client = clientKey(paths.keys);
  const children: ChildProcess[] = [];
  const listeners = new Map<HostName, ChildProcess>();
  const hosts = {} as Record<HostName, SandboxSshdHost>;
  const serve = async (host: HostName, config: string, port: number): Promise<void> => {
    const log = openSync(join(dir, `${host}.log`), 'a');
    const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', log, log] });
    children.push(child);
    listeners.set(host, child);
    await waitForPort(port, () =>
      child.exitCode !== null ? `sshd for ${host} exited, see ${dir}/${host}.log` : undefined,
    );
  };
  const configs = new Map<HostName, string>();
  for (const host of hostNames) {
    const key = hostKey(paths.keys, host);
    const port = await freePort();
    const authorized = join(dir, `${host}_authorized_keys`);
    writeFileSync(authorized, `${client.publicKey}\n`, { mode: 0o644 });
    const env = hostShell(home, host).env;
    const config = join(dir, `${host}_sshd_config`);
    writeFileSync(
      config,
      [
        `ListenAddress 127.0.0.1:${port}`,
        `HostKey ${key.privateKeyPath}`,
        `PidFile ${join(dir, `${host}.pid`)}`,
        `AuthorizedKeysFile ${authorized}`,
        `AllowUsers ${user}`,
        'PermitRootLogin prohibit-password',
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'MaxStartups 50:30:100',
        `SetEnv ${Object.entries(env)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
        'Subsystem sftp internal-sftp',
        '',
      ].join('\n'),
    );
    const check = spawnSync(SSHD, ['-t', '-f', config], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`sandbox sshd: ${config} is invalid: ${check.stderr}`);
    configs.set(host, config);
    await serve(host, config, port);
    const hostKeyLine = key.publicKey.split(' ').slice(0, 2).join(' ');
    hosts[host] = { host, port, hostKeyLine, fingerprint: fingerprintOfPublicKeyLine(hostKeyLine) };
  }
  const knownHostsPath = join(dir, 'known_hosts');
  writeFileSync(
    knownHostsPath,
    Object.values(hosts)
      .map((h) => `[127.0.0.1]:${h.port} ${h.hostKeyLine}\n`)
      .join(''),
  );
  return {
    user,
    clientKeyPath: client.privateKeyPath,
    knownHostsPath,
    hosts,
    freeze: (host) => {
      const listener = listeners.get(host)?.pid;
      if (listener === undefined) throw new Error(`sandbox sshd: ${host} is not running`);
      // the listener first: it forks no new session while the others are being stopped
      for (const pid of sshdProcesses(listener)) signalAll([pid], 'SIGSTOP');
    },
    kill: async (host) => {
      const listener = listeners.get(host);
      if (listener?.pid === undefined) throw new Error(`sandbox sshd: ${host} is not running`);
      signalAll(sshdProcesses(listener.pid), 'SIGKILL');
      listeners.delete(host);
      await waitFor(
        () => listener.exitCode !== null || listener.signalCode !== null,
        `sshd for ${host} to exit`,
      );
    },
    start: async (host) => {
      if (listeners.has(host)) throw new Error(`sandbox sshd: ${host} is running already`);
      await serve(host, configs.get(host)!, hosts[host].port);
    },
    stop: async () => {
      for (const child of children)
        if (child.pid !== undefined && child.exitCode === null) killTree(child.pid);
      await Promise.all(
        children.map((c) =>
          c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once('exit', r)),
        ),
      );
    },
  };
}

export const readClientKey = (path: string): Buffer => readFileSync(path);
