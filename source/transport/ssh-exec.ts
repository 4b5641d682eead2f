// One command on one channel: output streamed as lines and captured, stdin written then ended, exit code or
// signal, and the two ways a command can be cut short (timeout, AbortSignal), which end the remote process group.
import type { Client, ClientChannel } from 'ssh2';
import { openWithRetry, type ChannelPool } from './channel-pool.js';
import { createMarkerStripper, createOutputCapture } from './output-capture.js';
import { PGID_MARKER, wrapCommand } from './remote-command.js';
import { TransportError, type ExecRequest, type ExecResult } from './transport.js';

const DEFAULT_CAPTURE_LIMIT = 4 * 1024 * 1024;
/** How long to wait for the server to confirm a channel close we asked for before giving up on it. */
const CLOSE_GRACE_MS = 3_000;

/** What an exec needs from its connection. */
export type ExecContext = {
  host: string;
  client: Client;
  pool: ChannelPool;
  /** Subscribes to the loss of this connection; returns the unsubscribe. */
  onLost(listener: (error: TransportError) => void): () => void;
  isLost(): boolean;
  /** Ends a remote process group from another channel (outside the pool: it must not queue behind its victim). */
  killGroup(pgid: number): Promise<void>;
};

type Interruption = 'none' | 'timeout' | 'aborted';

function summary(command: string): string {
  const first = command.trim().split('\n')[0] ?? '';
  return first.length > 60 ? `${first.slice(0, 57)}...` : first;
}

/**
 * ssh2's `channel.signal()` is silently dropped once stdin has been ended (the stream is no longer writable), and
 * stdin is always ended at once; so the request goes straight to the protocol while the channel is open.
 */
function sendSignal(channel: ClientChannel, name: string): void {
  const raw = channel as unknown as {
    outgoing?: { id: number; state: string };
    _client?: { _protocol?: { signal(id: number, name: string): void } };
  };
  try {
    if (raw.outgoing?.state === 'open' || raw.outgoing?.state === 'eof')
      raw._client?._protocol?.signal(raw.outgoing.id, name);
    else channel.signal(name);
  } catch {
    // The channel is already closing: the group kill still runs.
  }
}

/** An open exec channel and its exit status, recorded from the moment the channel exists. */
type OpenedExec = {
  channel: ClientChannel;
  exit: { status?: { code: number | null; signal: string | null } };
};

export function openExecChannel(ctx: ExecContext, command: string): Promise<OpenedExec> {
  return openWithRetry(
    () =>
      new Promise<OpenedExec>((resolve, reject) => {
        try {
          ctx.client.exec(command, (error, channel) => {
            if (error) return reject(error);
            // Synchronously: ssh2 may parse the exit-status in the same read, before a promise continuation runs.
            const opened: OpenedExec = { channel, exit: {} };
            channel.on('exit', (code: number | null, signal?: string) => {
              opened.exit.status = { code: typeof code === 'number' ? code : null, signal: signal ?? null };
            });
            resolve(opened);
          });
        } catch (error) {
          reject(error);
        }
      }),
  ).catch((error: unknown) => {
    if (error instanceof TransportError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (ctx.isLost() || /not connected|no response/i.test(message)) throw lostError(ctx.host);
    throw new TransportError(
      'channel',
      `${ctx.host}: could not open a channel: ${message}`,
      'Retry the step.',
    );
  });
}

export function lostError(host: string): TransportError {
  return new TransportError(
    'connection-lost',
    `connection to ${host} was lost while the command was running; its outcome is unknown`,
    `Check that ${host} is up; the next command reconnects.`,
  );
}

export async function runExec(ctx: ExecContext, request: ExecRequest): Promise<ExecResult> {
  const started = performance.now();
  const aborted = (): TransportError =>
    new TransportError('aborted', `${ctx.host}: cancelled: ${summary(request.command)}`);
  if (request.signal?.aborted) throw aborted();
  let pgid: number | undefined;
  let killing: Promise<unknown> = Promise.resolve();
  // A holder, not a `let`: it is set inside callbacks and read after the await.
  const cut: { why: Interruption } = { why: 'none' };

  const onChannel = async (): Promise<ExecResult> => {
    const { channel, exit: recorded } = await openExecChannel(ctx, wrapCommand(request.command));
    const limit = request.captureLimit ?? DEFAULT_CAPTURE_LIMIT;
    const stdout = createOutputCapture(limit, request.onStdout);
    const stderr = createOutputCapture(limit, request.onStderr);
    const stripper = createMarkerStripper(
      PGID_MARKER,
      (id) => (pgid = id),
      (chunk) => stderr.push(chunk),
    );

    return new Promise<ExecResult>((resolve, reject) => {
      let settled = false;
      let graceTimer: NodeJS.Timeout | undefined;
      const cleanups: Array<() => void> = [];
      const settle = (outcome: { result: ExecResult } | { error: TransportError }): void => {
        if (settled) return;
        settled = true;
        for (const cleanup of cleanups) cleanup();
        clearTimeout(graceTimer);
        if ('error' in outcome) reject(outcome.error);
        else resolve(outcome.result);
      };
      const finish = (): void => {
        const exit = recorded.status;
        stripper.flush();
        stdout.end();
        stderr.end();
        if (exit === undefined && cut.why === 'none') {
          // Closed without an exit status: either the connection went away or the server dropped the channel.
          setImmediate(() =>
            settle({
              error: ctx.isLost()
                ? lostError(ctx.host)
                : new TransportError('channel', `${ctx.host}: channel closed without an exit status`),
            }),
          );
          return;
        }
        settle({
          result: {
            code: exit?.code ?? null,
            signal: exit?.signal ?? (cut.why === 'none' ? null : 'SIGKILL'),
            stdout: stdout.text(),
            stderr: stderr.text(),
            truncated: stdout.truncated() || stderr.truncated(),
            timedOut: cut.why === 'timeout',
            durationMs: Math.round(performance.now() - started),
          },
        });
      };
      const interrupt = (why: Interruption): void => {
        if (cut.why !== 'none' || settled) return;
        cut.why = why;
        sendSignal(channel, 'KILL');
        if (pgid !== undefined) killing = ctx.killGroup(pgid).catch(() => undefined);
        channel.close();
        graceTimer = setTimeout(finish, CLOSE_GRACE_MS);
      };

      channel.on('data', (chunk: Buffer) => stdout.push(chunk));
      channel.stderr.on('data', (chunk: Buffer) => stripper.push(chunk));
      channel.on('close', finish);
      cleanups.push(ctx.onLost((error) => settle({ error })));
      if (request.timeoutMs !== undefined) {
        const timer = setTimeout(() => interrupt('timeout'), request.timeoutMs);
        cleanups.push(() => clearTimeout(timer));
      }
      if (request.signal) {
        const signal = request.signal;
        const onAbort = (): void => interrupt('aborted');
        signal.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener('abort', onAbort));
      }
      channel.end(request.stdin ?? undefined);
    });
  };

  const result = await ctx.pool.run(onChannel, { signal: request.signal });
  // The process group is gone once the kill command has run (sshd keeps the channel open while it lives).
  await killing;
  if (cut.why === 'aborted') throw aborted();
  return result;
}
