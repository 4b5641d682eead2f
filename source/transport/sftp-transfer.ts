// Uploads land atomically and verified: written to a temporary name beside the target, chmod-ed, checked with
// sha256sum on the host, and only then renamed into place (a rename, so readers never see half a file).
import { createHash, randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { SFTPWrapper } from 'ssh2';
import type { ExecContext } from './ssh-exec.js';
import { lostError, runExec } from './ssh-exec.js';
import { quote } from '../lib/shell-quote.js';
import { TransportError, type UploadRequest, type UploadResult } from './transport.js';

function sftpError(host: string, what: string, path: string, error: unknown): TransportError {
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError(
    'sftp',
    `${host}: ${what} ${path} failed: ${message}`,
    'Check that the directory exists and is writable by the SSH user.',
  );
}

function call<T>(run: (done: (error: Error | null | undefined, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    run((error, value) => (error ? reject(error) : resolve(value as T))),
  );
}

/** Opens an SFTP session inside a pool slot, runs `work`, and closes it; aborting ends the session. */
async function withSftp<T>(
  ctx: ExecContext,
  signal: AbortSignal | undefined,
  work: (sftp: SFTPWrapper) => Promise<T>,
): Promise<T> {
  const aborted = (): TransportError => new TransportError('aborted', `${ctx.host}: file transfer cancelled`);
  if (signal?.aborted) throw aborted();
  return ctx.pool.run(
    async () => {
      const sftp = await call<SFTPWrapper>((done) => ctx.client.sftp(done)).catch((error: unknown) => {
        if (ctx.isLost()) throw lostError(ctx.host);
        throw sftpError(ctx.host, 'opening SFTP for', '', error);
      });
      return new Promise<T>((resolve, reject) => {
        const stopLost = ctx.onLost(reject);
        const onAbort = (): void => reject(aborted());
        signal?.addEventListener('abort', onAbort, { once: true });
        work(sftp)
          .then(resolve, reject)
          .finally(() => {
            stopLost();
            signal?.removeEventListener('abort', onAbort);
            sftp.end();
          });
      });
    },
    { signal },
  );
}

export async function uploadFile(ctx: ExecContext, request: UploadRequest): Promise<UploadResult> {
  const target = request.remotePath;
  const sha256 = createHash('sha256').update(request.data).digest('hex');
  const temp = posix.join(
    posix.dirname(target),
    `.${posix.basename(target)}.chom-${randomBytes(4).toString('hex')}`,
  );
  await withSftp(ctx, request.signal, async (sftp) => {
    await call((done) => sftp.writeFile(temp, request.data, { mode: request.mode, flag: 'wx' }, done)).catch(
      (error: unknown) => {
        throw sftpError(ctx.host, 'writing', temp, error);
      },
    );
    // The mode given at open is filtered by the server's umask; chmod sets it exactly.
    await call((done) => sftp.chmod(temp, request.mode, done)).catch((error: unknown) => {
      throw sftpError(ctx.host, 'chmod of', temp, error);
    });
  });
  const q = { temp: quote(temp), target: quote(target) };
  const verify = await runExec(ctx, {
    command: `h=$(sha256sum -- ${q.temp}) || exit 3\nh=\${h%% *}\nif [ "$h" != ${sha256} ]; then rm -f -- ${q.temp}; echo "$h"; exit 4; fi\nmv -f -- ${q.temp} ${q.target} && echo "$h"`,
    ...(request.signal && { signal: request.signal }),
  });
  const remoteHash = verify.stdout.trim();
  if (verify.code === 4) {
    throw new TransportError(
      'checksum',
      `${ctx.host}: upload of ${target} is corrupt: local sha256 ${sha256}, on the host ${remoteHash}; the live file was not replaced`,
      'Retry the upload; if it persists, check the disk and the network path to the host.',
    );
  }
  if (verify.code !== 0) {
    throw new TransportError(
      'sftp',
      `${ctx.host}: could not verify and move ${temp} to ${target} (exit ${verify.code}): ${verify.stderr.trim()}`,
      'Check that sha256sum exists on the host and that the directory is writable.',
    );
  }
  return { sha256, bytes: request.data.length };
}

export function downloadFile(ctx: ExecContext, remotePath: string, signal?: AbortSignal): Promise<Buffer> {
  return withSftp(ctx, signal, (sftp) =>
    call<Buffer>((done) => sftp.readFile(remotePath, done)).catch((error: unknown) => {
      throw sftpError(ctx.host, 'reading', remotePath, error);
    }),
  );
}
