// From a probe to the shell script that goes into its host's batch, and from the batch output back to what
// the probe observed. Probes that cannot travel in a batch (stdin, request headers, requests made from the
// console) are run on their own.
import { buildRunCommand } from '../../commands/run-command.js';
import { quote } from '../../lib/shell-quote.js';
import type { Probe } from '../../profile/schema.js';
import type { BatchItem, BatchOutput } from './assess-script.js';
import type { Observed } from '../run/expect.js';
import { runText } from '../run/run-text.js';
import type { RunScope } from '../run/run-scope.js';

/** Seconds a probe may run when the profile gives no timeout. */
const defaultProbeTimeout = 30;

/** Where a probe runs: in its host's batch (on `host`), or alone (through the step actions). */
export type ProbeRoute = { kind: 'batch'; host: string; item: BatchItem; http: boolean } | { kind: 'alone' };

/** The status code is printed on a line of its own after the body (no temp file for the body). */
function curlScript(probe: Probe, scope: RunScope): string {
  const http = probe.http!;
  const flags = [
    '-sS',
    http.method === 'HEAD' ? '-I' : '',
    http.follow_redirects ? '-L' : '',
    `--max-time ${Math.ceil(http.timeout ?? defaultProbeTimeout)}`,
  ].filter((f) => f !== '');
  return `curl ${flags.join(' ')} -w '\\n%{http_code}' -- ${quote(scope.render(http.url, 'plain'))}`;
}

/** Decides how a probe runs; rendering errors propagate (the probe fails with that message). */
export function probeRoute(probe: Probe, index: number, scope: RunScope): ProbeRoute {
  const id = `${index}`;
  if (probe.run && probe.run.stdin === undefined) {
    const commandArgs = {
      command: runText(probe.run, (template, context) => scope.render(template, context)),
      ...(probe.run.cwd !== undefined ? { cwd: scope.render(probe.run.cwd, 'command') } : {}),
    };
    const command = buildRunCommand({
      ...commandArgs,
      host: probe.host,
      ...(probe.run.user !== undefined ? { user: probe.run.user } : {}),
    });
    const timeoutSeconds = probe.run.timeout ?? defaultProbeTimeout;
    const user = probe.run.user;
    // the same script unwrapped, for a batch that runs this user's probes under one sudo
    const as =
      user !== undefined && user !== ''
        ? { user, script: buildRunCommand({ ...commandArgs, host: probe.host }).script }
        : undefined;
    return {
      kind: 'batch',
      host: probe.host,
      item: { id, script: command.script, timeoutSeconds, ...(as ? { as } : {}) },
      http: false,
    };
  }
  const http = probe.http;
  if (
    http &&
    http.from !== 'console' &&
    http.method !== 'POST' &&
    Object.keys(http.headers ?? {}).length === 0
  ) {
    const timeoutSeconds = (http.timeout ?? defaultProbeTimeout) + 5;
    return {
      kind: 'batch',
      host: http.from,
      item: { id, script: curlScript(probe, scope), timeoutSeconds },
      http: true,
    };
  }
  return { kind: 'alone' };
}

/** What a batched probe observed: exit code and stdout, or (http) status and body. */
export function observedFromBatch(output: BatchOutput, http: boolean): Observed {
  if (!http) return { exit: output.exit ?? undefined, stdout: output.stdout };
  const newline = output.stdout.lastIndexOf('\n');
  const status = Number.parseInt(output.stdout.slice(newline + 1).trim(), 10) || 0;
  return { status, stdout: newline < 0 ? '' : output.stdout.slice(0, newline) };
}

/** Whether a probe travels in its host's batch (without rendering it): run without stdin, or a plain GET/HEAD from a host. */
export function isBatchable(probe: Probe): boolean {
  if (probe.run) return probe.run.stdin === undefined;
  const http = probe.http;
  return (
    http !== undefined &&
    http.from !== 'console' &&
    http.method !== 'POST' &&
    Object.keys(http.headers ?? {}).length === 0
  );
}
