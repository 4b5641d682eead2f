// File helpers shared by upload and config: staging, backup, atomic install, checksum, restore.
import { quote } from '../lib/shell-quote.js';
import { asRootWhen } from './privilege.js';
import { assertToken, type RemoteCommand } from './remote-command.js';

/** A private staging directory on the host for this run (files are validated there before going live). */
export function stagingDir(runId: string): string {
  assertToken(runId, 'staging directory');
  return `/tmp/chom-console-${runId}`;
}

/**
 * The backup name of a file overwritten by a deploy. `backupRun` is the run that owns the backup set: the
 * deploy's first run, also when a resume re-runs the step (its "backup" would copy the already-new file).
 */
const backupPath = (path: string, backupRun: string): string => `${path}.bak-${backupRun}`;

export function buildMakeStaging(host: string, runId: string): RemoteCommand {
  const dir = stagingDir(runId);
  return {
    host,
    script: `umask 077 && mkdir -p -- ${quote(dir)} && chmod 700 -- ${quote(dir)}`,
    sensitive: false,
    description: `create the staging directory ${dir}`,
  };
}

/** Removes the staging directories of earlier runs (a killed or interrupted run leaves its own behind). */
export function buildRemoveStaging(host: string, runIds: readonly string[]): RemoteCommand {
  const dirs = runIds.map((id) => quote(stagingDir(id)));
  return {
    host,
    script: [
      `for dir in ${dirs.join(' ')}; do`,
      '  if [ -e "$dir" ]; then rm -rf -- "$dir" && echo "removed $dir"; fi',
      'done',
    ].join('\n'),
    sensitive: false,
    description: `remove the staging directories of ${runIds.length} earlier run(s)`,
  };
}

/** How a backup is taken: as root when the file has an owner; a secret's copy is root-only (0600). */
export type BackupKind = { root: boolean; secret?: boolean };

/**
 * Copies the current file to its backup name once per backup set; prints `kept` when that backup exists
 * already (an earlier attempt or the resumed run made it), `backed-up`, or `absent` (no file to back up).
 * A secret's backup is 0600 root:root (the live file is 0640 for its service's group).
 */
export function buildBackup(host: string, path: string, backupRun: string, kind: BackupKind): RemoteCommand {
  const backup = quote(backupPath(path, backupRun));
  const tmp = quote(`${path}.baktmp-${backupRun}`);
  const copy = kind.secret
    ? `install -m 0600${kind.root ? ' -o root -g root' : ''} -- ${quote(path)} ${tmp} && mv -f -- ${tmp} ${backup}`
    : `cp -p -- ${quote(path)} ${backup}`;
  const script = [
    `if [ -e ${backup} ]; then`,
    '  echo kept',
    `elif [ -e ${quote(path)} ]; then`,
    `  ${copy} && echo backed-up`,
    'else',
    '  echo absent',
    'fi',
  ].join('\n');
  return { host, script: asRootWhen(script, kind.root), sensitive: false, description: `back up ${path}` };
}

/**
 * Keeps the newest `keep` backups of a file (by run id, which sorts by time) and removes older ones; names
 * that are not run ids (a hand-made `.bak-old`) are left alone.
 */
export function buildPruneBackups(host: string, path: string, keep: number, root: boolean): RemoteCommand {
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`backups to keep: ${keep} is not a count >= 1`);
  const script = [
    'shopt -s nullglob; export LC_ALL=C',
    'backups=()',
    `for f in ${quote(path)}.bak-*; do`,
    '  case "${f##*.bak-}" in [0-9]*T[0-9]*Z-*) backups+=("$f") ;; esac',
    'done',
    `drop=$(( \${#backups[@]} - ${keep} ))`,
    'for f in "${backups[@]}"; do',
    '  [ "$drop" -gt 0 ] || break',
    '  rm -f -- "$f" && echo "removed ${f##*/}"',
    '  drop=$((drop - 1))',
    'done',
  ].join('\n');
  return {
    host,
    script: asRootWhen(script, root),
    sensitive: false,
    description: `keep the newest ${keep} backups of ${path}`,
  };
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

/**
 * Writes a secret straight from stdin into its final place (never staged in a file on the host): `cat` fills
 * a temporary name beside the target, created private (umask 077), which gets the final mode and owner and
 * is renamed over the target. (Not `install /dev/stdin`: opening /dev/stdin fails when stdin is a socket, as
 * some SSH servers give it.) Leftover temporary names of earlier runs (a kill between the two) go first.
 */
export function buildInstallSecret(
  host: string,
  args: Omit<InstallArgs, 'from'> & { content: string },
): RemoteCommand {
  const tmp = quote(`${args.to}.tmp-${args.runId}`);
  const chown = args.owner ? ` && chown -- ${quote(args.owner)} ${tmp}` : '';
  const script = [
    `rm -f -- ${quote(args.to)}.tmp-*`,
    'umask 077',
    `if cat > ${tmp} && chmod -- ${quote(args.mode)} ${tmp}${chown} && mv -f -- ${tmp} ${quote(args.to)}; then exit 0; fi`,
    `rm -f -- ${tmp}`,
    'exit 1',
  ].join('\n');
  return {
    host,
    script: asRootWhen(script, args.owner !== undefined),
    stdin: args.content,
    sensitive: true,
    description: `install ${args.to} from stdin (mode ${args.mode}${args.owner ? `, owner ${args.owner}` : ''})`,
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

/** How a file is restored: a secret is reinstalled with its live mode and owner (its backup is root-only). */
export type RestoreKind = { root: boolean; secret?: { mode: string; owner?: string } };

/** Puts the backup back (or removes a file that did not exist before this deploy). */
export function buildRestore(
  host: string,
  path: string,
  backupRun: string,
  kind: RestoreKind,
): RemoteCommand {
  const backup = quote(backupPath(path, backupRun));
  const tmp = quote(`${path}.tmp-${backupRun}`);
  const owner = kind.secret?.owner ? ` -o ${quote(kind.secret.owner)}` : '';
  const copy = kind.secret
    ? `install -m ${quote(kind.secret.mode)}${owner} -- ${backup} ${tmp}`
    : `cp -p -- ${backup} ${tmp}`;
  const script = [
    `if [ -e ${backup} ]; then`,
    `  ${copy} && mv -f -- ${tmp} ${quote(path)} && echo restored`,
    'else',
    `  rm -f -- ${quote(path)} && echo removed`,
    'fi',
  ].join('\n');
  return {
    host,
    script: asRootWhen(script, kind.root),
    sensitive: false,
    description: `restore ${path} from its backup`,
  };
}

/** Forgets a file this deploy created (its backup set recorded it as absent before the deploy). */
export function buildRemoveCreated(host: string, path: string, root: boolean): RemoteCommand {
  return {
    host,
    script: asRootWhen(`rm -f -- ${quote(path)} && echo removed`, root),
    sensitive: false,
    description: `remove ${path} (it did not exist before this deploy)`,
  };
}

export function buildRemove(host: string, path: string): RemoteCommand {
  return { host, script: `rm -rf -- ${quote(path)}`, sensitive: false, description: `remove ${path}` };
}
