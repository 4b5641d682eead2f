// The probe the assessment adds when it knows the repository: the status code of each API route HEAD
// declares, asked from the same host as the profile's own route probe (in production: mentat, as the deploy
// scripts fetch the SMTP API from there). Its output lines are `PATH CODE`.
import { quote } from '../../lib/shell-quote.js';
import type { Probe } from '../../profile/schema.js';

/** Fact holding `PATH CODE` lines. */
export const routeStatusFact = 'target_api_route_status';

export function routeStatusProbe(paths: readonly string[], host: string): Probe {
  const words = paths.map(quote).join(' ');
  return {
    id: 'target-api-routes',
    title: 'Status code of each API route the repository declares',
    host,
    run: {
      command: [
        'url={{app_url}}',
        `paths=(${words})`,
        'declare -A want=()',
        'args=()',
        'for path in "${paths[@]}"; do want[$path]=1; args+=(-o /dev/null "$url$path"); done',
        // ONE curl for all routes, in parallel (-Z); each transfer prints `URL CODE` when it ends (any order)
        `out=$(curl -Z --parallel-max 300 --no-progress-meter -g -s --max-time 10 -w '%{url_effective} %{http_code}\\n' "\${args[@]}")`,
        'rc=$? result=() good=1',
        // back from URLs to the paths as given; a URL curl normalised (/a/../b) or split (a space) is not one of
        // them: then, as with a curl without -Z (older than 7.66: exit 2, nothing printed), one curl per route
        'while read -r one code; do',
        '  [ -n "$one" ] || continue',
        '  path=${one#"$url"}',
        '  if [ "$path" = "$one" ] || [ -z "${want[$path]-}" ]; then good=0; break; fi',
        '  result+=("$path $code")',
        `done < <(printf '%s\\n' "$out")`,
        'if [ "$rc" != 2 ] && [ "$good" = 1 ] && [ "${#result[@]}" = "${#paths[@]}" ]; then',
        `  printf '%s\\n' "\${result[@]}"`,
        '  exit 0',
        'fi',
        // one line per route, asked in parallel (each line is one short write: lines never mix)
        'for path in "${paths[@]}"; do',
        `  printf '%s %s\\n' "$path" "$(curl -s -g -o /dev/null -w '%{http_code}' --max-time 10 "$url$path")" &`,
        'done',
        'wait',
      ].join('\n'),
      expect_exit: [0],
    },
    parse: { kind: 'lines', fact: routeStatusFact },
  };
}

/** `PATH CODE` lines → path → status (000 and garbage → null). */
export function routeStatuses(lines: readonly string[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const line of lines) {
    const [path, code] = line.trim().split(/\s+/);
    if (!path) continue;
    const status = code !== undefined && /^[1-5]\d\d$/.test(code) ? Number(code) : null;
    out.set(path, status);
  }
  return out;
}
