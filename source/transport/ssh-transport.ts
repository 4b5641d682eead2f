// The ssh2 Transport: one long-lived connection per host, reopened on the next call after it drops; commands
// share it through a pool of at most 8 channels.
import type { Client, ParsedKey } from 'ssh2';
import { createChannelPool, type ChannelPool } from './channel-pool.js';
import { endGroup } from './remote-end.js';
import { measureRoundTrip } from './round-trip.js';
import { downloadFile, uploadFile } from './sftp-transfer.js';
import { openConnection } from './ssh-connect.js';
import { lostError, runExec, type ExecContext } from './ssh-exec.js';
import { resolveTarget, type SshTransportOptions } from './ssh-target.js';

export type { SshTransportOptions } from './ssh-target.js';
import type {
  ConnectionInfo,
  ExecRequest,
  ExecResult,
  Transport,
  UploadRequest,
  UploadResult,
} from './transport.js';
import type { TransportError } from './transport.js';

type Live = {
  client: Client;
  info: ConnectionInfo;
  pool: ChannelPool;
  /** One extra channel for killing timed-out commands (OpenSSH allows 10 sessions; the pool uses 8). */
  urgent: ChannelPool;
  lost: boolean;
  listeners: Set<(e: TransportError) => void>;
};

type State =
  | { kind: 'idle' }
  | { kind: 'connecting'; pending: Promise<Live> }
  | { kind: 'connected'; live: Live }
  | { kind: 'lost' }
  | { kind: 'closed' };

export class SshTransport implements Transport {
  readonly host: string;
  private state: State = { kind: 'idle' };
  private readonly keyCache = new Map<string, ParsedKey | Error>();

  constructor(private readonly options: SshTransportOptions) {
    this.host = options.host;
  }

  status(): ReturnType<Transport['status']> {
    return this.state.kind;
  }

  async connect(): Promise<ConnectionInfo> {
    return (await this.live()).info;
  }

  async exec(request: ExecRequest): Promise<ExecResult> {
    return runExec(this.context(await this.live()), request);
  }

  async upload(request: UploadRequest): Promise<UploadResult> {
    return uploadFile(this.context(await this.live()), request);
  }

  async download(remotePath: string, signal?: AbortSignal): Promise<Buffer> {
    return downloadFile(this.context(await this.live()), remotePath, signal);
  }

  roundTrip(): Promise<number> {
    const live = this.state.kind === 'connected' && !this.state.live.lost ? this.state.live : undefined;
    return measureRoundTrip(this.host, live?.client);
  }

  /** Most channels this transport had open at once on its current connection (instrumentation). */
  peakChannels(): number {
    return this.state.kind === 'connected' ? this.state.live.pool.peak() : 0;
  }

  async close(): Promise<void> {
    const state = this.state;
    this.state = { kind: 'closed' };
    const live =
      state.kind === 'connected'
        ? state.live
        : state.kind === 'connecting'
          ? await state.pending.catch(() => undefined)
          : undefined;
    if (!live || live.lost) return;
    await new Promise<void>((resolve) => {
      live.client.once('close', () => resolve());
      live.client.end();
    });
  }

  private live(): Promise<Live> {
    const state = this.state;
    switch (state.kind) {
      case 'connected':
        return Promise.resolve(state.live);
      case 'connecting':
        return state.pending;
      case 'idle':
      case 'lost':
      case 'closed': {
        const pending = this.open();
        this.state = { kind: 'connecting', pending };
        pending.then(
          (live) => {
            if (this.state.kind === 'connecting' && this.state.pending === pending)
              this.state = live.lost ? { kind: 'lost' } : { kind: 'connected', live };
          },
          () => {
            if (this.state.kind === 'connecting' && this.state.pending === pending)
              this.state = { kind: 'idle' };
          },
        );
        return pending;
      }
      default: {
        const never: never = state;
        return never;
      }
    }
  }

  private async open(): Promise<Live> {
    const target = resolveTarget(this.options, this.keyCache);
    const { client, info } = await openConnection(target);
    const pool = createChannelPool(this.options.maxChannels ?? 8, this.host, this.options.onChannels);
    const live: Live = {
      client,
      info,
      pool,
      urgent: createChannelPool(1, this.host),
      lost: false,
      listeners: new Set(),
    };
    const onGone = (): void => {
      if (live.lost) return;
      live.lost = true;
      if (this.state.kind === 'connected' && this.state.live === live) this.state = { kind: 'lost' };
      for (const listener of [...live.listeners]) listener(lostError(this.host));
    };
    client.on('end', onGone);
    client.on('close', onGone);
    return live;
  }

  private context(live: Live): ExecContext {
    const ctx: ExecContext = {
      host: this.host,
      client: live.client,
      pool: live.pool,
      isLost: () => live.lost,
      onLost: (listener) => {
        live.listeners.add(listener);
        return () => live.listeners.delete(listener);
      },
      endGroup: (pgid) =>
        live.lost
          ? Promise.resolve({
              kind: 'unknown' as const,
              reason: `the connection to ${this.host} was lost`,
              check: `ps -o pid,user,args --sid ${pgid}`,
            })
          : endGroup(pgid, (command, timeoutMs) =>
              runExec(
                {
                  ...ctx,
                  pool: live.urgent,
                  endGroup: () => Promise.resolve({ kind: 'unknown', reason: 'nested', check: '' }),
                },
                { command, timeoutMs },
              ),
            ),
    };
    return ctx;
  }
}
