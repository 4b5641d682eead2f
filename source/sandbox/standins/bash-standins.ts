// Stand-ins written in bash (no node start-up cost): sudo, journalctl, chown/chgrp, install; and the
// wrappers of the node stand-ins (runtime/main.js), which ask the running sandbox's stand-in server first.
// Each is a list of lines; `$`-expansions are bash's, never JavaScript's.

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

/**
 * Asks the running sandbox's stand-in server (services/standin-server.ts) over bash's /dev/tcp: no process at
 * all. Any doubt (no port file, nothing listening, no answer, a query the server leaves to the stand-in)
 * returns 1, and the wrapper runs the node stand-in, the only other implementation.
 */
const ask = [
  '__ask() {',
  '  local port fd res rc',
  '  [[ -r $__port_file ]] && read -r port < "$__port_file" && [[ $port =~ ^[0-9]{1,5}$ ]] || return 1',
  '  exec {fd}<>"/dev/tcp/127.0.0.1/$port" || return 1',
  "  # this host's root first: a server of another sandbox that took over the port refuses to answer",
  `  printf '%s\\0' "$__root" "$@" >&"$fd" || { exec {fd}>&-; return 1; }`,
  '  # a port file left by a killed sandbox may name a port someone else listens on now: never wait long; and',
  '  # only a whole answer counts (read returns 1 at the end of the stream; a time out keeps a partial one)',
  '  IFS= read -r -t 5 -d \'\' -u "$fd" res; rc=$?',
  '  exec {fd}>&-',
  '  ((rc == 1)) || return 1',
  "  [[ $res =~ ^([0-9]{1,3})$'\\001' ]] || return 1",
  "  __code=${BASH_REMATCH[1]} res=${res#*$'\\001'}",
  "  __out=${res%%$'\\001'*} __err=${res#*$'\\001'}",
  '}',
];

/**
 * <root>/bin/TOOL for a node stand-in the server answers queries of (psql, systemctl, pgrep): the server's
 * answer while a sandbox runs, else `node main.js TOOL`. `before` runs first (pgrep hands what is not php-fpm
 * to the real pgrep).
 */
export const askingTool = (
  where: { node: string; lib: string; root: string; host: string; portFile: string },
  tool: string,
  before: string[] = [],
): string =>
  sh([
    `# chom-console sandbox: ${tool} stand-in. The running sandbox answers its queries; the rest runs in node.`,
    ...before,
    `__root='${where.root}' __port_file='${where.portFile}'`,
    ...ask,
    `if __ask ${tool} "$#" "$@" 2>/dev/null; then`,
    `  printf '%s' "$__out"`,
    `  printf '%s' "$__err" >&2`,
    '  exit "$__code"',
    'fi',
    `CHOM_SANDBOX_ROOT='${where.root}' CHOM_SANDBOX_HOST='${where.host}' exec '${where.node}' '${where.lib}/main.js' ${tool} "$@"`,
  ]);

/** php-fpm workers are simulated on landsraad (runtime/tools.js pgrep); the rest is the real pgrep. */
export const pgrepBefore = ['case "$*" in *php*fpm*) ;; *) exec /usr/bin/pgrep "$@" ;; esac'];

/** A node stand-in: the world's runtime with this host's root. */
export const nodeTool = (node: string, lib: string, root: string, host: string, tool: string): string =>
  sh([
    `CHOM_SANDBOX_ROOT='${root}' CHOM_SANDBOX_HOST='${host}' exec '${node}' '${lib}/main.js' ${tool} "$@"`,
  ]);
