// The `upload` action: back up the previous file, send the new one over SFTP (sha256 verified on the host),
// and, when an owner is asked for, install it as root from a private staging directory.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { buildChecksum, buildInstall, buildRemove, stagingDir } from '../../commands/file-commands.js';
import type { UploadAction } from '../../profile/schema.js';
import type { ActionOutput } from './action-result.js';
import { backUp, pruneBackups } from '../run/backup-set.js';
import { execRemote, mustSucceed, connected } from '../run/exec-command.js';
import { stepFailure } from '../run/failure.js';
import type { StepContext } from '../run/run-context.js';
import { prepareStaging } from '../run/staging.js';

export async function uploadAction(ctx: StepContext, action: UploadAction): Promise<ActionOutput> {
  const { scope } = ctx.run;
  const host = ctx.step.host;
  const source = scope.render(action.source, 'plain');
  const repo = scope.variable('repo');
  const local = isAbsolute(source)
    ? source
    : join(typeof repo === 'string' ? repo : ctx.run.profileDir, source);
  const to = scope.render(action.to, 'plain');
  let data: Buffer;
  try {
    data = await readFile(local);
  } catch (error) {
    throw stepFailure(
      ctx,
      `cannot read ${local}: ${(error as Error).message}`,
      'check the `repo` var and the source path in the profile',
    );
  }
  const sha256 = createHash('sha256').update(data).digest('hex');
  const root = action.owner !== undefined;
  if (action.backup) await backUp(ctx, { path: to, root });
  const mode = Number.parseInt(action.mode, 8);
  const transport = await connected(ctx, host);
  if (!root) {
    const sent = await transport.upload({ data, remotePath: to, mode, signal: ctx.run.signal });
    if (sent.sha256 !== sha256)
      throw stepFailure(ctx, `${to}: sha256 ${sent.sha256} on the host, ${sha256} here`, 'retry the upload');
    emitUpload(ctx, to, data.length);
    if (action.backup) await pruneBackups(ctx, { path: to, root });
    return { output: sha256 };
  }
  await prepareStaging(ctx);
  const staged = `${stagingDir(ctx.run.runId)}/${basename(to)}`;
  await transport.upload({ data, remotePath: staged, mode: 0o600, signal: ctx.run.signal });
  emitUpload(ctx, staged, data.length);
  try {
    await mustSucceed(
      ctx,
      buildInstall(host, { from: staged, to, mode: action.mode, owner: action.owner!, runId: ctx.run.runId }),
      `install ${to}`,
    );
    const check = await mustSucceed(ctx, buildChecksum(host, to), `checksum ${to}`);
    if (check.trim() !== sha256)
      throw stepFailure(ctx, `${to}: sha256 ${check.trim()} on the host, ${sha256} here`, 'retry the upload');
  } finally {
    await execRemote(ctx, buildRemove(host, staged)).catch(() => undefined);
  }
  if (action.backup) await pruneBackups(ctx, { path: to, root });
  return { output: sha256 };
}

function emitUpload(ctx: StepContext, path: string, bytes: number): void {
  ctx.run.emit({
    type: 'command-finished',
    host: ctx.step.host,
    stepId: ctx.step.id,
    command: `sftp put ${path} (${bytes} bytes)`,
    exitCode: 0,
    signal: null,
    durationMs: 0,
  });
}
