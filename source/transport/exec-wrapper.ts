// How a command travels: wrapped so the client learns the remote process group, because OpenSSH does not kill a
// pty-less command when its channel closes (and may ignore signal requests). With the group id the transport can
// end the whole command, children included, from a second channel.
import { quote } from '../lib/shell-quote.js';

/** Marker line the wrapper writes first on stderr; the exec strips it before the caller sees stderr. */
export const PGID_MARKER = '\u001echom-pgid:';

/**
 * The login shell runs the session as its own process group ($$ is the group id under OpenSSH and the embedded
 * host). Bash evaluates the script in place (no extra process); another login shell hands it to bash.
 */
export function wrapCommand(command: string): string {
  const quoted = quote(command);
  return `printf '${PGID_MARKER}%s\\n' "$$" >&2\nif [ -n "\${BASH_VERSION:-}" ]; then eval ${quoted}; else exec bash -c ${quoted}; fi`;
}

/** Last line of {@link endCommandScript}'s output when nothing of the command is left. */
export const ENDED_LINE = 'chom-ended';
/** Prefix of the last line when processes are left: `chom-left PID USER ARGS` per survivor, after it. */
export const LEFT_LINE = 'chom-left';

/**
 * Ends everything a command started, from another channel, and says whether anything is left. The group alone is
 * not enough: a process that called setsid (a daemonising tool, sudo with use_pty) leaves the group but stays
 * the shell's descendant, and killing the shell first would orphan it to init where no one finds it. So: the
 * group, the session and every descendant of the session's shell, frozen (STOP) before they are killed so none
 * can fork or be reparented in between; a survivor (a process of another user, started through sudo) gets
 * `sudo -n kill` when sudo answers without a password. Zombies count as gone. The script's own processes run in
 * another session and are never in the set.
 */
export function endCommandScript(pgid: number): string {
  return [
    `root=${pgid}`,
    'members() {',
    '  ps -e -o pid=,ppid=,pgid=,sid=,stat= 2>/dev/null | awk -v root="$root" -v self="$$" \'',
    '    { pid[NR] = $1; ppid[NR] = $2; pg[NR] = $3; sid[NR] = $4; st[NR] = $5 }',
    '    END {',
    '      for (i = 1; i <= NR; i++) if (pid[i] == root || pg[i] == root || sid[i] == root) mark[pid[i]] = 1',
    '      do { grew = 0',
    '        for (i = 1; i <= NR; i++) if (!(pid[i] in mark) && (ppid[i] in mark)) { mark[pid[i]] = 1; grew = 1 }',
    '      } while (grew)',
    '      for (i = 1; i <= NR; i++) if ((pid[i] in mark) && pid[i] != self && st[i] !~ /^Z/) print pid[i]',
    "    }'",
    '}',
    'for round in 1 2 3 4 5; do',
    '  pids=$(members)',
    '  [ -n "$pids" ] || break',
    '  kill -STOP $pids 2>/dev/null',
    '  kill -KILL $pids 2>/dev/null',
    '  left=$(members)',
    '  if [ -n "$left" ] && sudo -n true 2>/dev/null; then sudo -n kill -KILL $left 2>/dev/null; fi',
    'done',
    'left=$(members)',
    `if [ -z "$left" ]; then echo ${ENDED_LINE}; exit 0; fi`,
    `for pid in $left; do printf '${LEFT_LINE} %s\\n' "$(ps -o pid=,user=,args= -p "$pid" 2>/dev/null | head -c 200)"; done`,
    'true',
  ].join('\n');
}
