// ProxyJump through real OpenSSH sshd: the target (beta) reached through a jump host (alpha) from
// ~/.ssh/config or the transport option, a two-hop chain, the jump host's key verified like any host's, and
// a jump host that is down named in the error. Skipped loudly where root or sshd is missing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectTarget } from '../../source/transport/ssh-connect.js';
import { parseJumpHop, resolveTarget, type SshTransportOptions } from '../../source/transport/ssh-target.js';
import { SshTransport } from '../../source/transport/ssh-transport.js';
import { generateKeyPair } from '../../source/transport/embedded-server.js';
import { TransportError } from '../../source/transport/transport.js';
import { startTestbed, testbedUnavailableReason, type Testbed } from '../helpers/sshd-testbed.js';
import { waitFor } from '../helpers/ssh-process.js';

describe('parseJumpHop', () => {
  it('reads [user@]host[:port] and bracketed IPv6', () => {
    expect(parseJumpHop('bastion')).toEqual({ host: 'bastion' });
    expect(parseJumpHop('ops@bastion.example:2222')).toEqual({
      user: 'ops',
      host: 'bastion.example',
      port: 2222,
    });
    expect(parseJumpHop('[::1]:22')).toEqual({ host: '::1', port: 22 });
    expect(() => parseJumpHop('a:b:c')).toThrow(/is not \[user@\]host\[:port\]/);
  });
});

describe('jump chains from ~/.ssh/config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chom-jumps-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const chainOf = (config: string): string[] => {
    const path = join(dir, `config-${Math.random().toString(36).slice(2)}`);
    writeFileSync(path, config);
    let target: ConnectTarget | undefined = resolveTarget(
      { host: 't', user: 'deploy', privateKeys: [], agentSocket: '', sshConfigPath: path },
      new Map(),
    );
    const hops: string[] = [];
    while (target) {
      hops.push(`${target.host}@${target.address}`);
      target = target.jump;
    }
    return hops;
  };

  it("follows the first hop's own ProxyJump, not the later hops' (as ssh -J a,b)", () => {
    const hops = chainOf(
      'Host t\n  ProxyJump a,b\nHost a\n  HostName 10.0.0.1\n  ProxyJump c\nHost b\n  ProxyJump loop\nHost c\n  HostName 10.0.0.3\n',
    );
    expect(hops).toEqual(['t@t', 'jump host b@b', 'jump host a@10.0.0.1', 'jump host c@10.0.0.3']);
  });

  it('stops a ProxyJump loop before connecting, saying what to fix', () => {
    for (const config of [
      'Host t\n  ProxyJump loop-a\nHost loop-a\n  ProxyJump loop-b\nHost loop-b\n  ProxyJump loop-a\n',
      'Host *\n  ProxyJump t\n',
    ]) {
      const error = (() => {
        try {
          chainOf(config);
          return undefined;
        } catch (caught) {
          return caught as TransportError;
        }
      })();
      expect(error).toBeInstanceOf(TransportError);
      expect(error?.message).toMatch(
        /^t: ProxyJump leads through more than 8 jump hosts \(a loop through [\w-]+\?\)$/,
      );
      expect(error?.hint).toContain('do not reach each other in a circle');
    }
  });

  it('turns a broken config into a TransportError naming the file and line', () => {
    const error = (() => {
      try {
        chainOf('Host t\n  HostName "unclosed\n');
        return undefined;
      } catch (caught) {
        return caught as TransportError;
      }
    })();
    expect(error).toBeInstanceOf(TransportError);
    expect(error?.kind).toBe('unreachable');
    expect(error?.message).toMatch(
      /^t: .*config-\w+:2: unbalanced quotes; fix that line of your ssh config$/,
    );
    expect(error?.hint).toContain('ssh -G t');
  });
});

const reason = testbedUnavailableReason();
if (reason) console.warn(`\n*** SKIPPING ProxyJump tests against real sshd: ${reason} ***\n`);

describe.skipIf(reason !== undefined)('ProxyJump through real sshd', () => {
  let testbed: Testbed;
  const transports: SshTransport[] = [];
  const alpha = () => testbed.hosts[0]!;
  const beta = () => testbed.hosts[1]!;
  beforeAll(async () => {
    testbed = await startTestbed(['alpha', 'beta']);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(transports.map((t) => t.close()));
    await testbed?.stop();
  });

  /** A transport to beta; the jump comes from `extra` or from the ssh config written for the test. */
  const open = (extra: Partial<SshTransportOptions> = {}, config = ''): SshTransport => {
    const configPath = join(testbed.dir, `ssh_config_${transports.length}`);
    writeFileSync(configPath, config);
    const transport = new SshTransport({
      host: 'beta',
      address: 'beta-alias',
      user: testbed.user,
      identityFiles: [testbed.clientKeyPath],
      knownHostsPath: testbed.knownHostsPath,
      agentSocket: '',
      sshConfigPath: configPath,
      connectTimeoutMs: 5_000,
      ...extra,
    });
    transports.push(transport);
    return transport;
  };
  const betaConfig = (jump: string) =>
    `Host beta-alias\n  HostName 127.0.0.1\n  Port ${beta().port}\n  ProxyJump ${jump}\n`;
  const acceptedOn = (host: { root: string }) =>
    (readFileSync(join(host.root, '..', 'sshd.log'), 'utf8').match(/Accepted publickey/g) ?? []).length;

  it('reaches beta through alpha from ~/.ssh/config; alpha sees the login', async () => {
    const before = acceptedOn(alpha());
    const transport = open({}, betaConfig(`${testbed.user}@127.0.0.1:${alpha().port}`));
    const result = await transport.exec({ command: 'echo "$CHOM_TESTBED_ROOT"' });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(beta().root);
    // sshd logs the login after answering it: under load the line may come a moment later
    await waitFor(() => acceptedOn(alpha()) >= before + 1, 'the login in alpha’s log');
    expect(acceptedOn(alpha())).toBe(before + 1);
  });

  it('takes the jump from the option (profile proxy_jump) and follows a two-hop chain', async () => {
    const before = acceptedOn(alpha());
    const hop = `${testbed.user}@127.0.0.1:${alpha().port}`;
    const transport = open(
      { proxyJump: `${hop},${hop}` },
      `Host beta-alias\n  HostName 127.0.0.1\n  Port ${beta().port}\n`,
    );
    const result = await transport.exec({ command: 'echo "$CHOM_TESTBED_ROOT"' });
    expect(result.stdout.trim()).toBe(beta().root);
    await waitFor(() => acceptedOn(alpha()) >= before + 2, 'both logins in alpha’s log');
    expect(acceptedOn(alpha())).toBe(before + 2);
  });

  it("verifies the jump host's key: unknown to known_hosts, it is refused naming the jump host", async () => {
    const knownHostsPath = join(testbed.dir, 'known_hosts_beta_only');
    writeFileSync(knownHostsPath, `[127.0.0.1]:${beta().port} ${beta().hostKeyLine}\n`);
    const transport = open({ knownHostsPath }, betaConfig(`${testbed.user}@127.0.0.1:${alpha().port}`));
    const error = await transport.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).kind).toBe('host-key-unknown');
    expect((error as TransportError).message).toContain('jump host 127.0.0.1');
  });

  it('refuses a malformed ProxyJump in ~/.ssh/config with what to fix, before connecting', async () => {
    const before = acceptedOn(alpha());
    const transport = open({}, betaConfig('ops@alpha:22:x'));
    const error = (await transport.connect().then(
      () => undefined,
      (e: unknown) => e,
    )) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toBe('beta: ProxyJump: "ops@alpha:22:x" is not [user@]host[:port]');
    expect(error.hint).toMatch(/^Fix ProxyJump in ~\/\.ssh\/config or proxy_jump in the profile/);
    expect(acceptedOn(alpha())).toBe(before);
  });

  it("logs in to the jump host with its own IdentityFile from ~/.ssh/config, not the target's", async () => {
    const otherKey = join(testbed.dir, 'other_ed25519');
    writeFileSync(otherKey, generateKeyPair('not-authorized').privateKey, { mode: 0o600 });
    const transport = open(
      {},
      `Host beta-alias\n  HostName 127.0.0.1\n  Port ${beta().port}\n  ProxyJump ${testbed.user}@jumpbox\n` +
        `Host jumpbox\n  HostName 127.0.0.1\n  Port ${alpha().port}\n  IdentityFile ${otherKey}\n`,
    );
    const error = (await transport.connect().then(
      () => undefined,
      (e: unknown) => e,
    )) as TransportError;
    expect(error.kind).toBe('auth-failed');
    expect(error.message).toContain('(jump host jumpbox) refused every login');
    expect(error.message).toContain(otherKey);
    expect(error.message).not.toContain(testbed.clientKeyPath);
  });

  it("follows the first jump host's own ProxyJump from ~/.ssh/config, as ssh -J does", async () => {
    const throughAlpha = acceptedOn(alpha());
    const onBeta = acceptedOn(beta());
    // beta is reached through a hop (beta itself, under another name), and that hop through alpha
    const transport = open(
      {},
      `Host beta-alias\n  HostName 127.0.0.1\n  Port ${beta().port}\n  ProxyJump ${testbed.user}@hop-alias\n` +
        `Host hop-alias\n  HostName 127.0.0.1\n  Port ${beta().port}\n  ProxyJump ${testbed.user}@127.0.0.1:${alpha().port}\n`,
    );
    const result = await transport.exec({ command: 'echo "$CHOM_TESTBED_ROOT"' });
    expect(result.stdout.trim()).toBe(beta().root);
    await waitFor(() => acceptedOn(beta()) >= onBeta + 2, 'both logins in beta’s log');
    await waitFor(() => acceptedOn(alpha()) >= throughAlpha + 1, 'the login in alpha’s log');
    expect(acceptedOn(alpha())).toBe(throughAlpha + 1);
    expect(acceptedOn(beta())).toBe(onBeta + 2);
  });

  it('names the jump host when it is down, and works again once it is back', async () => {
    await alpha().kill();
    const down = open({}, betaConfig(`${testbed.user}@127.0.0.1:${alpha().port}`));
    const error = (await down.connect().then(
      () => undefined,
      (e: unknown) => e,
    )) as TransportError;
    expect(error.kind).toBe('unreachable');
    expect(error.message).toMatch(/^jump host 127\.0\.0\.1 is unreachable: cannot connect/);
    await alpha().start();
    const back = open({}, betaConfig(`${testbed.user}@127.0.0.1:${alpha().port}`));
    expect((await back.exec({ command: 'echo ok' })).stdout).toBe('ok\n');
  });
});
