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

/**
 * Exit 0 when the live file is byte-identical to stdin AND has `mode` (and `owner` when given), 1 when not,
 * 3 when absent: an upload whose destination holds exactly this has nothing to stage.
 */
export function buildSameUpload(
  host: string,
  path: string,
  content: string,
  expect: { mode: string; owner?: string },
): RemoteCommand {
  const p = quote(path);
  // stat prints the mode without leading zeros (0644 → 644)
  const mode = Number.parseInt(expect.mode, 8).toString(8);
  const owner = expect.owner === undefined ? '' : ` && [ "$(stat -c %U -- ${p})" = ${quote(expect.owner)} ]`;
  return {
    host,
    script: `if [ -e ${p} ]; then cmp -s -- ${p} - && [ "$(stat -c %a -- ${p})" = ${mode} ]${owner}; else exit ${absentExit}; fi`,
    stdin: content,
    sensitive: false,
    description: `compare the staged ${path} with the local file`,
  };
}

/**
 * Every staged file of one host against its local bytes, by sha256 (nothing on stdin, so one exec answers all):
 * prints `same-upload INDEX CODE` per file, CODE as buildSameUpload exits (0 same, 1 differs, 3 absent).
 */
export function buildSameUploads(
  host: string,
  files: readonly { path: string; sha256: string; mode: string; owner?: string }[],
): RemoteCommand {
  const lines = files.map((file, index) => {
    const p = quote(file.path);
    const mode = Number.parseInt(file.mode, 8).toString(8);
    const owner = file.owner === undefined ? '' : ` && [ "$(stat -c %U -- ${p})" = ${quote(file.owner)} ]`;
    const same = `[ "$(sha256sum -- ${p} | cut -d' ' -f1)" = ${quote(file.sha256)} ] && [ "$(stat -c %a -- ${p})" = ${mode} ]${owner}`;
    return `if [ -e ${p} ]; then if ${same}; then c=0; else c=1; fi; else c=${absentExit}; fi; echo "same-upload ${index} $c"`;
  });
  return {
    host,
    script: lines.join('\n'),
    sensitive: false,
    description: `compare ${files.length} staged file(s) with the local ones`,
  };
}
