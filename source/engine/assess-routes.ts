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
        // one line per route, asked in parallel (each line is one short write: lines never mix)
        `for path in ${words}; do`,
        `  printf '%s %s\\n' "$path" "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$url$path")" &`,
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
