// The `config` action: render from the template on the host → stage → validate → back up → atomic move
// → reload → confirm the reload took effect; any failure after the backup restores it and reloads again.
// Secret files are never staged on the host: their content goes from the console's memory over stdin into
// the final file (a killed run must not leave a password in the host's /tmp).
import { basename } from 'node:path';
import {
  buildReadBeforeReload,
  buildReadMetric,
  parseBeforeReload,
  buildReload,
  reloadTimestampMetric,
  type ReloadSpec,
} from '../../commands/config-commands.js';
import { buildInstall, buildInstallSecret, buildRemove, stagingDir } from '../../commands/file-commands.js';
import { buildRunCommand } from '../../commands/run-command.js';
import type { ConfigAction } from '../../profile/schema.js';
import type { ActionOutput } from './action-result.js';
import { renderConfig, secretInValues } from './config-render.js';
import { configSpec } from './config-spec.js';
import { execRemote, mustSucceed, connected } from '../run/exec-command.js';
import { backUp, pruneBackups, restore, type BackedUpFile, type RestoreResult } from '../run/backup-set.js';
import { StepError, commandFailure, isTransportError, stepFailure } from '../run/failure.js';
import { neverReached, type LiveConfig } from '../run/live-state.js';
import type { StepContext } from '../run/run-context.js';
import { prepareStaging } from '../run/staging.js';

/** One file the action puts live: the staged config, or a secret written from memory. */
type LiveFile = { path: string; mode: string; owner?: string } & (
  { kind: 'staged'; staged: string } | { kind: 'secret'; content: string }
);

export async function configAction(ctx: StepContext, action: ConfigAction): Promise<ActionOutput> {
  const { scope, runId, redactor } = ctx.run;
  const host = ctx.step.host;
  const plain = (text: string): string => scope.render(text, 'plain');
  const target = plain(action.target);
  const dir = stagingDir(runId);
  const secretFiles = action.secret_files.map((file) => {
    const content = scope.render(file.content, 'stdin');
    redactor.add(content);
    return { ...file, path: plain(file.path), content };
  });
  const rendered = await render(ctx, action, plain, secretFiles);
  const staged = `${dir}/${basename(target)}`;
  scope.setBuiltin('staged', staged);
  const transport = await connected(ctx, host);
  await prepareStaging(ctx);
  try {
    await transport.upload({
      data: Buffer.from(rendered),
      remotePath: staged,
      mode: 0o600,
      signal: ctx.run.signal,
    });
    const validate = buildRunCommand({
      host,
      command: scope.render(action.validate, 'command', { staged }),
      description: 'validate the staged config',
    });
    const check = await execRemote(ctx, validate);
    if (check.result.code !== 0) {
      // Validators (amtool, promtool) print the reason on stdout: keep both streams in the tail.
      const output = { ...check.result, stderr: `${check.result.stdout}${check.result.stderr}` };
      throw commandFailure(
        ctx,
        check.shown,
        output,
        `${target}: the rendered config failed validation; nothing live was changed`,
        'read the validator output above, fix the values or the template, then retry',
      );
    }
    const live: LiveFile[] = [
      ...secretFiles.map((f): LiveFile => ({
        kind: 'secret',
        content: f.content,
        path: f.path,
        mode: f.mode,
        ...(f.owner ? { owner: f.owner } : {}),
      })),
      {
        kind: 'staged',
        staged,
        path: target,
        mode: action.mode,
        ...(action.owner ? { owner: action.owner } : {}),
      },
    ];
    await goLive(ctx, action, live);
    return { output: target };
  } finally {
    await execRemote(ctx, buildRemove(host, dir)).catch(() => undefined);
  }
}

async function render(
  ctx: StepContext,
  action: ConfigAction,
  plain: (text: string) => string,
  secretFiles: { path: string; reference?: string }[],
): Promise<string> {
  const templatePath = plain(action.template);
  let text: string;
  try {
    text = (await (await connected(ctx, ctx.step.host)).download(templatePath, ctx.run.signal)).toString(
      'utf8',
    );
  } catch (error) {
    throw stepFailure(
      ctx,
      `cannot read the template ${templatePath}: ${(error as Error).message}`,
      'stage the template first (upload step), then retry',
    );
  }
  const references = Object.fromEntries(
    secretFiles.filter((f) => f.reference).map((f) => [f.reference!, f.path]),
  );
  const spec = configSpec(action, plain, references);
  const holder = secretInValues(spec, (value) => ctx.run.redactor.redact(value) !== value);
  if (holder !== null) {
    throw stepFailure(
      ctx,
      `the value for ${holder} in ${basename(templatePath)} contains a secret (a secret form value, or a part of it)`,
      'a secret goes only into secret_files; if the value is right, choose a secret that does not occur in it',
    );
  }
  let rendered: string;
  try {
    rendered = renderConfig(text, spec);
  } catch (error) {
    throw stepFailure(
      ctx,
      `cannot render ${templatePath}: ${(error as Error).message}`,
      'fix the `set` paths or values in the profile',
    );
  }
  return rendered;
}

/** How a live file is backed up and restored (a secret's backup is root-only; see backup-set.ts). */
function backedUp(file: LiveFile): BackedUpFile {
  const root = file.owner !== undefined;
  if (file.kind === 'staged') return { path: file.path, root };
  return { path: file.path, root, secret: { mode: file.mode, ...(file.owner ? { owner: file.owner } : {}) } };
}

function installCommand(host: string, runId: string, file: LiveFile) {
  const args = { to: file.path, mode: file.mode, ...(file.owner ? { owner: file.owner } : {}), runId };
  switch (file.kind) {
    case 'staged':
      return buildInstall(host, { ...args, from: file.staged });
    case 'secret':
      return buildInstallSecret(host, { ...args, content: file.content });
  }
}

/**
 * Backs up (once per deploy), installs, reloads and confirms; on any failure restores every file as it was
 * before the deploy and reloads again. Once live, only the newest N deploys' backups of each file are kept.
 */
async function goLive(ctx: StepContext, action: ConfigAction, files: LiveFile[]): Promise<void> {
  const { runId, scope } = ctx.run;
  const host = ctx.step.host;
  const reload = reloadSpec(action, (t) => scope.render(t, 'plain'));
  const touched: LiveFile[] = [];
  /** Files whose install was sent (it may have changed them); `installed`: every install came back ok. */
  const sent: LiveFile[] = [];
  let installed = false;
  try {
    for (const file of files) {
      await backUp(ctx, backedUp(file));
      touched.push(file);
    }
    for (const file of files) {
      sent.push(file);
      await mustSucceed(ctx, installCommand(host, runId, file), `install ${file.path}`).catch(
        (error: unknown) => {
          if (neverReached(error)) sent.pop();
          throw error;
        },
      );
    }
    installed = true;
    remember(ctx, { kind: 'changed', stepId: ctx.step.id, host, files: files.map((f) => f.path) });
    // A HUP reload lands later: the success gauge still reads the previous reload's 1 until then, so the
    // confirmation waits for the success timestamp to move past the one read before the signal.
    const metricsUrl = action.confirm ? scope.render(action.confirm.metrics_url, 'plain') : '';
    const timestampMetric = action.confirm ? reloadTimestampMetric(action.confirm.metric) : null;
    const before =
      'signal' in reload && timestampMetric !== null && action.confirm
        ? parseBeforeReload(
            await mustSucceed(
              ctx,
              buildReadBeforeReload(host, metricsUrl, action.confirm.metric, timestampMetric),
              `read ${timestampMetric} before the reload`,
            ),
            timestampMetric,
          )
        : undefined;
    const reloadCommand = buildReload(host, reload);
    if (reloadCommand)
      await mustSucceed(ctx, reloadCommand, 'reload the service', 'the previous config is being restored');
    if (action.confirm) {
      const read = buildReadMetric(host, metricsUrl, action.confirm.metric, before);
      await mustSucceed(
        ctx,
        read,
        `confirm ${action.confirm.metric} = 1`,
        'the service rejected the new config; the previous one is being restored',
      );
    }
  } catch (error) {
    const restored: RestoreResult[] = [];
    for (const file of [...touched].reverse()) {
      const result = await restore(ctx, backedUp(file));
      if (sent.includes(file)) restored.push(result);
    }
    const again = buildReload(host, reload);
    if (again && touched.length > 0) await execRemote(ctx, again).catch(() => undefined);
    const left = afterRestore(ctx, sent, installed, restored, error);
    remember(ctx, left);
    if (error instanceof StepError) {
      throw new StepError({
        ...error.failure,
        message: `${error.failure.message}; ${restoreSaid(left)}`,
        hint: 'fix the cause, then retry the step',
      });
    }
    throw error;
  }
  for (const file of files) await pruneBackups(ctx, backedUp(file));
}

/** Records what the step left live (null: the files are as before the step) for the run's recovery account. */
function remember(ctx: StepContext, left: LiveConfig | null): void {
  if (left === null) ctx.run.memory.configured.delete(ctx.step.id);
  else ctx.run.memory.configured.set(ctx.step.id, left);
}

/**
 * What is live after a failure and the restore that followed, from the results that came back: nothing sent
 * or every restore ok → as before; every install ok and no restore reached the host → the new files;
 * anything else (an install or restore whose result never came back, or that failed) → unknown.
 */
function afterRestore(
  ctx: StepContext,
  sent: readonly LiveFile[],
  installed: boolean,
  restored: readonly RestoreResult[],
  error: unknown,
): LiveConfig | null {
  if (sent.length === 0 || restored.every((r) => r === 'restored')) return null;
  const base = { stepId: ctx.step.id, host: ctx.step.host, files: sent.map((f) => f.path) };
  if (installed && restored.every((r) => r === 'not-sent')) return { kind: 'changed', ...base };
  const step = ctx.step.id;
  const dropped = isTransportError(error) || ctx.run.signal.aborted;
  const cause = !installed
    ? dropped
      ? `the connection dropped during ${step} after its install was sent`
      : `an install of ${step} failed`
    : dropped
      ? `the connection dropped during ${step}`
      : `${step} failed after its install`;
  const restore = restored.includes('failed')
    ? 'restoring the previous files failed'
    : restored.includes('unknown')
      ? 'the restore did not come back'
      : 'the restore could not connect';
  return { kind: 'unknown', ...base, reason: `${cause}, and ${restore}` };
}

/** The end of a failure message: what the restore did, as its results say. */
function restoreSaid(left: LiveConfig | null): string {
  if (left === null) return 'the previous files were restored';
  switch (left.kind) {
    case 'changed':
      return 'the previous files could not be restored (no connection): the new ones are live';
    case 'unknown':
      return `${left.reason}: the new files may be live`;
    default: {
      const unreachable: never = left;
      return unreachable;
    }
  }
}

function reloadSpec(action: ConfigAction, plain: (text: string) => string): ReloadSpec {
  const reload = action.reload;
  if ('http' in reload) return { http: plain(reload.http) };
  return reload;
}
