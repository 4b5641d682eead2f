// The steps of the `config` action that run on the host: reload and confirming that the reload took effect.
// (Staging, backup, install and restore are the shared file helpers of file-commands.ts.)
import { quote } from '../lib/shell-quote.js';
import type { RemoteCommand } from './remote-command.js';

/** How to make the service read its new configuration (neither unit has ExecReload: no systemctl reload). */
export type ReloadSpec = { http: string } | { signal: 'HUP'; unit: string } | { none: true };

export function buildReload(host: string, reload: ReloadSpec): RemoteCommand | null {
  if ('http' in reload) {
    // Not `curl -f`: a rejected reload's body says why (Alertmanager: "failed to reload config: …"), and
    // `--fail-with-body` needs curl 7.76 (Debian 11 has 7.74). Exit 22 as curl -f would (any non-2xx, 3xx too).
    const url = quote(reload.http);
    return {
      host,
      script: [
        `out=$(curl -sS -X POST -w '\\n%{http_code}' -- ${url}) || exit $?`,
        `code=\${out##*$'\\n'}; body=\${out%$'\\n'*}; body=\${body%$'\\n'}`,
        'case "$code" in 2??) exit 0 ;; esac',
        `printf 'reload rejected: HTTP %s from %s: %s\\n' "$code" ${url} "$body" >&2`,
        'exit 22',
      ].join('\n'),
      sensitive: false,
      description: `reload through POST ${reload.http}`,
    };
  }
  if ('signal' in reload) {
    return {
      host,
      script: `sudo -n systemctl kill -s ${reload.signal} -- ${quote(reload.unit)}`,
      sensitive: false,
      description: `send ${reload.signal} to ${reload.unit}`,
    };
  }
  return null;
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** An awk program printing the first sample of `metric` (with or without labels). */
const sampleOf = (metric: string): string =>
  `awk '$1 == "${metric}" || index($1, "${metric}{") == 1 { print $2; exit }'`;

/**
 * The success-timestamp gauge that goes with a `*_config_last_reload_successful` gauge (Prometheus and
 * Alertmanager both have the pair), or null for other metrics.
 */
export function reloadTimestampMetric(metric: string): string | null {
  return metric.endsWith('_last_reload_successful')
    ? metric.replace(/_last_reload_successful$/, '_last_reload_success_timestamp_seconds')
    : null;
}

/** What a HUP confirmation compares against: the success gauge and its timestamp, read before the signal. */
export type BeforeReload = { timestampMetric: string; stamp: string; gauge: string };

/** Prints `stamp=<timestamp>` and `gauge=<success gauge>` (empty when absent), read before a HUP. */
export function buildReadBeforeReload(
  host: string,
  metricsUrl: string,
  metric: string,
  timestampMetric: string,
): RemoteCommand {
  for (const name of [metric, timestampMetric])
    if (!metricName.test(name)) throw new Error(`config confirm: "${name}" is not a metric name`);
  return {
    host,
    script: [
      `page=$(curl -sS -- ${quote(metricsUrl)}) || exit $?`,
      `echo "stamp=$(printf '%s\\n' "$page" | ${sampleOf(timestampMetric)})"`,
      `echo "gauge=$(printf '%s\\n' "$page" | ${sampleOf(metric)})"`,
    ].join('\n'),
    sensitive: false,
    description: `read ${metric} and ${timestampMetric} from ${metricsUrl}`,
  };
}

/** The `stamp=` and `gauge=` lines of {@link buildReadBeforeReload}. */
export function parseBeforeReload(stdout: string, timestampMetric: string): BeforeReload {
  const field = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(stdout)?.[1]?.trim() ?? '';
  return { timestampMetric, stamp: field('stamp'), gauge: field('gauge') };
}

/**
 * Reads a gauge from a Prometheus-style /metrics page until it reads 1 (a HUP reload is asynchronous);
 * exits 1 with the last value when it does not within about 5 s. With `before` (read before a HUP), it also
 * waits for the success timestamp to move past the one read then: the gauge still reads the previous
 * reload's 1 until the new one lands. A gauge of 0 fails at once only when it read 1 before (this reload
 * failed, not an earlier one); without a timestamp before, it waits for 1 as for any reload.
 */
export function buildReadMetric(
  host: string,
  metricsUrl: string,
  metric: string,
  before?: BeforeReload,
): RemoteCommand {
  if (!metricName.test(metric)) throw new Error(`config confirm: "${metric}" is not a metric name`);
  if (before && !metricName.test(before.timestampMetric))
    throw new Error(`config confirm: "${before.timestampMetric}" is not a metric name`);
  const url = quote(metricsUrl);
  // one loop for both: with a timestamp read before the signal, success also needs it to have moved
  const since = before && before.stamp !== '' ? before : undefined;
  const script = [
    ...(since ? [`before=${quote(since.stamp)}`] : []),
    'value= stamp=',
    'for attempt in $(seq 1 20); do',
    `  page=$(curl -sS -- ${url})`,
    `  value=$(printf '%s\\n' "$page" | ${sampleOf(metric)})`,
    ...(since
      ? [
          `  stamp=$(printf '%s\\n' "$page" | ${sampleOf(since.timestampMetric)})`,
          ...(since.gauge === '1' ? ['  [ "$value" = 0 ] && break'] : []),
          // awk compares the two timestamps as numbers (Prometheus prints them as floats, e.g. 1.7e+09)
          `  [ "$value" = 1 ] && awk -v a="$stamp" -v b="$before" 'BEGIN { exit !(a + 0 > b + 0) }' && { echo "value=1"; exit 0; }`,
        ]
      : ['  [ "$value" = 1 ] && { echo "value=1"; exit 0; }']),
    '  sleep 0.25',
    'done',
    'echo "value=$value"',
    since
      ? `echo "${metric} is \${value:-absent} and ${since.timestampMetric} \${stamp:-absent} (was $before) after the reload: the new configuration was not applied" >&2`
      : `echo "${metric} is \${value:-absent} after the reload (expected 1): the new configuration was not applied" >&2`,
    'exit 1',
  ].join('\n');
  return { host, script, sensitive: false, description: `read ${metric} from ${metricsUrl}` };
}
