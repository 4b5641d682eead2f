// A profile host reached the way `ssh ALIAS` reaches it, over real OpenSSH sshd on a port other than 22: the
// profile names only the alias, ~/.ssh/config gives the Port (and HostName, User, IdentityFile), its
// UserKnownHostsFile, GlobalKnownHostsFile and HostKeyAlias decide the host-key check, and its IdentityAgent and
// IdentitiesOnly the login. A port the profile sets still wins; a config's StrictHostKeyChecking only ever makes
// the check stricter. Skipped loudly where root or sshd is missing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHosts, hostConnections } from '../../source/cli/host-connections.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import type { HostKeyGate } from '../../source/transport/transport.js';
import { freePort } from '../helpers/ssh-process.js';
import { startTestbed, testbedUnavailableReason, type Testbed } from '../helpers/sshd-testbed.js';

const reason = testbedUnavailableReason();
if (reason) console.warn(`\n*** SKIPPING ~/.ssh/config over real sshd: ${reason} ***\n`);

describe.skipIf(reason !== undefined)('profile hosts through ~/.ssh/config, over real sshd', () => {
  let testbed: Testbed;
  let home: string;
  let port: number;
  const systemConfig = join(import.meta.dirname, '..', 'fixtures', 'ssh-config', 'system', 'debian.conf');

  beforeAll(async () => {
    testbed = await startTestbed(['landsraad']);
    port = testbed.hosts[0]!.port;
    home = mkdtempSync(join(tmpdir(), 'chom-ssh-home-'));
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    const key = testbed.hosts[0]!.hostKeyLine;
    writeFileSync(join(home, '.ssh', 'known_hosts.arewel'), `landsraad-app ${key}\n`);
    writeFileSync(join(home, 'global_known_hosts'), `[127.0.0.1]:${port} ${key}\n`);
    writeFileSync(join(home, '.ssh', 'empty_known_hosts'), '');
    writeFileSync(join(home, '.ssh', 'impostor_known_hosts'), `[127.0.0.1]:${port} ${impostorKey}\n`);
    // an agent-only key: the agent holds the private key, ~/.ssh has only its public half
    const agent = await testbed.startAgent();
    copyFileSync(`${testbed.clientKeyPath}.pub`, join(home, '.ssh', 'agent_key.pub'));
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(home, 'other')]);
    copyFileSync(join(home, 'other.pub'), join(home, '.ssh', 'other.pub'));
    writeFileSync(
      join(home, '.ssh', 'config'),
      [
        'Host landsraad mentat strict lax aliased',
        '    HostName 127.0.0.1',
        `    Port ${port}`,
        `    User ${testbed.user}`,
        `    IdentityFile ${testbed.clientKeyPath}`,
        '    IdentitiesOnly yes',
        'Host landsraad',
        // the key is known under this alias only, and only in this file
        '    HostKeyAlias landsraad-app',
        '    UserKnownHostsFile ~/.ssh/known_hosts.arewel',
        'Host mentat',
        '    UserKnownHostsFile ~/.ssh/empty_known_hosts',
        `    GlobalKnownHostsFile ${join(home, 'global_known_hosts')}`,
        'Host strict',
        '    UserKnownHostsFile ~/.ssh/empty_known_hosts',
        '    StrictHostKeyChecking yes',
        'Host aliased',
        '    HostKeyAlias landsraad-unknown',
        '    UserKnownHostsFile ~/.ssh/empty_known_hosts',
        'Host agent-only agent-other',
        '    HostName 127.0.0.1',
        `    Port ${port}`,
        `    User ${testbed.user}`,
        `    IdentityAgent ${agent}`,
        '    IdentitiesOnly yes',
        `    UserKnownHostsFile ${testbed.knownHostsPath}`,
        'Host agent-only',
        '    IdentityFile ~/.ssh/agent_key.pub',
        'Host agent-other',
        '    IdentityFile ~/.ssh/other.pub',
        'Host lax',
        '    UserKnownHostsFile ~/.ssh/impostor_known_hosts',
        '    StrictHostKeyChecking no',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await testbed?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const impostorKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

  /** A profile of the given hosts (YAML text), loaded as the CLI loads one. */
  function profileOf(hosts: string): LoadedProfile {
    const dir = mkdtempSync(join(home, 'profile-'));
    const file = join(dir, 'ops.yaml');
    writeFileSync(
      file,
      `name: ops\nhosts:\n${hosts}\nphases: [{ id: p, title: P, steps: [{ id: s, title: S, host: landsraad, run: { command: "true" } }] }]\n`,
    );
    const loaded = loadProfile(file);
    if (!loaded.ok) throw new Error(`profile did not load: ${JSON.stringify(loaded)}`);
    return loaded.profile;
  }

  const open = (profile: LoadedProfile, hostKeyGate?: HostKeyGate) =>
    hostConnections(profile, undefined, {
      sshFiles: { home, systemSshConfigPath: systemConfig },
      ...(hostKeyGate && { hostKeyGate }),
    });

  it('reaches an alias whose Port comes only from ~/.ssh/config, its key checked under HostKeyAlias', async () => {
    // as profiles/production.yaml writes a host: an address and a user, no port
    const connections = open(profileOf(`  landsraad: { address: landsraad, roles: [app] }`));
    try {
      expect(connections.endpoints.get('landsraad')).toBe(`127.0.0.1:${port}`);
      expect(await connectHosts(connections, ['landsraad'])).toBeNull();
      const result = await connections.transports
        .get('landsraad')!
        .exec({ command: 'echo "$SSH_CONNECTION"' });
      // sshd's own view of the connection: the server port is the config's
      expect(result.stdout.trim().split(' ')[3]).toBe(String(port));
      const info = await connections.transports.get('landsraad')!.connect();
      expect(info).toMatchObject({ port, user: testbed.user, trust: 'known-hosts' });
    } finally {
      await connections.close();
    }
  });

  it('trusts a key from GlobalKnownHostsFile when the user file does not know it', async () => {
    const connections = open(profileOf(`  landsraad: { address: mentat, roles: [app] }`));
    try {
      expect(await connectHosts(connections, ['landsraad'])).toBeNull();
    } finally {
      await connections.close();
    }
  });

  it('lets a port the profile sets win over the config', async () => {
    const closed = await freePort();
    const connections = open(profileOf(`  landsraad: { address: landsraad, port: ${closed}, roles: [app] }`));
    try {
      expect(connections.endpoints.get('landsraad')).toBe(`127.0.0.1:${closed}`);
      const failure = await connectHosts(connections, ['landsraad']);
      expect(failure).toContain(`cannot connect to 127.0.0.1:${closed}`);
    } finally {
      await connections.close();
    }
  });

  it('tells how to trust an unknown key in the file and under the name the config gives', async () => {
    const connections = open(profileOf(`  landsraad: { address: aliased, roles: [app] }`));
    try {
      const failure = await connectHosts(connections, ['landsraad']);
      expect(failure).toContain('its host key is not known and a headless run never accepts one');
      expect(failure).toContain(
        `ssh-keyscan -p ${port} 127.0.0.1 >> ${join(home, '.ssh', 'empty_known_hosts')} (check the line names landsraad-unknown)`,
      );
    } finally {
      await connections.close();
    }
  });

  it('logs in with IdentityAgent under IdentitiesOnly, offering only the keys of the identity files', async () => {
    const connections = open(profileOf(`  landsraad: { address: agent-only, roles: [app] }`));
    try {
      expect(await connectHosts(connections, ['landsraad'])).toBeNull();
    } finally {
      await connections.close();
    }
    const other = open(profileOf(`  landsraad: { address: agent-other, roles: [app] }`));
    try {
      const failure = await connectHosts(other, ['landsraad']);
      // the agent holds the accepted key, but IdentitiesOnly names another: ssh would not offer it either
      expect(failure).toContain('refused every login');
      expect(failure).toContain('only the keys of the identity files: IdentitiesOnly');
      expect(failure).toContain(
        'other.pub (skipped: a public key: its private key can only be in the agent)',
      );
    } finally {
      await other.close();
    }
  });

  it('refuses an unknown key without asking under StrictHostKeyChecking yes', async () => {
    const asked: string[] = [];
    const connections = open(profileOf(`  landsraad: { address: strict, roles: [app] }`), async (q) => {
      asked.push(q.host);
      return true;
    });
    try {
      const failure = await connectHosts(connections, ['landsraad']);
      expect(failure).toContain('StrictHostKeyChecking yes in your ssh config forbids asking');
      expect(asked).toEqual([]);
    } finally {
      await connections.close();
    }
  });

  it('still refuses a changed key under StrictHostKeyChecking no', async () => {
    const connections = open(profileOf(`  landsraad: { address: lax, roles: [app] }`), async () => true);
    try {
      const failure = await connectHosts(connections, ['landsraad']);
      expect(failure).toContain('HOST KEY CHANGED');
      expect(failure).toContain(join(home, '.ssh', 'impostor_known_hosts'));
    } finally {
      await connections.close();
    }
  });
});
