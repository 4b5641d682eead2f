// The names a script's `env` may not take: the prelude assigns them before the script's first line, so a name
// the shell, sudo or ssh gives a meaning (PATH, IFS, HOME, …) would change how the script itself runs.

const reserved = new Set([
  'CDPATH',
  'COLUMNS',
  'EDITOR',
  'ENV',
  'EUID',
  'FUNCNAME',
  'GLOBIGNORE',
  'GROUPS',
  'HISTFILE',
  'HOME',
  'HOSTNAME',
  'IFS',
  'LANG',
  'LINENO',
  'LINES',
  'LOGNAME',
  'MAIL',
  'OLDPWD',
  'OPTARG',
  'OPTIND',
  'PATH',
  'PIPESTATUS',
  'POSIXLY_CORRECT',
  'PPID',
  'PS1',
  'PS2',
  'PS3',
  'PS4',
  'PWD',
  'RANDOM',
  'SECONDS',
  'SHELL',
  'SHELLOPTS',
  'SHLVL',
  'TERM',
  'TMPDIR',
  'TZ',
  'UID',
  'UMASK',
  'USER',
]);
const reservedPrefixes = ['BASH', 'LC_', 'SUDO_', 'SSH_', 'LD_', 'HIST', 'EPOCH'];

/** Why a name cannot be an env name of a script; undefined when it can. */
export function reservedEnvName(name: string): string | undefined {
  const prefix = reservedPrefixes.find((start) => name.startsWith(start));
  if (!reserved.has(name) && prefix === undefined) return undefined;
  const which = prefix === undefined ? name : `${prefix}*`;
  return `expected a name of the script's own, found ${name}: the shell or the system gives ${which} a meaning; choose another (e.g. APP_${name})`;
}
