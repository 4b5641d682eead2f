// How a command travels: wrapped so the client learns the remote process group, because OpenSSH does not kill a
// pty-less command when its channel closes (and may ignore signal requests). With the group id the transport can
// end the whole command, children included, from a second channel.

/** Marker line the wrapper writes first on stderr; the exec strips it before the caller sees stderr. */
export const PGID_MARKER = '\u001echom-pgid:';

/** Single-quotes a string for bash/sh. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The login shell runs the session as its own process group ($$ is the group id under OpenSSH and the embedded
 * host). Bash evaluates the script in place (no extra process); another login shell hands it to bash.
 */
export function wrapCommand(command: string): string {
  const quoted = shellQuote(command);
  return `printf '${PGID_MARKER}%s\\n' "$$" >&2\nif [ -n "\${BASH_VERSION:-}" ]; then eval ${quoted}; else exec bash -c ${quoted}; fi`;
}

/** The command that ends a whole process group (KILL: a timeout or a cancel does not negotiate). */
export function killGroupCommand(pgid: number): string {
  return `kill -KILL -- -${pgid} 2>/dev/null; true`;
}
