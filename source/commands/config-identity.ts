// The live config files' identities on one host, read-only: one line per file, its sha256 or `absent`. Run as
// root (the files belong to the service user); nothing is written, nothing of a file's text leaves the host.
import { asUser } from './privilege.js';
import type { RemoteCommand } from './remote-command.js';
import { quoteAll } from '../lib/shell-quote.js';

/** Prints one line per path, in order: the file's sha256, or `absent`. */
export function buildConfigIdentity(host: string, paths: readonly string[]): RemoteCommand {
  return {
    host,
    script: asUser(configIdentityScript(paths), 'root'),
    sensitive: false,
    description: `sha256 of ${paths.length} live config file${paths.length === 1 ? '' : 's'}`,
  };
}

/** The read itself, before it is wrapped to run as root (a batch runs its root reads under one sudo). */
export function configIdentityScript(paths: readonly string[]): string {
  return [
    `for f in ${quoteAll(paths)}; do`,
    '  if [ -e "$f" ]; then sha256sum < "$f" | cut -d" " -f1; else echo absent; fi',
    'done',
  ].join('\n');
}
