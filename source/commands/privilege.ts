// Wrapping a script so it runs as another user through sudo, non-interactively (`-n`: never prompt).
import { quote } from '../lib/shell-quote.js';

/** `sudo -n -u USER bash -c SCRIPT`; `root` gives `sudo -n bash -c SCRIPT`; no user: the script itself. */
export function asUser(script: string, user: string | undefined): string {
  if (user === undefined || user === '') return script;
  if (user === 'root') return `sudo -n bash -c ${quote(script)}`;
  return `sudo -n -u ${quote(user)} bash -c ${quote(script)}`;
}

/** Runs as root when the step asks for an owner (chown/install -o need root), else as the login user. */
export function asRootWhen(script: string, root: boolean): string {
  return root ? asUser(script, 'root') : script;
}
