// The in-process SSH host (ssh2 Server) behind the sandbox: public-key login only, `bash -c` in its own process
// group with a given cwd and environment, signals and channel close reaching the whole group, and SFTP.
import { spawn } from 'node:child_process';
import type { Connection, ServerChannel, Session } from 'ssh2';
import { Server, utils } from './ssh2-runtime.js';
import { serveSftp } from './embedded-sftp.js';
import { fingerprintOf } from './host-key.js';

/** How to serve one host. */
export type EmbeddedServerOptions = {
  /** Private host key (PEM or OpenSSH format); generated (ed25519) when absent. */
  hostKey?: string | Buffer;
  /** Public keys (`ssh-ed25519 AAAA…` lines) allowed to log in. */
  authorizedKeys: Array<string | Buffer>;
  /** Commands run as `bash -c` in `cwd`; `env` replaces the inherited environment entirely. */
  shell: { cwd: string; env: Record<string, string> };
  /** Port on 127.0.0.1; 0 (default) picks a free one. A fixed port lets a restarted host keep its address. */
  port?: number;
};

/** A running in-process host. */
export type EmbeddedServer = {
  port: number;
  /** `SHA256:…` of the host key, for the client's embedded trust. */
  fingerprint: string;
  /** `ssh-ed25519 AAAA…`: the host key as a known_hosts line would carry it. */
  hostPublicKey: string;
  /** The host key in use, so a restart can keep the same identity. */
  hostKey: string | Buffer;
  /** Closes the listener and drops every connection (their commands are killed). */
  stop(): Promise<void>;
};

/** A fresh ed25519 key pair in OpenSSH format (host keys and sandbox client keys). */
export function generateKeyPair(comment = 'chom-console'): { privateKey: string; publicKey: string } {
  // ssh2 1.17 drops a leading zero byte of the ed25519 public key (about 1 key in 128), producing a key that
  // neither ssh2 nor OpenSSH can parse: generate again until both halves parse.
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const pair = utils.generateKeyPairSync('ed25519', { comment });
    if (!(utils.parseKey(pair.private) instanceof Error) && !(utils.parseKey(pair.public) instanceof Error)) {
      return { privateKey: pair.private, publicKey: pair.public };
    }
  }
  throw new Error('could not generate a usable ed25519 key pair');
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function runExec(
  channel: ServerChannel,
  session: Session,
  command: string,
  shell: EmbeddedServerOptions['shell'],
): void {
  // --norc: Node's stdio is a socketpair, which makes bash believe sshd started it and source ~/.bashrc.
  const child = spawn('bash', ['--norc', '--noprofile', '-c', command], {
    cwd: shell.cwd,
    env: shell.env,
    detached: true,
    stdio: 'pipe',
  });
  let exited = false;
  const onSignal = (accept: (() => void) | undefined, _reject: unknown, info: { name: string }): void => {
    accept?.();
    killGroup(child.pid, `SIG${info.name.replace(/^SIG/, '')}` as NodeJS.Signals);
  };
  session.on('signal', onSignal);
  child.stdin.on('error', () => undefined);
  channel.on('data', (chunk: Buffer) => child.stdin.write(chunk));
  channel.on('end', () => child.stdin.end());
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr, { end: false });
  channel.on('close', () => {
    if (!exited) killGroup(child.pid, 'SIGKILL');
  });
  child.on('error', (error) => {
    channel.stderr.write(`bash: ${error.message}\n`);
  });
  child.on('close', (code, signal) => {
    exited = true;
    session.removeListener('signal', onSignal);
    try {
      if (signal) channel.exit(signal.replace(/^SIG/, ''), false, '');
      else channel.exit(code ?? 127);
      channel.end();
    } catch {
      // The client closed the channel first.
    }
  });
}

function authorize(client: Connection, allowed: ReturnType<typeof utils.parseKey>[]): void {
  client.on('authentication', (ctx) => {
    if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
    const key = allowed.find(
      (k) => !(k instanceof Error) && k.type === ctx.key.algo && k.getPublicSSH().equals(ctx.key.data),
    );
    if (!key || key instanceof Error) return ctx.reject(['publickey']);
    // Without a signature the client only asks whether the key would do; with one, it must verify.
    if (ctx.signature && key.verify(ctx.blob as Buffer, ctx.signature, ctx.hashAlgo) !== true)
      return ctx.reject(['publickey']);
    ctx.accept();
  });
}

export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const hostKey = options.hostKey ?? generateKeyPair('chom-embedded-host').privateKey;
  const parsedHost = utils.parseKey(hostKey);
  if (parsedHost instanceof Error) throw new Error(`embedded host key is unusable: ${parsedHost.message}`);
  const allowed = options.authorizedKeys.map((key) => utils.parseKey(key));
  const connections = new Set<Connection>();
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    connections.add(client);
    // ssh2 leaves Nagle on: ~44 ms per command otherwise.
    (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
    client.on('close', () => connections.delete(client));
    client.on('error', () => undefined);
    authorize(client, allowed);
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('env', (accept) => accept?.());
        session.on('pty', (_accept, reject) => reject?.());
        session.on('shell', (_accept, reject) => reject?.());
        session.on('exec', (accept, _reject, info) =>
          runExec(accept(), session, info.command, options.shell),
        );
        session.on('sftp', (accept) => serveSftp(accept(), options.shell.cwd));
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const publicBlob = parsedHost.getPublicSSH();
  return {
    port,
    fingerprint: fingerprintOf(publicBlob),
    hostPublicKey: `${parsedHost.type} ${publicBlob.toString('base64')}`,
    hostKey,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of connections) client.end();
        server.close(() => resolve());
      }),
  };
}
