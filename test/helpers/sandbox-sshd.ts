// Serves the sandbox's two host roots through real OpenSSH sshd processes (one per host), with the same
// host keys as the embedded servers and the host shell's environment injected with SetEnv. The login user is
// the one running the tests (the world's owner). sshd starts sessions in the user's home, not the host root:
// runbook commands use absolute paths, so this does not matter to them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { hostShell } from '../../source/sandbox/world/host-shell.js';
import { clientKey, hostKey } from '../../source/sandbox/world/keys.js';
import { hostNames, sandboxPaths, type HostName } from '../../source/sandbox/lifecycle/paths.js';
import { fingerprintOfPublicKeyLine } from '../../source/transport/host-key.js';
import { descendants, freePort, killTree, waitForPort } from './ssh-process.js';

const SSHD = '/usr/sbin/sshd';

/** One sandbox host served by a real sshd. */
export type SandboxSshdHost = { host: HostName; port: number; fingerprint: string; hostKeyLine: string };

export type SandboxSshd = {
  user: string;
  clientKeyPath: string;
  knownHostsPath: string;
  hosts: Record<HostName, SandboxSshdHost>;
  /**
   * Sends `signal` to every sshd process serving the host (the listener and each connection's own sshd; not
   * the user's shells): SIGSTOP freezes the host's SSH side, SIGKILL drops its connections as a crash does.
   */
  signalHost: (host: HostName, signal: NodeJS.Signals) => void;
  /** Serves the host again on its port after signalHost(host, 'SIGKILL'). */
  restartHost: (host: HostName) => Promise<void>;
  stop: () => Promise<void>;
};

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
  const daemons = new Map<HostName, ChildProcess>();
  const hosts = {} as Record<HostName, SandboxSshdHost>;
  const serve = async (host: HostName, port: number): Promise<void> => {
    const key = hostKey(paths.keys, host);
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
    const log = openSync(join(dir, `${host}.log`), 'a');
    const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', log, log] });
    children.push(child);
    daemons.set(host, child);
    await waitForPort(port, () =>
      child.exitCode !== null ? `sshd for ${host} exited, see ${dir}/${host}.log` : undefined,
    );
    const hostKeyLine = key.publicKey.split(' ').slice(0, 2).join(' ');
    hosts[host] = { host, port, hostKeyLine, fingerprint: fingerprintOfPublicKeyLine(hostKeyLine) };
  };
  for (const host of hostNames) await serve(host, await freePort());
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
    signalHost: (host, signal) => {
      const pid = daemons.get(host)?.pid;
      if (pid === undefined) return;
      for (const p of [pid, ...descendants(pid)].filter(isSshd)) {
        try {
          process.kill(p, signal);
        } catch {
          // Already gone.
        }
      }
    },
    restartHost: async (host) => {
      const old = daemons.get(host);
      if (old && old.exitCode === null && old.signalCode === null)
        await new Promise((resolve) => old.once('exit', resolve));
      await serve(host, hosts[host].port);
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

/** sshd itself (listener, privileged monitor, per-connection process), not a shell it started. */
function isSshd(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('sshd');
  } catch {
    return false;
  }
}

export const readClientKey = (path: string): Buffer => readFileSync(path);

/** What {@link sshdProfile} wrote: the profile file, the operator's home (HOME) and the env of a CLI run. */
export type SshdProfile = { profile: string; operatorHome: string; env: Record<string, string> };

/**
 * A profile extending profiles/sandbox.yaml whose hosts are these sshd servers, trusted the two ways an
 * operator trusts real ones: landsraad through the operator's known_hosts (`[127.0.0.1]:PORT`), mentat through
 * the fingerprint pinned in the profile. `env` runs the CLI as that operator, on the sandbox's world.
 */
export function sshdProfile(home: string, sshd: SandboxSshd): SshdProfile {
  const operatorHome = join(home, 'operator-home');
  mkdirSync(join(operatorHome, '.ssh'), { recursive: true, mode: 0o700 });
  const { landsraad, mentat } = sshd.hosts;
  writeFileSync(
    join(operatorHome, '.ssh/known_hosts'),
    `[127.0.0.1]:${landsraad.port} ${landsraad.hostKeyLine}\n`,
  );
  const profile = join(home, 'sandbox-sshd.yaml');
  writeFileSync(
    profile,
    [
      'name: sandbox-sshd',
      `extends: ${join(import.meta.dirname, '..', '..', 'profiles', 'sandbox.yaml')}`,
      'hosts:',
      '  landsraad:',
      `    address: 127.0.0.1\n    port: ${landsraad.port}\n    user: ${sshd.user}\n    identity: ${sshd.clientKeyPath}\n    roles: [app]`,
      '  mentat:',
      `    address: 127.0.0.1\n    port: ${mentat.port}\n    user: ${sshd.user}\n    identity: ${sshd.clientKeyPath}`,
      `    fingerprint: ${mentat.fingerprint}\n    roles: [observability, deploy-hub]`,
      '',
    ].join('\n'),
  );
  return { profile, operatorHome, env: { CHOM_CONSOLE_SANDBOX: '1', HOME: operatorHome } };
}
