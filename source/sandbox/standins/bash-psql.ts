// The `psql` stand-in's wrapper: `-A` (unaligned) runs of the SELECTs the runbook's checks and probes send
// (SELECT 1, to_regclass, count(*) or a column list FROM migrations/system_settings with one `=`/`LIKE 'x%'`
// condition and ORDER BY) are answered by ONE jq over the JSON database, as runtime/psql.js answers them;
// anything else (stdin, aligned output, other SQL, an unusual row or sort order, no jq) runs the node stand-in.
// Output is computed whole before anything is printed, so handing over never duplicates output.
import { bash } from './bash-text.js';
import { unitsBash } from './bash-units.js';

/** jq definitions: psql.ts's value text, output format, and ORDER BY where ICU and code points agree. */
const jqDefs = String.raw`
def s: if . == null then null elif type == "string" then .
  elif type == "number" and . == floor and (if . < 0 then -. else . end) < 1e15 then (if . == 0 then "0" else tostring end)
  elif type == "boolean" then tostring else error("fallback") end;
def w: if . == null then "" else s end;
def rows(t): if (.[t] | type) != "array" then null
  elif (.[t] | all(type == "object")) then .[t] else error("fallback") end;
def same_order(a; b): if a == b then true else
  ([a, b] | map(explode)) as [$x, $y]
  | (first(range(0; [($x | length), ($y | length)] | min) | select($x[.] != $y[.])) // null) as $i
  | if $i == null then true else [$x[$i], $y[$i]] | all((. >= 48 and . <= 57) or (. >= 97 and . <= 122)) end end;
def ordered(k; desc): if all(.[]; (.[k] | type) == "number") then (if desc then sort_by(0 - .[k]) else sort_by(.[k]) end)
  elif all(.[]; (.[k] | type) == "string") then sort_by(.[k]) as $s
    | if all(range(1; $s | length); same_order($s[. - 1][k]; $s[.][k]) and (desc | not or $s[. - 1][k] != $s[.][k]))
      then (if desc then $s | reverse else $s end) else error("fallback") end
  else error("fallback") end;
def emit(f; r): (if $tuples then "" else (f | join($sep)) + "\n" end)
  + (r | map(map(. // "") | join($sep) + "\n") | add // "")
  + (if $tuples then "" else "(\(r | length) row\(if (r | length) == 1 then "" else "s" end))\n" end);
def relation(t): {e: ("ERROR:  relation \"" + t + "\" does not exist")};
def out(results): reduce results[] as $x ({o: "", e: null};
    if .e != null then . elif $x.e != null then .e = $x.e else .o += emit($x.f; $x.r) end)
  | if [(.o + (.e // "")) | explode[] | select(. < 2)] | length > 0 then error("fallback")
    else .o + "\u0001" + (.e // "") end;
`;

const query = bash(String.raw`
__columns_migrations=' id migration batch '
__columns_system_settings=' id key value type description created_at updated_at '
# __statement TEXT INDEX: appends the statement's jq to __prog (and its --arg values to __jqargs); 1 = not ours
__statement() {
  local text=$1 i=$2 re cols list f t c op lit o desc=false fields='[' filter
  local sel='^select[[:space:]]+(count\(\*\)|[A-Za-z_]+([[:space:]]*,[[:space:]]*[A-Za-z_]+)*)[[:space:]]+from[[:space:]]+(public[.])?([A-Za-z_]+)'
  sel+="([[:space:]]+where[[:space:]]+([A-Za-z_]+)[[:space:]]*(=|like)[[:space:]]*'([^'[:space:]]*)')?"
  sel+='([[:space:]]+order[[:space:]]+by[[:space:]]+([A-Za-z_]+)([[:space:]]+(asc|desc))?)?$'
  shopt -s nocasematch
  if [[ $text =~ ^select[[:space:]]+1$ ]]; then
    shopt -u nocasematch
    __prog+='{f: ["?column?"], r: [["1"]]},'
    return 0
  fi
  re="^select[[:space:]]+to_regclass\([[:space:]]*'(public[.])?([A-Za-z0-9_]+)'[[:space:]]*\)(::text)?$"
  if [[ $text =~ $re ]]; then
    shopt -u nocasematch
    __jqargs+=(--arg "t$i" "#{BASH_REMATCH[2]}")
    __prog+="{f: [\"to_regclass\"], r: [[if (.[\$t$i] | type) == \"array\" then \$t$i else null end]]},"
    return 0
  fi
  [[ $text =~ $sel ]] || { shopt -u nocasematch; return 1; }
  shopt -u nocasematch
  list=#{BASH_REMATCH[1]} t=#{BASH_REMATCH[4]} c=#{BASH_REMATCH[6]} op=#{BASH_REMATCH[7],,} lit=#{BASH_REMATCH[8]}
  o=#{BASH_REMATCH[10]}
  [[ #{BASH_REMATCH[12],,} == desc ]] && desc=true
  case $t in migrations) cols=$__columns_migrations ;; system_settings) cols=$__columns_system_settings ;; *) return 1 ;; esac
  __jqargs+=(--arg "t$i" "$t")
  filter="rows(\$t$i)"
  if [[ -n $c ]]; then
    [[ $cols == *" $c "* ]] || return 1
    # LIKE: no _ wildcard, no backslash; % only at the end (a prefix)
    [[ $op == = || ($lit != *\\* && $lit != *_*) ]] || return 1
    if [[ $op == = || $lit != *%* ]]; then
      __jqargs+=(--arg "c$i" "$c" --arg "l$i" "$lit")
      filter+=" | map(select((.[\$c$i] | w) == \$l$i))"
    else
      lit=#{lit%%+(%)}
      [[ $lit != *%* ]] || return 1
      __jqargs+=(--arg "c$i" "$c" --arg "l$i" "$lit")
      filter+=" | map(select((.[\$c$i] | w) | startswith(\$l$i)))"
    fi
  fi
  if [[ $list == count* ]]; then
    __prog+="(if .[\$t$i] | type != \"array\" then relation(\$t$i) else {f: [\"count\"], r: [[$filter | length | tostring]]} end),"
    return 0
  fi
  if [[ -n $o ]]; then
    [[ $cols == *" $o "* ]] || return 1
    __jqargs+=(--arg "o$i" "$o")
    filter+=" | ordered(\$o$i; $desc)"
  fi
  while [[ -n $list ]]; do
    f=#{list%%,*}; __trim "$f"; f=$__t
    [[ $cols == *" $f "* ]] || return 1
    fields+="\"$f\","
    [[ $list == *,* ]] && list=#{list#*,} || list=''
  done
  fields="#{fields%,}]"
  __prog+="(if .[\$t$i] | type != \"array\" then relation(\$t$i) else ($filter) as \$rows | {f: $fields, r: (\$rows | map(. as \$row | $fields | map(\$row[.] | s)))} end),"
}
__fast() {
  local args=("$@") n=$# i k a f v sql=() tuples=false unaligned=0 sep='|' database=chom joined s res rc count=0
  local db="$__root/var/lib/postgresql/chom.json"
  __out='' __err='' __code=0 __prog='' __jqargs=()
  for ((i = 0; i < n; i++)); do
    a=#{args[i]}
    if [[ $a == --tuples-only ]]; then tuples=true
    elif [[ $a == --no-align ]]; then unaligned=1
    elif [[ $a == --command=* ]]; then sql+=("#{a:10}")
    elif [[ $a == --command ]]; then ((i + 1 < n)) || return 1; ((i += 1)); sql+=("#{args[i]}")
    elif [[ $a == --dbname=* ]]; then database=#{a:9}
    elif [[ $a == --field-separator=* ]]; then sep=#{a:18}
    elif [[ $a == --* ]]; then continue
    elif [[ $a =~ ^-[a-zA-Z]+$ ]]; then
      for ((k = 1; k < #{#a}; k++)); do
        case #{a:k:1} in
          t) tuples=true ;;
          A) unaligned=1 ;;
          c) ((i + 1 < n)) || return 1; ((i += 1)); sql+=("#{args[i]}") ;;
          d) ((i + 1 < n)) || return 1; ((i += 1)); database=#{args[i]} ;;
          F) ((i + 1 < n)) || return 1; ((i += 1)); sep=#{args[i]} ;;
          [UhpvfP]) ((i += 1)) ;;
        esac
      done
    elif [[ $a == -[a-zA-Z]?* && #{a:2:1} != [$'\n\r'] ]]; then
      f=#{a:1:1} v=#{a:2}
      case $f in c) sql+=("$v") ;; d) database=$v ;; F) sep=$v ;; esac
    elif [[ $a == *://* ]]; then database=#{a##*/} database=#{database%%\?*}
    else database=$a; fi
  done
  [[ $database == chom && $unaligned == 1 ]] && ((#{#sql[@]})) || return 1
  command -v jq >/dev/null || return 1
  __unit postgresql || return 1
  if ((!u_missing)); then __status postgresql && [[ $u_state == active ]] || return 1; fi
  [[ -f $db && -r $db ]] || return 1
  printf -v joined '%s;' "#{sql[@]}"
  while [[ $joined == *';'* ]]; do
    __trim "#{joined%%;*}"; s=$__t
    joined=#{joined#*;}
    [[ -n $s ]] || continue
    [[ $s != *[![:ascii:]]* ]] || return 1
    __statement "$s" "$count" || return 1
    ((count += 1))
  done
  res=$(jq -j --arg sep "$sep" --argjson tuples "$tuples" "#{__jqargs[@]}" "$__defs out([#{__prog%,}])" "$db" 2>/dev/null; printf '\001%s' "$?")
  rc=#{res##*$'\001'}
  [[ $rc == 0 ]] || return 1
  res=#{res%$'\001'*}
  __out=#{res%%$'\001'*} __err=#{res#*$'\001'}
  [[ -z $__err ]] || __code=1
  return 0
}
if __fast "$@"; then
  printf '%s' "$__out"
  [[ -z $__err ]] || printf '%s\n' "$__err" >&2
  exit "$__code"
fi
`);

/**
 * Asks the running sandbox's psql server (psql-server.ts) over bash's /dev/tcp: no process at all. Any doubt
 * (no port file, nothing listening, no answer) falls through to the stand-in's own answer.
 */
const server = bash(String.raw`
__ask() {
  local port fd res rc
  [[ -r $__port_file ]] && read -r port < "$__port_file" && [[ $port =~ ^[0-9]{1,5}$ ]] || return 1
  exec {fd}<>"/dev/tcp/127.0.0.1/$port" || return 1
  # this host's root first: a server of another sandbox that took over the port refuses to answer
  printf '%s\0' "$__root" "$#" "$@" >&"$fd" || { exec {fd}>&-; return 1; }
  # a port file left by a killed sandbox may name a port someone else listens on now: never wait long; and
  # only a whole answer counts (read returns 1 at the end of the stream; a time out keeps a partial one)
  IFS= read -r -t 5 -d '' -u "$fd" res; rc=$?
  exec {fd}>&-
  ((rc == 1)) || return 1
  [[ $res =~ ^([0-9]{1,3})$'\001' ]] || return 1
  __code=#{BASH_REMATCH[1]} res=#{res#*$'\001'}
  __out=#{res%%$'\001'*} __err=#{res#*$'\001'}
}
if __ask "$@" 2>/dev/null; then
  printf '%s' "$__out"
  printf '%s' "$__err" >&2
  exit "$__code"
fi
`);

/** <root>/bin/psql: the sandbox's psql server, else one jq for the runbook's SELECTs, else `node main.js psql`. */
export const psql = (node: string, lib: string, root: string, host: string, portFile: string): string =>
  [
    '#!/bin/bash',
    '# chom-console sandbox: psql stand-in. Asks the running sandbox first; else the runbook SELECTs are',
    '# answered by jq here, the rest by node.',
    `__port_file='${portFile}'`,
    `__root='${root}'`,
    server,
    'shopt -s extglob',
    `__defs='${jqDefs.replaceAll("'", "'\\''")}'`,
    unitsBash,
    query,
    `CHOM_SANDBOX_ROOT='${root}' CHOM_SANDBOX_HOST='${host}' exec '${node}' '${lib}/main.js' psql "$@"`,
    '',
  ].join('\n');
