// The sandbox's unit state (runtime/units.js) read in pure bash, for the read-only stand-in queries that run
// on every assessment (systemctl is-active/show, pgrep php-fpm, psql's "is postgresql up"): no node start-up.
// Same files, same answers as units.ts; anything these functions do not understand exactly (escaped JSON,
// odd pid files, dates JavaScript would roll over) returns 1, and the caller hands the call to the node
// stand-in, so the answer never differs from it.
import { bash } from './bash-text.js';

/** Bash functions over `$__root`: __unit NAME (unit file), __status NAME (state), __long_date ISO. */
export const unitsBash = bash(String.raw`
declare -A __j=()
__trim() { __t=$1; __t=#{__t#"#{__t%%[![:space:]]*}"}; __t=#{__t%"#{__t##*[![:space:]]}"}; }
# __json FILE: a flat JSON object of plain strings, booleans, null and integers into __j (raw JSON tokens)
__json() {
  local text rest obj='^[[:space:]]*[{](.*)[}][[:space:]]*$'
  local pair='^[[:space:]]*"([A-Za-z_]+)"[[:space:]]*:[[:space:]]*("[^"\\[:cntrl:]]*"|true|false|null|-?(0|[1-9][0-9]*))[[:space:]]*(,?)(.*)$'
  __j=()
  [[ -f $1 && -r $1 ]] || return 1
  text=$(<"$1")
  [[ $text =~ $obj ]] || return 1
  rest=#{BASH_REMATCH[1]}
  [[ $rest == *[![:space:]]* ]] || return 0
  while [[ $rest =~ $pair ]]; do
    __j[#{BASH_REMATCH[1]}]=#{BASH_REMATCH[2]}
    rest=#{BASH_REMATCH[5]}
    if [[ -z #{BASH_REMATCH[4]} ]]; then [[ -z $rest ]]; return; fi
  done
  return 1
}
# JavaScript truthiness of a raw JSON token ('' = undefined)
__truthy() { case $1 in false | null | '' | '""' | 0 | -0) return 1 ;; *) return 0 ;; esac; }
# __str TOKEN: a falsy token as '', a string token as its text, into __s; 1 for any other truthy value
__str() {
  if ! __truthy "$1"; then __s=''; elif [[ $1 == '"'*'"' ]]; then __s=#{1:1:#{#1}-2}; else return 1; fi
}
# __unit NAME: u_missing, u_kind, u_desc, u_reload of <root>/etc/systemd/system/NAME.service
__unit() {
  local text line lines key value cont=$'\\\\\n[[:space:]]*'
  [[ -n $1 && $1 != */* ]] || return 1
  u_file="$__root/etc/systemd/system/$1.service" u_missing=0 u_kind=simulated u_desc=$1 u_reload=''
  [[ -e $u_file ]] || { u_missing=1; return 0; }
  [[ -f $u_file && -r $u_file ]] || return 1
  text=$(<"$u_file")
  while [[ $text =~ $cont ]]; do text=#{text/"#{BASH_REMATCH[0]}"/ }; done
  mapfile -t lines <<<"$text"
  for line in "#{lines[@]}"; do
    __trim "$line"
    [[ $__t =~ ^([A-Za-z-]+)=(.*)$ ]] || continue
    key=#{BASH_REMATCH[1]} value=#{BASH_REMATCH[2]}
    case $key in
      Description) u_desc=$value ;;
      ExecReload) __trim "$value"; u_reload=$__t ;;
      X-Sandbox-Kind) __trim "$value"; u_kind=$__t ;;
    esac
  done
}
# __status NAME (after __unit NAME): u_state (active|inactive|failed), u_since (text; '' = none), u_pid, u_enabled
__status() {
  local sf="$__root/var/lib/sandbox-systemd/$1.json" enabled=true active=false since=null result='"success"' pid=''
  local pidfile="$__root/run/$1.pid" sincefile="$__root/run/$1.since" rf="$__root/run/$1.state.json" p=0
  if [[ -e $sf ]]; then
    __json "$sf" || return 1
    enabled=#{__j[enabled]-} active=#{__j[active]-} since=#{__j[since]-} result=#{__j[result]-} pid=#{__j[pid]-}
  fi
  if __truthy "$enabled"; then u_enabled=1; else u_enabled=0; fi
  u_since='' u_pid=0
  if [[ $u_kind == process ]]; then
    if [[ -e $pidfile ]]; then
      [[ -f $pidfile && -r $pidfile ]] || return 1
      p=$(<"$pidfile")
      if [[ $p =~ ^[[:space:]]*([0-9]{1,9})([^0-9]|$) ]]; then p=$((10##{BASH_REMATCH[1]}))
      elif [[ $p =~ ^[[:space:]]*[-+0-9] ]]; then return 1
      else p=0; fi
    fi
    if ((p > 0)) && { kill -0 "$p" 2>/dev/null || [[ -e /proc/$p ]]; }; then
      u_state=active u_pid=$p
      if [[ -e $sincefile ]]; then
        [[ -f $sincefile && -r $sincefile ]] || return 1
        __trim "$(<"$sincefile")"; u_since=$__t
      else
        __str "$since" || return 1; u_since=$__s
      fi
      return 0
    fi
    u_state=inactive
    if [[ -e $rf ]]; then
      __json "$rf" || return 1
      [[ #{__j[result]-} == '"failed"' ]] && u_state=failed
    fi
    return 0
  fi
  if __truthy "$active"; then
    u_state=active
    __str "$since" || return 1; u_since=$__s
  elif [[ $result == '"failed"' ]]; then u_state=failed
  else u_state=inactive; fi
  if __truthy "$pid"; then [[ $pid =~ ^[0-9]+$ ]] || return 1; u_pid=$pid; fi
}
# __long_date ISO: 'Tue 2026-01-06 13:23:25 UTC' (systemctl.ts longDate) into __d, for plain UTC ISO times
__long_date() {
  local iso='^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})([.][0-9]{1,3})?Z$'
  [[ $1 =~ $iso ]] || return 1
  local Y=#{BASH_REMATCH[1]} Mo=#{BASH_REMATCH[2]} D=#{BASH_REMATCH[3]} h=#{BASH_REMATCH[4]} mi=#{BASH_REMATCH[5]} s=#{BASH_REMATCH[6]}
  local y=$((10#$Y)) m=$((10#$Mo)) d=$((10#$D)) mdays=(31 28 31 30 31 30 31 31 30 31 30 31) names=(Thu Fri Sat Sun Mon Tue Wed)
  (((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) && mdays[1]=29
  ((y >= 1970 && m >= 1 && m <= 12 && d >= 1 && 10#$h <= 23 && 10#$mi <= 59 && 10#$s <= 59)) || return 1
  ((d <= mdays[m - 1])) || return 1
  ((m <= 2)) && ((y -= 1))
  local era=$((y / 400)) yoe doe
  yoe=$((y - era * 400))
  doe=$((yoe * 365 + yoe / 4 - yoe / 100 + (153 * ((m + 9) % 12) + 2) / 5 + d - 1))
  __d="#{names[(era * 146097 + doe - 719468) % 7]} $Y-$Mo-$D $h:$mi:$s UTC"
}
`);
