// The probe the assessment adds when it knows the repository: the status code of each API route HEAD
// declares, asked from the same host as the profile's own route probe (in production: mentat, as the deploy
// scripts fetch the SMTP API from there). Its output lines are `PATH CODE`.
import { quote } from '../lib/shell-quote.js';
import type { Probe } from '../profile/schema.js';

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
        // ONE curl for all routes, in parallel (-Z); each transfer prints `URL CODE` when it ends (any order).
        // A curl without -Z or --no-progress-meter (older than 7.67) exits 2 before any transfer: then one curl per route.
        `paths=(${words})`,
        'args=()',
        'for path in "${paths[@]}"; do args+=(-o /dev/null "$url$path"); done',
        `out=$(curl -Z --no-progress-meter -g -s --max-time 10 -w '%{url_effective} %{http_code}\\n' "\${args[@]}")`,
        'if [ $? = 2 ] && [ -z "$out" ]; then',
        '  for path in "${paths[@]}"; do',
        `    printf '%s %s\\n' "$path" "$(curl -s -g -o /dev/null -w '%{http_code}' --max-time 10 "$url$path")"`,
        '  done',
        '  exit 0',
        'fi',
        // back from URLs to paths: strip the base exactly as it was given
        'while read -r one code; do printf \'%s %s\\n\' "${one#"$url"}" "$code"; done <<<"$out"',
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
