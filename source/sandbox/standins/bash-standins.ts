// Stand-ins written in bash (no node start-up cost): sudo, journalctl, chown/chgrp, install, pgrep. Each is
// a list of lines; `$`-expansions are bash's, never JavaScript's.
import { bash } from './bash-text.js';
import { unitsBash } from './bash-units.js';

const sh = (lines: string[]): string => `${['#!/bin/bash', ...lines].join('\n')}\n`;

/** Accepts -n, -u USER, -g GROUP, -E, -H, -i, -s, --; runs the command as the world's owner. */
export const sudo = sh([
  '# chom-console sandbox: sudo stand-in. Every user is the world owner; the command runs unchanged.',
  'while [ $# -gt 0 ]; do',
  '  case "$1" in',
  '    -n|-E|-H|-S|-k|-i|-s|--non-interactive|--preserve-env|--preserve-env=*|--login|--shell) shift ;;',
  '    -u|-g|--user|--group) shift 2 ;;',
  '    -u*|-g*|--user=*|--group=*) shift ;;',
  '    -v|--validate) exit 0 ;;',
  '    --) shift; break ;;',
  '    -*) echo "sudo: option $1 is not supported by the chom-console sandbox" >&2; exit 1 ;;',
  '    *) break ;;',
  '  esac',
  'done',
  'if [ $# -eq 0 ]; then exec bash; fi',
  'exec "$@"',
]);

/** `journalctl -u UNIT [-n N] [-f] [--no-pager]`: the unit's log under <root>/var/log/journal. */
export const journalctl = (root: string): string =>
  sh([
    `log_dir='${root}/var/log/journal'`,
    'units=(); lines=10; follow=0',
    'while [ $# -gt 0 ]; do',
    '  case "$1" in',
    '    -u|--unit) units+=("${2%.service}"); shift 2 ;;',
    '    --unit=*) u="${1#--unit=}"; units+=("${u%.service}"); shift ;;',
    '    -n|--lines) lines="$2"; shift 2 ;;',
    '    --lines=*) lines="${1#--lines=}"; shift ;;',
    '    -f|--follow) follow=1; shift ;;',
    '    --no-pager|--no-hostname|-q|--quiet|-x|-e|-o|--output=*|--since=*|--until=*) shift ;;',
    '    --since|--until|--output) shift 2 ;;',
    '    -[a-z]*)',
    '      flags="${1#-}"; shift',
    '      case "$flags" in *f*) follow=1 ;; esac',
    '      case "$flags" in *u) units+=("${1%.service}"); shift ;; *n) lines="$1"; shift ;; esac ;;',
    '    *) shift ;;',
    '  esac',
    'done',
    '[ "$lines" = "all" ] && lines=+1',
    'files=()',
    'for u in "${units[@]}"; do files+=("$log_dir/$u.log"); done',
    '[ ${#files[@]} -eq 0 ] && files=("$log_dir"/*.log)',
    'existing=()',
    'for f in "${files[@]}"; do [ -f "$f" ] && existing+=("$f"); done',
    'if [ $follow -eq 1 ]; then',
    '  for f in "${files[@]}"; do mkdir -p "$log_dir"; touch "$f"; done',
    '  exec tail -q -n "$lines" -F "${files[@]}" 2>/dev/null',
    'fi',
    'if [ ${#existing[@]} -eq 0 ]; then echo "-- No entries --"; exit 0; fi',
    'tail -q -n "$lines" "${existing[@]}"',
  ]);

/** Ownership is not simulated (the sandbox has one user): checks the paths exist, changes nothing. */
export const chown = (name: string): string =>
  sh([
    `# chom-console sandbox: ${name} stand-in (one user owns the world; ownership is not simulated).`,
    'args=(); for a in "$@"; do case "$a" in -*) ;; *) args+=("$a") ;; esac; done',
    `[ \${#args[@]} -ge 2 ] || { echo "${name}: missing operand" >&2; exit 1; }`,
    'status=0',
    'for p in "${args[@]:1}"; do',
    `  [ -e "$p" ] || [ -L "$p" ] || { echo "${name}: cannot access '$p': No such file or directory" >&2; status=1; }`,
    'done',
    'exit $status',
  ]);

/** Real install(1) without -o/-g (no such users here). */
export const install = sh([
  '# chom-console sandbox: install stand-in, drops -o/-g (ownership is not simulated) and runs /usr/bin/install.',
  'args=()',
  'while [ $# -gt 0 ]; do',
  '  case "$1" in',
  '    -o|-g|--owner|--group) shift 2 ;;',
  '    --owner=*|--group=*) shift ;;',
  '    *) args+=("$1"); shift ;;',
  '  esac',
  'done',
  'exec /usr/bin/install "${args[@]}"',
]);

/** 5 pool workers (and a master unless the pattern names the pool) while php8.2-fpm is active. */
const pgrepFpm = bash(String.raw`
__fast() {
  local a pattern='' count=0 list=0 pids=() p
  __out='' __err='' __code=0
  for a in "$@"; do [[ $a == -* ]] || pattern=$a; done
  [[ $pattern =~ php-?fpm ]] || { __code=255; return 0; }
  for a in "$@"; do case $a in -c | --count) count=1 ;; -a | -l) list=1 ;; esac; done
  __unit php8.2-fpm || return 1
  if ((!u_missing)); then
    __status php8.2-fpm || return 1
    if [[ $u_state == active ]]; then
      [[ $pattern == *pool* ]] || pids=(1811)
      pids+=(1812 1813 1814 1815 1816)
    fi
  fi
  if ((count)); then __out="#{#pids[@]}"$'\n'
  else
    for p in "#{pids[@]}"; do
      if ((!list)); then __out+="$p"$'\n'
      elif ((p == 1811)); then __out+="$p php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)"$'\n'
      else __out+="$p php-fpm: pool www"$'\n'; fi
    done
  fi
  ((#{#pids[@]})) || __code=1
  return 0
}
if __fast "$@"; then printf '%s' "$__out"; exit "$__code"; fi
`);

/** php-fpm workers are simulated on landsraad (runtime/tools.js pgrep, in bash); the rest is the real pgrep. */
export const pgrep = (node: string, lib: string, root: string, host: string): string =>
  [
    '#!/bin/bash',
    'case "$*" in *php*fpm*) ;; *) exec /usr/bin/pgrep "$@" ;; esac',
    `__root='${root}'`,
    unitsBash,
    pgrepFpm,
    `CHOM_SANDBOX_ROOT='${root}' CHOM_SANDBOX_HOST='${host}' exec '${node}' '${lib}/main.js' pgrep "$@"`,
    '',
  ].join('\n');

/** A node stand-in: the world's runtime with this host's root. */
export const nodeTool = (node: string, lib: string, root: string, host: string, tool: string): string =>
  sh([
    `CHOM_SANDBOX_ROOT='${root}' CHOM_SANDBOX_HOST='${host}' exec '${node}' '${lib}/main.js' ${tool} "$@"`,
  ]);
