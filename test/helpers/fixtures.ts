// Real CHOM configuration files of two commits (copied from the project's shared fixtures, so a clone is
// self-contained): `chomConfig('bb283db', 'alertmanager.yml')`.
import { fileURLToPath } from 'node:url';

/** Path of a real CHOM config file at commit 7f572d2 or bb283db. */
export function chomConfig(commit: '7f572d2' | 'bb283db', file: string): string {
  return fileURLToPath(new URL(`../fixtures/chom-config/${commit}/${file}`, import.meta.url));
}
