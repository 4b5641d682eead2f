// From resolved ssh options to what a connection uses: the config's timeouts and keepalive (the console's own
// where it sets none, never none), its StrictHostKeyChecking only ever stricter, IdentityAgent, `-F` reading
// no system file, the user's file before the system's, and the profile's identity before the config's.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveTarget, type SshTransportOptions } from '../../source/transport/ssh-target.js';

const home = mkdtempSync(join(tmpdir(), 'chom-ssh-target-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
mkdirSync(join(home, '.ssh'));
const system = join(home, 'ssh_config');
writeFileSync(system, 'Host *\n  Port 2222\n  User corp\n  ConnectTimeout 20\n');
writeFileSync(
  join(home, '.ssh', 'config'),
  [
    'Host tuned',
    '  ConnectTimeout 5',
    '  ServerAliveInterval 30',
    '  ServerAliveCountMax 4',
    'Host zero',
    '  ConnectTimeout 0',
    '  ServerAliveInterval 0',
    'Host strict',
    '  StrictHostKeyChecking yes',
    'Host accept-new',
    '  StrictHostKeyChecking accept-new',
    'Host no',
    '  StrictHostKeyChecking no',
    'Host agent-none',
    '  IdentityAgent none',
    'Host agent-path',
    '  IdentityAgent ~/agent.sock',
    'Host agent-env',
    '  IdentityAgent SSH_AUTH_SOCK',
    'Host keys',
    '  IdentityFile ~/.ssh/from-config',
    'Host mine',
    '  Port 24901',
    '',
  ].join('\n'),
);

const target = (alias: string, more: Partial<SshTransportOptions> = {}) =>
  resolveTarget({ host: 'h', address: alias, home, systemSshConfigPath: system, ...more }, new Map());

describe('resolveTarget', () => {
  it('takes ConnectTimeout, ServerAliveInterval and ServerAliveCountMax from the config', () => {
    expect(target('tuned')).toMatchObject({
      connectTimeoutMs: 5000,
      keepaliveIntervalMs: 30_000,
      keepaliveCountMax: 4,
    });
  });

  it("uses the console's own timeout and keepalive where the config sets none or 0, never none", () => {
    const none = target('plain', { sshConfigPath: join(home, 'missing') });
    expect(none).toMatchObject({
      connectTimeoutMs: 10_000,
      keepaliveIntervalMs: 15_000,
      keepaliveCountMax: 3,
    });
    // ConnectTimeout 0 is ssh's "wait for TCP": the system file's 20 s comes later and does not apply either
    expect(target('zero')).toMatchObject({ connectTimeoutMs: 10_000, keepaliveIntervalMs: 15_000 });
  });

  it('lets StrictHostKeyChecking yes forbid asking, and no other value loosen anything', () => {
    expect(target('strict').refuseUnknown).toBe(true);
    for (const alias of ['accept-new', 'no', 'plain']) {
      const resolved = target(alias);
      expect(resolved.refuseUnknown, alias).toBeUndefined();
      expect(resolved.userKnownHostsFiles, alias).toEqual([
        join(home, '.ssh', 'known_hosts'),
        join(home, '.ssh', 'known_hosts2'),
      ]);
    }
  });

  it('takes the agent from IdentityAgent: none disables it, a path or SSH_AUTH_SOCK names it', () => {
    const env = process.env.SSH_AUTH_SOCK;
    process.env.SSH_AUTH_SOCK = '/run/agent-from-env';
    try {
      expect(target('agent-none').agentSocket).toBe('');
      expect(target('agent-path').agentSocket).toBe(join(home, 'agent.sock'));
      expect(target('agent-env').agentSocket).toBe('/run/agent-from-env');
      expect(target('plain').agentSocket).toBe('/run/agent-from-env');
      // the transport's own setting (the sandbox's '') wins, as `-o IdentityAgent` would
      expect(target('agent-path', { agentSocket: '' }).agentSocket).toBe('');
    } finally {
      if (env === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = env;
    }
  });

  it('reads ~/.ssh/config before the system file, and only the -F file when one is given', () => {
    expect(target('mine')).toMatchObject({ port: 24901, user: 'corp', connectTimeoutMs: 20_000 });
    expect(target('other')).toMatchObject({ port: 2222, user: 'corp' });
    const onlyF = target('other', { sshConfigPath: join(home, '.ssh', 'config') });
    expect(onlyF.port).toBe(22);
    expect(onlyF.user).not.toBe('corp');
  });

  it('tries the profile identity first, then the config’s, as ssh -i does', () => {
    expect(target('keys', { identityFiles: ['/keys/profile'] }).identityFiles).toEqual([
      '/keys/profile',
      join(home, '.ssh', 'from-config'),
    ]);
  });
});
