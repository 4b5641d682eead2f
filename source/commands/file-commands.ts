// File helpers shared by upload and config: staging, backup, atomic install, checksum, restore.
import { quote } from '../lib/shell-quote.js';
import { asRootWhen } from './privilege.js';
import { assertToken, type RemoteCommand } from './remote-command.js';

/** A private staging directory on the host for this run (files are validated there before going live). */
export function stagingDir(runId: string): string {
  assertToken(runId, 'staging directory');
  return `/tmp/chom-console-${runId}`;
}

/** The backup name of a file overwritten by this run. */
export const backupPath = (path: string, runId: string): string => `${path}.bak-${runId}`;

export function buildMakeStaging(host: string, runId: string): RemoteCommand {
  const dir = stagingDir(runId);
  return {
    host,
    script: `umask 077 && mkdir -p -- ${quote(dir)} && chmod 700 -- ${quote(dir)}`,
    sensitive: false,
    description: `create the staging directory ${dir}`,
  };
}

/** Copies the current file to `<path>.bak-<run id>` (keeping mode and owner); prints `backed-up` or `absent`. */
export function buildBackup(host: string, path: string, runId: string, root: boolean): RemoteCommand {
  const script = [
    `if [ -e ${quote(path)} ]; then`,
    `  cp -p -- ${quote(path)} ${quote(backupPath(path, runId))} && echo backed-up`,
    'else',
    '  echo absent',
    'fi',
  ].join('\n');
  return { host, script: asRootWhen(script, root), sensitive: false, description: `back up ${path}` };
}

export type InstallArgs = { from: string; to: string; mode: string; owner?: string; runId: string };

/** Installs a staged file: copy next to the target with mode/owner, then rename over it (atomic). */
export function buildInstall(host: string, args: InstallArgs): RemoteCommand {
  const tmp = `${args.to}.tmp-${args.runId}`;
  const owner = args.owner ? ` -o ${quote(args.owner)}` : '';
  const script = `install -m ${quote(args.mode)}${owner} -- ${quote(args.from)} ${quote(tmp)} && mv -f -- ${quote(tmp)} ${quote(args.to)}`;
  return {
    host,
    script: asRootWhen(script, args.owner !== undefined),
    sensitive: false,
    description: `install ${args.to} (mode ${args.mode}${args.owner ? `, owner ${args.owner}` : ''})`,
  };
}

/** Prints the sha256 of a file (hex only). */
export function buildChecksum(host: string, path: string): RemoteCommand {
  return {
    host,
    script: `sha256sum -- ${quote(path)} | cut -d' ' -f1`,
    sensitive: false,
    description: `sha256 of ${path}`,
  };
}

/** Puts the backup back (or removes a file that did not exist before this run). */
export function buildRestore(host: string, path: string, runId: string, root: boolean): RemoteCommand {
  const backup = quote(backupPath(path, runId));
  const tmp = quote(`${path}.tmp-${runId}`);
  const script = [
    `if [ -e ${backup} ]; then`,
    `  cp -p -- ${backup} ${tmp} && mv -f -- ${tmp} ${quote(path)} && echo restored`,
    'else',
    `  rm -f -- ${quote(path)} && echo removed`,
    'fi',
  ].join('\n');
  return {
    host,
    script: asRootWhen(script, root),
    sensitive: false,
    description: `restore ${path} from its backup`,
  };
}

export function buildRemove(host: string, path: string): RemoteCommand {
  return { host, script: `rm -rf -- ${quote(path)}`, sensitive: false, description: `remove ${path}` };
}
