// The `systemctl` stand-in's wrapper: the read-only queries (is-active, is-failed, is-enabled, show) are
// answered in bash from the unit files and state (bash-units.ts), as runtime/systemctl.js answers them; every
// other verb, and any query the bash cannot answer exactly, runs the node stand-in (start, stop, status, …).
import { bash } from './bash-text.js';
import { unitsBash } from './bash-units.js';

const query = bash(String.raw`
__props_add() { local s=$1; while [[ $s == *,* ]]; do props+=("#{s%%,*}"); s=#{s#*,}; done; props+=("$s"); }
__fast() {
  local quiet=0 value=0 shown=0 words=() props=() args=("$@") n=$# i a w verb key v st
  local names=() missing=''
  __out='' __err='' __code=0
  for a in "$@"; do [[ $a == -q || $a == --quiet ]] && quiet=1; done
  for ((i = 0; i < n; i++)); do
    a=#{args[i]}
    case $a in
      -s | --signal) ((i += 1)) ;;
      --signal=*) ;;
      -p | --property) ((i + 1 < n)) || return 1; ((i += 1)); __props_add "#{args[i]}" ;;
      --property=*) __props_add "#{a#--property=}" ;;
      --value) value=1 ;;
      -*) ;;
      *) words+=("$a") ;;
    esac
  done
  verb=#{words[0]-}
  case $verb in is-active | is-failed | is-enabled | show) ;; *) return 1 ;; esac
  for w in "#{words[@]:1}"; do
    __unit "#{w%.service}" || return 1
    names+=("#{w%.service}")
    ((u_missing)) && [[ -z $missing ]] && missing=#{w%.service}
  done
  if [[ $verb == is-enabled && -n $missing ]]; then
    __err="Failed to get unit file state for $missing.service: No such file or directory" __code=1
    return 0
  fi
  [[ $verb == is-failed ]] && __code=1
  ((#{#props[@]})) || props=(Id Description ActiveState SubState MainPID ActiveEnterTimestamp UnitFileState CanReload)
  for key in "#{props[@]}"; do [[ -z $key || $key =~ ^[A-Z][A-Za-z]*$ ]] || return 1; done
  for w in "#{names[@]}"; do
    __unit "$w" || return 1
    if ((u_missing)); then
      [[ $verb == show ]] && { __code=1; continue; }
      st=inactive
    else
      __status "$w" || return 1
      st=$u_state
    fi
    case $verb in
      is-active) ((quiet)) || __out+="$st"$'\n'; [[ $st == active ]] || __code=3 ;;
      is-failed) ((quiet)) || __out+="$st"$'\n'; [[ $st == failed ]] && __code=0 ;;
      is-enabled)
        if ((u_enabled)); then v=enabled; else v=disabled __code=1; fi
        ((quiet)) || __out+="$v"$'\n' ;;
      show)
        # systemd separates units with a blank line
        ((shown++)) && __out+=$'\n'
        for key in "#{props[@]}"; do
          case $key in
            Id) v="$w.service" ;;
            Description) v=$u_desc ;;
            ActiveState) v=$st ;;
            SubState) case $st in active) v=running ;; failed) v=failed ;; *) v=dead ;; esac ;;
            MainPID) v=$u_pid ;;
            ActiveEnterTimestamp)
              v=''
              if [[ $st == active && -n $u_since ]]; then __long_date "$u_since" || return 1; v=$__d; fi ;;
            UnitFileState) ((u_enabled)) && v=enabled || v=disabled ;;
            CanReload) [[ -n $u_reload ]] && v=yes || v=no ;;
            *) v='' ;;
          esac
          if ((value)); then __out+="$v"$'\n'; else __out+="$key=$v"$'\n'; fi
        done ;;
    esac
  done
  return 0
}
if __fast "$@"; then
  printf '%s' "$__out"
  [[ -z $__err ]] || printf '%s\n' "$__err" >&2
  exit "$__code"
fi
`);

/** <root>/bin/systemctl: bash for the queries, `node main.js systemctl` for the rest. */
export const systemctl = (node: string, lib: string, root: string, host: string): string =>
  [
    '#!/bin/bash',
    '# chom-console sandbox: systemctl stand-in. Queries are answered here; other verbs by the node runtime.',
    `__root='${root}'`,
    unitsBash,
    query,
    `CHOM_SANDBOX_ROOT='${root}' CHOM_SANDBOX_HOST='${host}' exec '${node}' '${lib}/main.js' systemctl "$@"`,
    '',
  ].join('\n');
