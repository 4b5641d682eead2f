// The transport contract, proven against any SSH host a factory provides (real sshd, the in-process host).
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../source/transport/embedded-server.js';
import { quickAckStats } from '../../source/transport/quick-ack.js';
import { SshTransport, type SshTransportOptions } from '../../source/transport/ssh-transport.js';
import { TransportError, type HostKeyGate } from '../../source/transport/transport.js';
import { waitFor } from '../helpers/ssh-process.js';
import { roundTripCases } from './round-trip-cases.js';

/** One host under test, however it is served. */
export type SuiteHost = {
  port: number;
  user: string;
  /** A directory the SSH user can write, as an absolute path on the host. */
  workDir: string;
  /** `ssh-ed25519 AAAA…` of the host key. */
  hostKeyLine: string;
  fingerprint: string;
  clientKeyPath: string;
  /** known_hosts that trusts this host. */
  knownHostsPath: string;
  startAgent(): Promise<string>;
  /** Kills the server and its sessions (connections drop), then serves again on the same port with the same key. */
  restart(): Promise<void>;
  /** Stops the server's processes (SIGSTOP: connections stay open, nothing answers); resolves to the thaw. */
  freeze?(): Promise<() => void>;
};

/** Starts and stops the host for one run of the suite. */
export type HostFactory = { label: string; setup(): Promise<SuiteHost>; teardown(): Promise<void> };

/** The TransportError a call rejects with (fails the test when it succeeds or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TransportError) return error;
    throw error;
  }
  throw new Error('expected a TransportError, but the call succeeded');
}

export function transportSuite(factory: HostFactory): void {
  describe(`transport against ${factory.label}`, () => {
    let host: SuiteHost;
    let scratch: string;
    let transport: SshTransport;
    const transports: SshTransport[] = [];
    const options = (extra: Partial<SshTransportOptions> = {}): SshTransportOptions => ({
      host: 'testhost',
      address: '127.0.0.1',
      port: host.port,
      user: host.user,
      identityFiles: [host.clientKeyPath],
      knownHostsPath: host.knownHostsPath,
      agentSocket: '',
      sshConfigPath: join(scratch, 'no-ssh-config'),
      ...extra,
    });
    const open = (extra: Partial<SshTransportOptions> = {}): SshTransport => {
      const created = new SshTransport(options(extra));
      transports.push(created);
      return created;
    };
    const alive = async (pids: number[]): Promise<boolean> => {
      // A killed child may linger as a zombie until something reaps it: zombies count as gone.
      const probe = await transport.exec({
        command: `for p in ${pids.join(' ')}; do s=$(ps -o stat= -p "$p"); case "$s" in ''|Z*) ;; *) echo "$p";; esac; done`,
      });
      return probe.stdout.trim() !== '';
    };

    beforeAll(async () => {
      host = await factory.setup();
      scratch = mkdtempSync(join(tmpdir(), 'chom-transport-'));
      transport = open();
    });
    afterAll(async () => {
      for (const t of transports) await t.close().catch(() => undefined);
      await factory.teardown();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    it('connects, verifies the host key from known_hosts, and reports the connection', async () => {
      const info = await transport.connect();
      expect(info).toMatchObject({
        host: 'testhost',
        port: host.port,
        fingerprint: host.fingerprint,
        trust: 'known-hosts',
      });
      expect(transport.status()).toBe('connected');
    });

    it('returns exit codes, stdout lines and stderr', async () => {
      const lines: string[] = [];
      const errors: string[] = [];
      const result = await transport.exec({
        command: 'echo "one"; printf "twö\\nthree"; echo oops >&2; exit 7',
        onStdout: (l) => lines.push(l),
        onStderr: (l) => errors.push(l),
      });
      expect(result).toMatchObject({
        code: 7,
        signal: null,
        stdout: 'one\ntwö\nthree',
        stderr: 'oops\n',
        timedOut: false,
      });
      expect(lines).toEqual(['one', 'twö', 'three']);
      expect(errors).toEqual(['oops']);
    });

    it("acknowledges the server's packets at once: an IGNORE per incoming chunk, which the server accepts", async () => {
      const before = quickAckStats.sent;
      for (let i = 0; i < 5; i += 1) {
        const result = await transport.exec({ command: `echo quick-${i}` });
        expect(result).toMatchObject({ code: 0, stdout: `quick-${i}\n` });
      }
      // each exec receives at least its success, output and close: one nudge each at the very least
      expect(quickAckStats.sent - before).toBeGreaterThanOrEqual(5);
      // and the connection is still the same healthy one
      expect((await transport.exec({ command: 'echo still' })).stdout).toBe('still\n');
    });

    it('reports a process killed by a signal as code null and the signal name', async () => {
      const result = await transport.exec({ command: 'kill -TERM $$' });
      expect(result).toMatchObject({ code: null, signal: 'SIGTERM' });
    });

    it('writes stdin then ends it; the secret never shows in the host process list', async () => {
      const secret = `s3cret-${randomBytes(8).toString('hex')}`;
      const result = await transport.exec({
        command: 'read -r value; ps -eo args; echo "length=${#value}"; cat >/dev/null',
        stdin: `${secret}\nmore\n`,
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`length=${secret.length}`);
      expect(result.stdout).toContain('ps -eo args');
      expect(result.stdout).not.toContain(secret);
    });

    it('streams 50 MB of output without loss or reordering', async () => {
      const count = 2_500_000;
      const hash = createHash('sha256');
      let received = 0;
      const result = await transport.exec({
        command: `seq -f '%020.0f' 1 ${count}`,
        captureLimit: 1024,
        onStdout: (line) => {
          received += 1;
          hash.update(`${line}\n`);
        },
      });
      const expected = createHash('sha256');
      for (let i = 1; i <= count; i += 1) expected.update(`${String(i).padStart(20, '0')}\n`);
      expect(result.code).toBe(0);
      expect(result.truncated).toBe(true);
      expect(received).toBe(count);
      expect(hash.digest('hex')).toBe(expected.digest('hex'));
    });

    it('runs 28 commands through at most 8 channels at once, all completing', async () => {
      let current = 0;
      let most = 0;
      const pooled = open({
        onChannels: (n) => {
          current = n;
          most = Math.max(most, n);
        },
      });
      const results = await Promise.all(
        Array.from({ length: 28 }, (_, i) => pooled.exec({ command: `sleep 0.3; echo done-${i}` })),
      );
      expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 28 }, (_, i) => `done-${i}`));
      expect(most).toBe(8);
      expect(pooled.peakChannels()).toBe(8);
      expect(current).toBe(0);
    });

    it('kills the remote process group when a command times out', async () => {
      const pids: number[] = [];
      const result = await transport.exec({
        command: 'echo $$; sleep 300 & echo $!; wait',
        // room for a loaded machine to start the session and print both pids before the limit
        timeoutMs: 3_000,
        onStdout: (line) => pids.push(Number(line)),
      });
      expect(result.timedOut).toBe(true);
      expect(result.code).toBeNull();
      expect(pids).toHaveLength(2);
      await waitFor(async () => !(await alive(pids)), 'the timed-out processes to be gone', 15_000);
      expect(await alive(pids)).toBe(false);
    });

    it('cancels a running command with an AbortSignal and kills it', async () => {
      const controller = new AbortController();
      const pids: number[] = [];
      const error = await rejection(
        transport.exec({
          command: 'sleep 300 & echo $!; wait',
          signal: controller.signal,
          onStdout: (line) => {
            pids.push(Number(line));
            controller.abort();
          },
        }),
      );
      expect(error.kind).toBe('aborted');
      await waitFor(async () => !(await alive(pids)), 'the cancelled process to be gone', 15_000);
      expect(await alive(pids)).toBe(false);
      const early = await rejection(transport.exec({ command: 'true', signal: AbortSignal.abort() }));
      expect(early.kind).toBe('aborted');
    });

    it('uploads via a temporary name with the mode, verified by sha256, and downloads it back', async () => {
      const data = randomBytes(256 * 1024);
      const remotePath = `${host.workDir}/upload.bin`;
      const result = await transport.upload({ data, remotePath, mode: 0o640 });
      expect(result).toEqual({ sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length });
      const check = await transport.exec({
        command: `stat -c %a ${remotePath}; sha256sum ${remotePath}; ls -a ${host.workDir}`,
      });
      expect(check.stdout).toContain(`640\n${result.sha256}`);
      expect(check.stdout).not.toContain('.chom-');
      expect((await transport.download(remotePath)).equals(data)).toBe(true);
      const again = await transport.upload({ data: Buffer.from('replaced\n'), remotePath, mode: 0o600 });
      expect(again.bytes).toBe(9);
      expect((await transport.download(remotePath)).toString()).toBe('replaced\n');
      const missing = await rejection(transport.download(`${host.workDir}/nope`));
      expect(missing.kind).toBe('sftp');
    });

    it('asks about an unknown host key with the ssh-keygen fingerprint; refusal fails, acceptance records it', async () => {
      const keygen = spawnSync('ssh-keygen', ['-lf', '-'], {
        input: `${host.hostKeyLine}\n`,
        encoding: 'utf8',
      });
      const keygenFingerprint = keygen.stdout.split(' ')[1];
      expect(keygenFingerprint).toBe(host.fingerprint);
      const knownHostsPath = join(scratch, 'known_hosts_unknown');
      const asked: Parameters<HostKeyGate>[0][] = [];
      const refuse = open({ knownHostsPath, hostKeyGate: async (q) => (asked.push(q), false) });
      const refused = await rejection(refuse.connect());
      expect(refused.kind).toBe('host-key-unknown');
      expect(asked[0]).toMatchObject({
        port: host.port,
        fingerprint: keygenFingerprint,
        keyType: 'ssh-ed25519',
      });
      const accept = open({ knownHostsPath, hostKeyGate: async () => true });
      expect((await accept.connect()).trust).toBe('accepted');
      expect(readFileSync(knownHostsPath, 'utf8')).toBe(`[127.0.0.1]:${host.port} ${host.hostKeyLine}\n`);
      const later = open({ knownHostsPath });
      expect((await later.connect()).trust).toBe('known-hosts');
    });

    it('refuses a changed host key without asking, naming known_hosts file:line and both fingerprints', async () => {
      const knownHostsPath = join(scratch, 'known_hosts_changed');
      const impostor = generateKeyPair('impostor').publicKey.split(' ').slice(0, 2).join(' ');
      writeFileSync(knownHostsPath, `# first line is a comment\n[127.0.0.1]:${host.port} ${impostor}\n`);
      let asked = false;
      const changed = open({ knownHostsPath, hostKeyGate: async () => (asked = true) });
      const error = await rejection(changed.connect());
      expect(error.kind).toBe('host-key-changed');
      expect(error.message).toContain(`${knownHostsPath}:2`);
      expect(error.message).toContain(host.fingerprint);
      expect(asked).toBe(false);
    });

    it('trusts a hashed known_hosts entry (hashed by ssh-keygen -H)', async () => {
      const knownHostsPath = join(scratch, 'known_hosts_hashed');
      writeFileSync(knownHostsPath, `[127.0.0.1]:${host.port} ${host.hostKeyLine}\n`);
      expect(spawnSync('ssh-keygen', ['-H', '-f', knownHostsPath]).status).toBe(0);
      expect(readFileSync(knownHostsPath, 'utf8')).toMatch(/^\|1\|/);
      expect((await open({ knownHostsPath }).connect()).trust).toBe('known-hosts');
    });

    it('checks a pinned fingerprint instead of known_hosts', async () => {
      const empty = join(scratch, 'known_hosts_empty');
      expect(
        (await open({ knownHostsPath: empty, pinnedFingerprint: host.fingerprint }).connect()).trust,
      ).toBe('pinned');
      const wrong = await rejection(
        open({ knownHostsPath: empty, pinnedFingerprint: 'SHA256:AAAA' }).connect(),
      );
      expect(wrong.kind).toBe('host-key-changed');
    });

    it('fails auth with a wrong key, naming every method tried', async () => {
      const wrongKey = join(scratch, 'wrong_ed25519');
      writeFileSync(wrongKey, generateKeyPair('wrong').privateKey, { mode: 0o600 });
      const error = await rejection(
        open({ identityFiles: [wrongKey, join(scratch, 'absent_key')] }).connect(),
      );
      expect(error.kind).toBe('auth-failed');
      expect(error.message).toContain(`key ${wrongKey}`);
      expect(error.message).toContain('absent_key (skipped: file not found)');
      expect(error.message).toContain(host.user);
    });

    it('logs in through ssh-agent', async () => {
      const socket = await host.startAgent();
      const viaAgent = open({ identityFiles: [], agentSocket: socket });
      const result = await viaAgent.exec({ command: 'echo agent-ok' });
      expect(result.stdout).toBe('agent-ok\n');
    });

    it('resolves a ~/.ssh/config alias (HostName, Port, User, IdentityFile)', async () => {
      const configPath = join(scratch, 'ssh_config');
      writeFileSync(
        configPath,
        `Host other\n  Port 1\nHost chom-*\n  HostName 127.0.0.1\n  Port ${host.port}\n  User ${host.user}\n  IdentityFile ${host.clientKeyPath}\n`,
      );
      const aliased = new SshTransport({
        host: 'chom-test',
        sshConfigPath: configPath,
        knownHostsPath: host.knownHostsPath,
        agentSocket: '',
      });
      transports.push(aliased);
      const info = await aliased.connect();
      expect(info).toMatchObject({ address: '127.0.0.1', port: host.port, user: host.user });
    });

    roundTripCases(() => ({ host, open }));

    it('fails the in-flight command with connection-lost when the server dies, then reconnects', async () => {
      const doomed = open();
      await doomed.connect();
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const inFlight = rejection(
        doomed.exec({ command: 'echo started; sleep 300', onStdout: () => started() }),
      );
      await running;
      await host.restart();
      const error = await inFlight;
      expect(error.kind).toBe('connection-lost');
      expect(error.message).toContain('testhost');
      expect(doomed.status()).toBe('lost');
      const after = await doomed.exec({ command: 'echo back' });
      expect(after.stdout).toBe('back\n');
      expect(doomed.status()).toBe('connected');
    });
  });
}
