// One command on one channel: output streamed as lines and captured, stdin written then ended, exit code or
// signal, and the two ways a command can be cut short (timeout, AbortSignal), which end the remote process group.
import type { Client, ClientChannel } from 'ssh2';
import { openWithRetry, type ChannelPool } from './channel-pool.js';
import { createMarkerStripper, createOutputCapture } from './output-capture.js';
import { PGID_MARKER, wrapCommand } from './exec-wrapper.js';
import { TransportError, type ExecRequest, type ExecResult, type RemoteEnd } from './transport.js';

const DEFAULT_CAPTURE_LIMIT = 4 * 1024 * 1024;
/** How long to wait for the server to confirm a channel close we asked for before giving up on it. */
const CLOSE_GRACE_MS = 3_000;
/**
 * How long an interrupt waits for the wrapper's process-group line when it came first: the line is the first
 * thing the command writes, but on stderr, which sshd may forward after the first stdout lines.
 */
const PGID_WAIT_MS = 3_000;

/** What an exec needs from its connection. */
export type ExecContext = {
  host: string;
  client: Client;
  pool: ChannelPool;
  /** Subscribes to the loss of this connection; returns the unsubscribe. */
  onLost(listener: (error: TransportError) => void): () => void;
  isLost(): boolean;
  /**
   * Ends everything of a command (its group, session and descendants) from another channel, outside the pool
   * (it must not queue behind its victim), and says whether anything is left; bounded in time.
   */
  endGroup(pgid: number): Promise<RemoteEnd>;
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

function openExecChannel(ctx: ExecContext, command: string): Promise<OpenedExec> {
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

/** Calls `onAbort` when `signal` aborts; returns what undoes the listening. */
function listenAbort(signal: AbortSignal, onAbort: () => void): () => void {
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/** What {@link endOnceGroupKnown} reads of a running exec. */
type GroupWatch = {
  pgid: () => number | undefined;
  /** Whether the command's exit status arrived. */
  exited: () => boolean;
  /** Installs the callback the marker stripper calls once the group id arrives (or the command ends). */
  setWaiter: (waiter: (() => void) | undefined) => void;
};

/**
 * An interrupt that came before the command reported its process group: end the group once its id arrives,
 * or, when it never does, kill the channel and say the outcome is unknown.
 */
function endOnceGroupKnown(
  ctx: ExecContext,
  watch: GroupWatch,
  closeChannel: () => void,
): Promise<RemoteEnd> {
  return new Promise<RemoteEnd>((resolve) => {
    const fallback = setTimeout(() => {
      watch.setWaiter(undefined);
      closeChannel();
      resolve({
        kind: 'unknown',
        reason: 'the command never reported its process group; it was sent SIGKILL and its channel closed',
        check: 'ps -ef',
      });
    }, PGID_WAIT_MS);
    watch.setWaiter(() => {
      watch.setWaiter(undefined);
      clearTimeout(fallback);
      const pgid = watch.pgid();
      if (pgid !== undefined) resolve(ctx.endGroup(pgid).finally(closeChannel));
      else
        resolve(
          watch.exited()
            ? { kind: 'ended' }
            : {
                kind: 'unknown',
                reason: 'the channel closed before the command reported its process group',
                check: 'ps -ef',
              },
        );
    });
  });
}

export async function runExec(ctx: ExecContext, request: ExecRequest): Promise<ExecResult> {
  const started = performance.now();
  const aborted = (remoteEnd?: RemoteEnd): TransportError =>
    new TransportError(
      'aborted',
      `${ctx.host}: cancelled: ${summary(request.command)}`,
      undefined,
      remoteEnd,
    );
  if (request.signal?.aborted) throw aborted();
  let pgid: number | undefined;
  // What became of the command once it was cut short; settled before runExec returns or throws.
  let ending: Promise<RemoteEnd> | undefined;
  // A holder, not a `let`: it is set inside callbacks and read after the await.
  const cut: { why: Interruption } = { why: 'none' };

  const onChannel = async (): Promise<ExecResult> => {
    const { channel, exit: recorded } = await openExecChannel(ctx, wrapCommand(request.command));
    const limit = request.captureLimit ?? DEFAULT_CAPTURE_LIMIT;
    const stdout = createOutputCapture(limit, request.onStdout);
    const stderr = createOutputCapture(limit, request.onStderr);
    // Set while an interrupt waits for the process group to be known.
    let pgidKnown: (() => void) | undefined;
    const stripper = createMarkerStripper(
      PGID_MARKER,
      (id) => {
        pgid = id;
        pgidKnown?.();
      },
      (chunk) => stderr.push(chunk),
    );

    return new Promise<ExecResult>((resolve, reject) => {
      let settled = false;
      let graceTimer: NodeJS.Timeout | undefined;
      const cleanups: Array<() => void> = [];
      const settle = (outcome: { result: ExecResult } | { error: TransportError }): void => {
        if (settled) return;
        settled = true;
        // the command ended before its group was known: nothing is left to end when it exited by itself
        pgidKnown?.();
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
      // Channel signal and close come after the group is ended: OpenSSH's signal kills the session's group at
      // once, which would orphan a descendant that left the group (setsid) before the end script could find it.
      const closeChannel = (): void => {
        if (settled) return;
        sendSignal(channel, 'KILL');
        channel.close();
        graceTimer = setTimeout(finish, CLOSE_GRACE_MS);
      };
      const interrupt = (why: Interruption): void => {
        if (cut.why !== 'none' || settled) return;
        cut.why = why;
        if (pgid === undefined) {
          ending = endOnceGroupKnown(
            ctx,
            {
              pgid: () => pgid,
              exited: () => recorded.status !== undefined,
              setWaiter: (waiter) => (pgidKnown = waiter),
            },
            closeChannel,
          );
          return;
        }
        ending = ctx.endGroup(pgid).finally(closeChannel);
      };

      channel.on('data', (chunk: Buffer) => stdout.push(chunk));
      channel.stderr.on('data', (chunk: Buffer) => stripper.push(chunk));
      channel.on('close', finish);
      cleanups.push(ctx.onLost((error) => settle({ error })));
      if (request.timeoutMs !== undefined) {
        const timer = setTimeout(() => interrupt('timeout'), request.timeoutMs);
        cleanups.push(() => clearTimeout(timer));
      }
      if (request.signal) cleanups.push(listenAbort(request.signal, () => interrupt('aborted')));
      channel.end(request.stdin ?? undefined);
    });
  };

  const result = await ctx.pool.run(onChannel, { signal: request.signal });
  const remoteEnd = ending ? await ending : undefined;
  if (cut.why === 'aborted') throw aborted(remoteEnd);
  return remoteEnd ? { ...result, remoteEnd } : result;
}
