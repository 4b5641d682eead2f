// The secret scan: every regular file under a directory whose bytes contain a secret (symlinks are not
// followed, so a world's links to system binaries are not read). Tests search for secrets, never trust.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files under `dir` (or `dir` itself) holding `secret`; `skip` prunes paths (directories or files). */
export function filesHolding(
  dir: string,
  secret: string,
  skip: (path: string) => boolean = () => false,
): string[] {
  const needle = Buffer.from(secret);
  const found: string[] = [];
  const visit = (path: string): void => {
    if (skip(path)) return;
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      return; // removed while scanning
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (stat.isFile()) {
      try {
        if (readFileSync(path).includes(needle)) found.push(path);
      } catch {
        // removed while scanning
      }
    }
  };
  visit(dir);
  return found.sort();
}

/** The staging directories of chom-console runs in the machine's /tmp (where hosts stage files). */
export function stagingDirs(): string[] {
  return readdirSync('/tmp')
    .filter((name) => name.startsWith('chom-console-'))
    .map((name) => join('/tmp', name));
}
