// runProbes: every probe is screened (assess-guard), then each host's probes travel as one batch script, the
// hosts in parallel; probes that cannot be batched run alone alongside. A host's probes finish (facts recorded,
// steps ticked off) as soon as its batch is back, not when the slowest host is; results come in probe order.
import type { Probe } from '../../profile/schema.js';
import type { ProbeResult } from './assess.js';
import { runHostBatch, type HostBatch } from './assess-batch.js';
import { guardProbeScript } from './assess-guard.js';
import { observedFromBatch, probeRoute, type ProbeRoute } from './assess-items.js';
import { parseProbe } from './assess-parse.js';
import type { Observed } from '../run/expect.js';
import { observe } from '../run/read-only-item.js';
import type { RunContext } from '../run/run-context.js';
import { runText } from '../run/run-text.js';

type Outcome =
  { observed: Observed; durationMs: number | null } | { error: string; hostError?: HostBatch['error'] };

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function routeOf(
  probe: Probe,
  index: number,
  run: RunContext,
): ProbeRoute | { kind: 'error'; message: string } {
  try {
    return probeRoute(probe, index, run.scope);
  } catch (error) {
    return { kind: 'error', message: errorText(error) };
  }
}

function renderedCommand(probe: Probe, run: RunContext): string {
  try {
    return runText(probe.run!, (template, context) => run.scope.render(template, context));
  } catch {
    // a value that does not render: screen the script as written (it fails later with that message)
    return probe.run!.command ?? probe.run!.script?.text ?? '';
  }
}

/** The refusals of a probe set: `id: reason (line)`; empty when every probe is read-only. */
function refusedProbes(probes: readonly Probe[], run: RunContext): string[] {
  return probes.flatMap((probe, index) => {
    const route = routeOf(probe, index, run);
    // the command as the profile wrote it, rendered, before any sudo wrapping quotes it whole
    const script = probe.run ? renderedCommand(probe, run) : route.kind === 'batch' ? route.item.script : '';
    return guardProbeScript(script).map((hit) => `${probe.id}: ${hit.reason} (${hit.line})`);
  });
}

/** A probe through the step actions, as its own command. */
async function runAlone(run: RunContext, probe: Probe): Promise<Outcome> {
  const started = performance.now();
  try {
    return { observed: await observe(run, 'assess', probe), durationMs: performance.now() - started };
  } catch (error) {
    return { error: errorText(error) };
  }
}

/** Runs every probe; `settled` gets the indexes whose outcomes are final, a host (or a lone probe) at a time. */
async function runAll(
  run: RunContext,
  probes: readonly Probe[],
  settled: (indexes: number[], outcomes: readonly Outcome[]) => void,
): Promise<Outcome[]> {
  const routes = probes.map((probe, index) => routeOf(probe, index, run));
  const outcomes: Outcome[] = routes.map((route) =>
    route.kind === 'error' ? { error: route.message } : { error: 'not run' },
  );
  // a host's results are finished while the other host still runs: a failure there is thrown once all are back
  let failure: { error: unknown } | undefined;
  const settle = (indexes: number[]): void => {
    try {
      settled(indexes, outcomes);
    } catch (error) {
      failure ??= { error };
    }
  };
  const hosts = new Map<string, number[]>();
  routes.forEach((route, index) => {
    if (route.kind === 'batch') hosts.set(route.host, [...(hosts.get(route.host) ?? []), index]);
  });
  const batches = [...hosts.entries()].map(async ([host, indexes]) => {
    const items = indexes.map((i) => (routes[i] as Extract<ProbeRoute, { kind: 'batch' }>).item);
    const batch = await runHostBatch(run, host, items);
    if (!batch.error && batch.outputs.every((o) => o.exit === null && o.stdout === '')) {
      // No marker at all: the host's shell did not run the batch (not bash?). Same probes, one by one.
      for (const probeIndex of indexes) outcomes[probeIndex] = await runAlone(run, probes[probeIndex]!);
      settle(indexes);
      return;
    }
    indexes.forEach((probeIndex, k) => {
      const route = routes[probeIndex] as Extract<ProbeRoute, { kind: 'batch' }>;
      const output = batch.outputs[k]!;
      if (batch.error) {
        outcomes[probeIndex] = { error: `${host}: ${batch.error.message}`, hostError: batch.error };
        return;
      }
      if (output.exit === null) {
        outcomes[probeIndex] = { error: `no result from ${host} (the batch was cut short or timed out)` };
        return;
      }
      emitProbeOutput(run, probes[probeIndex]!, host, route.item.script, output);
      outcomes[probeIndex] = {
        observed: observedFromBatch(output, route.http),
        durationMs: output.durationMs,
      };
    });
    settle(indexes);
  });
  const alone = routes.map(async (route, index) => {
    if (route.kind === 'alone') outcomes[index] = await runAlone(run, probes[index]!);
    if (route.kind !== 'batch') settle([index]);
  });
  await Promise.all([...batches, ...alone]);
  if (failure) throw failure.error;
  return outcomes;
}

function emitProbeOutput(
  run: RunContext,
  probe: Probe,
  host: string,
  script: string,
  output: { stdout: string; stderr: string; exit: number | null; durationMs: number | null },
): void {
  for (const [stream, text] of [
    ['stdout', output.stdout],
    ['stderr', output.stderr],
  ] as const) {
    const lines = text.replace(/\n$/, '');
    if (lines === '') continue;
    for (const line of lines.split('\n'))
      run.emit({ type: 'output', host, stepId: probe.id, stream, line: run.redactor.redact(line) });
  }
  run.emit({
    type: 'command-finished',
    host,
    stepId: probe.id,
    command: run.redactor.redact(script),
    exitCode: output.exit,
    signal: null,
    durationMs: output.durationMs ?? 0,
  });
}

function resultOf(probe: Probe, outcome: Outcome): ProbeResult {
  const base = { id: probe.id, title: probe.title, host: probe.host };
  if ('error' in outcome) {
    return {
      ...base,
      ok: false,
      detail: outcome.error,
      facts: {},
      ...(outcome.hostError ? { hostError: outcome.hostError } : {}),
    };
  }
  const { observed } = outcome;
  const failed =
    (observed.exit !== undefined && observed.exit !== 0) ||
    (observed.status !== undefined && (observed.status === 0 || observed.status >= 400));
  const detail =
    observed.status !== undefined ? `HTTP ${observed.status}` : `exit ${observed.exit ?? 'none'}`;
  return {
    ...base,
    ok: !failed,
    detail,
    facts: parseProbe(probe.parse, observed.stdout),
    ...(outcome.durationMs !== null ? { durationMs: Math.round(outcome.durationMs) } : {}),
  };
}

/** Runs the probes read-only: refused entirely (nothing sent) if any probe's script could change a host. */
export async function runProbes(run: RunContext, probes: Probe[]): Promise<ProbeResult[]> {
  const started = performance.now();
  for (const probe of probes) {
    run.emit({
      type: 'step-started',
      phaseId: 'assess',
      stepId: probe.id,
      host: probe.host,
      title: probe.title,
      description: 'read-only probe',
    });
  }
  const refused = refusedProbes(probes, run);
  const results: ProbeResult[] = new Array(probes.length);
  const finish = (indexes: number[], outcomes: readonly Outcome[]): void => {
    for (const index of indexes) {
      const probe = probes[index]!;
      const result = run.redactor.redactDeep(resultOf(probe, outcomes[index]!));
      for (const [name, value] of Object.entries(result.facts)) {
        run.scope.setFact(name, value);
        run.emit({
          type: 'fact-recorded',
          name,
          value: typeof value === 'string' ? value : JSON.stringify(value),
        });
      }
      run.emit({
        type: 'step-finished',
        stepId: probe.id,
        outcome: result.ok ? 'ok' : 'failed',
        durationMs: result.durationMs ?? performance.now() - started,
        ...(result.ok ? {} : { reason: result.detail }),
      });
      results[index] = result;
    }
  };
  if (refused.length > 0) {
    const error = `refused before sending anything: not read-only: ${refused.join('; ')}`;
    finish(
      probes.map((_, index) => index),
      probes.map(() => ({ error })),
    );
  } else await runAll(run, probes, finish);
  return results;
}
