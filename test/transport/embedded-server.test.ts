// What the in-process host promises beyond the shared suite: its shell environment, SFTP operations, and the
// transport's own checks that need a controllable host (checksum mismatch, encrypted keys, unreachable).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SFTPWrapper } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateKeyPair,
  startEmbeddedServer,
  type EmbeddedServer,
} from '../../source/transport/embedded-server.js';
import { SshTransport, type SshTransportOptions } from '../../source/transport/ssh-transport.js';
import { Client } from '../../source/transport/ssh2-runtime.js';
import { freePort } from '../helpers/ssh-process.js';

describe('embedded ssh2 host', () => {
  let dir: string;
  let root: string;
  let server: EmbeddedServer;
  const client = generateKeyPair('client');
  const transports: SshTransport[] = [];
  const open = (extra: Partial<SshTransportOptions> = {}) => {
    const t = new SshTransport({
      host: 'landsraad',
      address: '127.0.0.1',
      port: server.port,
      user: 'deploy',
      privateKeys: [{ label: '(sandbox key)', key: client.privateKey }],
      embedded: { fingerprint: server.fingerprint },
      agentSocket: '',
      sshConfigPath: join(dir, 'none'),
      ...extra,
    });
    transports.push(t);
    return t;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chom-embedded-host-'));
    root = join(dir, 'root');
    mkdirSync(join(root, 'bin'), { recursive: true });
    server = await startEmbeddedServer({
      authorizedKeys: [client.publicKey],
      shell: { cwd: root, env: { PATH: `${root}/bin:/usr/bin:/bin`, CHOM_SANDBOX_HOST: 'landsraad' } },
    });
  });
  afterAll(async () => {
    for (const t of transports) await t.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs bash in the given cwd with exactly the given environment, trusted as embedded', async () => {
    const t = open();
    expect((await t.connect()).trust).toBe('embedded');
    const result = await t.exec({
      command: 'pwd; env | grep -v -e ^PWD= -e ^SHLVL= -e ^_= | sort; echo $BASH_VERSION',
    });
    const [pwd, ...rest] = result.stdout.trim().split('\n');
    expect(pwd).toBe(root);
    expect(rest.slice(0, 2)).toEqual(['CHOM_SANDBOX_HOST=landsraad', `PATH=${root}/bin:/usr/bin:/bin`]);
    expect(rest[2]).toMatch(/^\d/);
  });

  it('serves SFTP: mkdir, write, stat, readdir, rename, setstat, remove', async () => {
    const raw = new Client();
    await new Promise<void>((resolve, reject) => {
      raw.once('ready', () => resolve()).once('error', reject);
      raw.connect({
        host: '127.0.0.1',
        port: server.port,
        username: 'deploy',
        privateKey: client.privateKey,
      });
    });
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
      raw.sftp((e, s) => (e ? reject(e) : resolve(s))),
    );
    const call = <T>(fn: (cb: (e: Error | null | undefined, v?: T) => void) => void) =>
      new Promise<T>((resolve, reject) => fn((e, v) => (e ? reject(e) : resolve(v as T))));
    const d = join(root, 'sftp-dir');
    await call((cb) => sftp.mkdir(d, cb));
    await call((cb) => sftp.writeFile(`${d}/a.txt`, 'alpha', cb));
    await call((cb) => sftp.rename(`${d}/a.txt`, `${d}/b.txt`, cb));
    await call((cb) => sftp.chmod(`${d}/b.txt`, 0o600, cb));
    const stats = await call<{ mode: number; size: number }>((cb) => sftp.stat(`${d}/b.txt`, cb));
    expect(stats.size).toBe(5);
    expect(stats.mode & 0o777).toBe(0o600);
    const names = await call<Array<{ filename: string }>>((cb) => sftp.readdir(d, cb));
    expect(names.map((n) => n.filename)).toEqual(['b.txt']);
    expect((await call<Buffer>((cb) => sftp.readFile(`${d}/b.txt`, cb))).toString()).toBe('alpha');
    await call((cb) => sftp.unlink(`${d}/b.txt`, cb));
    await expect(call((cb) => sftp.lstat(`${d}/b.txt`, cb))).rejects.toThrow(/no such file/i);
    await call((cb) => sftp.rmdir(d, cb));
    raw.end();
  });

  it('refuses an upload whose host-side sha256 differs, leaving the live file alone', async () => {
    const liar = join(root, 'bin', 'sha256sum');
    writeFileSync(
      liar,
      '#!/bin/sh\necho "0000000000000000000000000000000000000000000000000000000000000000  $2"\n',
    );
    chmodSync(liar, 0o755);
    try {
      writeFileSync(join(root, 'live.conf'), 'old\n');
      const t = open();
      const error = await t
        .upload({ data: Buffer.from('new\n'), remotePath: join(root, 'live.conf'), mode: 0o644 })
        .catch((e) => e);
      expect(error).toMatchObject({ kind: 'checksum' });
      expect(error.message).toContain('live.conf');
      const after = await t.exec({ command: 'cat live.conf; ls -a | grep -c chom- || true' });
      expect(after.stdout).toBe('old\n0\n');
    } finally {
      rmSync(liar);
    }
  });

  it('asks the PassphraseGate for an encrypted key file', async () => {
    const keyPath = join(dir, 'encrypted_ed25519');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'open sesame', '-f', keyPath]);
    const pub = spawnSync('cat', [`${keyPath}.pub`], { encoding: 'utf8' }).stdout;
    const withKey = await startEmbeddedServer({
      authorizedKeys: [pub],
      shell: { cwd: root, env: { PATH: '/usr/bin:/bin' } },
    });
    try {
      const asked: string[] = [];
      const t = open({
        port: withKey.port,
        embedded: { fingerprint: withKey.fingerprint },
        privateKeys: [],
        identityFiles: [keyPath],
        passphraseGate: async (q) => (asked.push(q.keyPath), 'open sesame'),
      });
      expect((await t.exec({ command: 'echo in' })).stdout).toBe('in\n');
      expect(asked).toEqual([keyPath]);
      const skipped = open({
        port: withKey.port,
        embedded: { fingerprint: withKey.fingerprint },
        privateKeys: [],
        identityFiles: [keyPath],
        passphraseGate: async () => undefined,
      });
      await expect(skipped.connect()).rejects.toMatchObject({
        kind: 'auth-failed',
        message: expect.stringContaining('no passphrase'),
      });
    } finally {
      await withKey.stop();
    }
  });

  it('reports an unreachable host with address:port and the OS error', async () => {
    const port = await freePort();
    const error = await open({ port })
      .connect()
      .catch((e) => e);
    expect(error).toMatchObject({ kind: 'unreachable' });
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('forwards a signal request to the process group', async () => {
    const t = open();
    const result = await t.exec({ command: 'sleep 300 & wait', timeoutMs: 300 });
    expect(result).toMatchObject({ timedOut: true, code: null, signal: 'SIGKILL' });
  });
});
