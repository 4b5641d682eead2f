// Read-only commands that compare a rendered file with the live one: the live text (a non-secret config,
// for its diff) and a byte comparison with content on stdin (a secret file: its text never comes back).
import { quote } from '../lib/shell-quote.js';
import { asRootWhen } from './privilege.js';
import type { RemoteCommand } from './remote-command.js';

/** Exit code of the commands below when the live file does not exist. */
export const absentExit = 3;

/** Prints the live file (exit 3: absent); as root when the file has an owner the login user may not read as. */
export function buildReadLive(host: string, path: string, root: boolean): RemoteCommand {
  const p = quote(path);
  return {
    host,
    script: asRootWhen(`if [ -e ${p} ]; then cat -- ${p}; else exit ${absentExit}; fi`, root),
    sensitive: false,
    description: `read the live ${path}`,
  };
}

/** Exit 0 when the live file is byte-identical to stdin, 1 when it differs, 3 when absent. */
export function buildSameAsStdin(host: string, path: string, content: string, root: boolean): RemoteCommand {
  const p = quote(path);
  return {
    host,
    script: asRootWhen(`if [ -e ${p} ]; then cmp -s -- ${p} -; else exit ${absentExit}; fi`, root),
    stdin: content,
    sensitive: true,
    description: `compare the live ${path} with the rendered one`,
  };
}

/** Prints the KEY names of a dotenv file (never a value; exit 3: absent). */
export function buildEnvKeys(host: string, path: string): RemoteCommand {
  const p = quote(path);
  return {
    host,
    script: `if [ -e ${p} ]; then sed -n 's/^[[:space:]]*\\(export[[:space:]]\\+\\)\\?\\([A-Za-z_][A-Za-z0-9_]*\\)[[:space:]]*=.*/\\2/p' -- ${p}; else exit ${absentExit}; fi`,
    sensitive: false,
    description: `the key names of ${path}`,
  };
}
