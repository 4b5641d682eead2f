// Opens one authenticated ssh2 connection: TCP with TCP_NODELAY (ssh2 leaves Nagle on: ~44 ms per command),
// host key verification, then agent/key login. Every failure becomes a TransportError naming the host.
import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Client as SshClient, ParsedKey } from 'ssh2';
import { installQuickAck } from './quick-ack.js';
import { Client } from './ssh2-runtime.js';
import { planAuth } from './ssh-auth.js';
import { decideTrust, type HostTrustSettings, type TrustDecision } from './host-verifier.js';
import { TransportError, type ConnectionInfo, type PassphraseGate } from './transport.js';

/** Everything needed to open one connection, already resolved from options and ~/.ssh/config. */
export type ConnectTarget = HostTrustSettings & {
  user: string;
  identityFiles: string[];
  agentSocket?: string;
  /** IdentitiesOnly: the agent offers only the identity files' keys. */
  identitiesOnly?: boolean;
  privateKeys?: Array<{ label: string; key: Buffer | string }>;
  passphraseGate?: PassphraseGate;
  keyCache: Map<string, ParsedKey | Error>;
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  /** Keepalives left unanswered before the connection counts as lost (ServerAliveCountMax). */
  keepaliveCountMax: number;
  /** Reached through this host (ProxyJump): a direct-tcpip channel from it carries the connection. */
  jump?: ConnectTarget;
};

/** A channel from the jump host to the target, used as the target connection's socket. */
async function openThroughJump(
  target: ConnectTarget,
  jump: ConnectTarget,
): Promise<{ socket: Duplex; hop: SshClient }> {
  const { client: hop } = await openConnection(jump);
  try {
    const socket = await new Promise<Duplex>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no answer within ${target.connectTimeoutMs} ms`)),
        target.connectTimeoutMs,
      );
      hop.forwardOut('127.0.0.1', 0, target.address, target.port, (error, channel) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(channel);
      });
    });
    return { socket, hop };
  } catch (error) {
    hop.end();
    throw unreachable(
      target,
      `${jump.host} cannot open a connection to ${target.address}:${target.port}: ${(error as Error).message}`,
    );
  }
}

function openSocket(target: ConnectTarget): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: target.address, port: target.port, noDelay: true });
    const where = `${target.address}:${target.port}`;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(unreachable(target, `no answer from ${where} within ${target.connectTimeoutMs} ms`));
    }, target.connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(unreachable(target, `cannot connect to ${where}: ${error.code ?? ''} ${error.message}`.trim()));
    });
  });
}

function unreachable(target: ConnectTarget, detail: string): TransportError {
  return new TransportError(
    'unreachable',
    `${target.host} is unreachable: ${detail}`,
    "Check the address and port (the profile's, else ~/.ssh/config's: `ssh -G ADDRESS` shows what ssh would use), that sshd runs on the host, and that no firewall is in the way.",
  );
}

/** Connects and authenticates; resolves with the ready client and what was verified. */
export async function openConnection(
  target: ConnectTarget,
): Promise<{ client: SshClient; info: ConnectionInfo }> {
  const started = performance.now();
  const { socket, hop } = target.jump
    ? await openThroughJump(target, target.jump)
    : { socket: await openSocket(target), hop: undefined };
  const client = new Client();
  // the jump connection lives exactly as long as the connection it carries
  if (hop) client.once('close', () => hop.end());
  const auth = planAuth({ ...target, host: target.host });
  let trust: TrustDecision | undefined;
  return new Promise((resolve, reject) => {
    const fail = (error: TransportError): void => {
      client.removeAllListeners('ready');
      client.end();
      socket.destroy();
      hop?.end();
      reject(error);
    };
    client.once('ready', () => {
      client.removeAllListeners('error');
      // Later errors always end in 'close', which the transport turns into connection-lost.
      client.on('error', () => undefined);
      if (!trust?.ok)
        return fail(new TransportError('host-key-unknown', `${target.host}: host key was not verified`));
      // sshd's small packets must not wait 40 ms on our delayed ACK (quick-ack.ts)
      installQuickAck(client, socket);
      const serverVersion = (client as unknown as { _remoteVer?: string })._remoteVer ?? '';
      resolve({
        client,
        info: {
          host: target.host,
          address: target.address,
          port: target.port,
          user: target.user,
          fingerprint: trust.fingerprint,
          trust: trust.trust,
          serverVersion,
          connectMs: Math.round(performance.now() - started),
        },
      });
    });
    client.on('error', (error: Error & { level?: string }) => {
      if (trust && !trust.ok) return fail(trust.error);
      if (error.level === 'client-authentication') {
        return fail(
          new TransportError(
            'auth-failed',
            `${target.user}@${target.address}:${target.port} (${target.host}) refused every login; tried: ${auth.describe()}`,
            `Add your public key to ~${target.user}/.ssh/authorized_keys on ${target.host}, load it into ssh-agent, or set the identity file in the profile.`,
          ),
        );
      }
      if (error.level === 'client-timeout') {
        return fail(unreachable(target, `SSH handshake with ${target.address}:${target.port} timed out`));
      }
      fail(
        unreachable(target, `SSH handshake with ${target.address}:${target.port} failed: ${error.message}`),
      );
    });
    client.connect({
      sock: socket,
      username: target.user,
      readyTimeout: target.connectTimeoutMs,
      keepaliveInterval: target.keepaliveIntervalMs,
      keepaliveCountMax: target.keepaliveCountMax,
      authHandler: auth.handler,
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        decideTrust(target, key).then(
          (decision) => {
            trust = decision;
            verify(decision.ok);
          },
          (error: unknown) => {
            trust = {
              ok: false,
              error: new TransportError('host-key-unknown', `${target.host}: ${String(error)}`),
            };
            verify(false);
          },
        );
      },
    });
  });
}
