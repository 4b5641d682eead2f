// The SMTP form's "test" (Ctrl-T): from the observability host, greet the server, log in, and quit — never
// sending mail. The password travels on the script's stdin only (never argv); `none` speaks SMTP over
// bash's /dev/tcp, `tls` (STARTTLS) and `ssl` go through `openssl s_client` when the host has it.
import { quote } from '../lib/shell-quote.js';
import type { RemoteCommand } from './remote-command.js';

/** The SMTP form values the probe uses (field ids of the runbook's `smtp` form). */
export type SmtpProbeValues = {
  host: string;
  port: string;
  username: string;
  password: string;
  encryption: string;
};

/** Form values by id → probe values; missing fields become empty (the script reports them). */
export function smtpProbeValues(values: Readonly<Record<string, string>>): SmtpProbeValues {
  return {
    host: values['host'] ?? '',
    port: values['port'] ?? '',
    username: values['username'] ?? '',
    password: values['password'] ?? '',
    encryption: values['encryption'] ?? 'none',
  };
}

/**
 * The bash script (non-secret values quoted in) with the password as its stdin, run on `host` (the profile's
 * name of it: `hostname` there says the machine's own name, the sandbox's is this laptop's).
 */
export function buildSmtpProbe(host: string, values: SmtpProbeValues): RemoteCommand {
  const from = host;
  const script = `set -u
host=${quote(values.host)}; port=${quote(values.port)}; user=${quote(values.username)}; mode=${quote(values.encryption)}
from=${quote(from)}
pass=$(cat)
b64() { if command -v base64 >/dev/null; then base64 -w0; else openssl base64 -A; fi; }
creds=$(printf '\\0%s\\0%s' "$user" "$pass" | b64); unset pass
# One SMTP reply (multi-line replies end with "NNN "); sets $reply to its last line.
get() { local line; reply=''; while IFS= read -r -t 15 line <&"$in"; do line=\${line%$'\\r'}; reply=$line
  [ "\${line:3:1}" = '-' ] || return 0; done; reply='no reply (timeout or connection closed)'; return 1; }
put() { printf '%s\\r\\n' "$1" >&"$out"; }
say() { printf '%s=%s\\n' "$1" "$2"; }
case $mode in
  none) { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null || { say connect "cannot connect to $host:$port from $from"; exit 0; }
        in=3; out=3; greeted=no ;;
  tls|ssl) command -v openssl >/dev/null || { say connect "openssl is not installed on $from: cannot test $mode"; exit 0; }
        if [ "$mode" = tls ]; then coproc SMTP { openssl s_client -quiet -starttls smtp -connect "$host:$port" 2>/dev/null; }; greeted=yes
        else coproc SMTP { openssl s_client -quiet -connect "$host:$port" 2>/dev/null; }; greeted=no; fi
        in=\${SMTP[0]}; out=\${SMTP[1]} ;;
  *) say connect "unknown encryption '$mode' (tls, ssl or none)"; exit 0 ;;
esac
# Each exchange: send (unless it is the banner), read the reply, report it; stop at the first silence.
step() { [ -z "$2" ] || put "$2" 2>/dev/null; get 2>/dev/null; local ok=$?; say "$1" "$reply"; [ $ok = 0 ] || exit 0; }
[ "$greeted" = yes ] || step banner ''
step ehlo "EHLO chom-console.probe"
step auth "AUTH PLAIN $creds"
step quit QUIT
`;
  return {
    host,
    script,
    stdin: values.password,
    sensitive: true,
    description: `test the SMTP login at ${values.host}:${values.port}`,
  };
}
