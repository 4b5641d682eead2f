// The pre-flight inside a deploy run: the forms are asked first (their steps run early, as the early lock
// does; reached again in order they ask nothing), then the value pre-flight runs, before the lock and
// before any step that changes a host. A refusal ends the run with exit 2 and "nothing was changed".
import { readFile } from 'node:fs/promises';
import type { Phase, Profile } from '../../profile/schema.js';
import { captureLimit } from './exec-command.js';
import { preflightRefusal, runPreflight, type PreflightResult } from './preflight.js';
import type { RunContext } from './run-context.js';
import { runStep, type StepResult } from './step-loop.js';

/** How the pre-flight ended: go on, refused (with the message), or a form step that did not succeed. */
export type PreflightOutcome =
  | { kind: 'passed'; result: PreflightResult | null }
  | { kind: 'refused'; result: PreflightResult; message: string }
  | { kind: 'step'; result: Exclude<StepResult, { kind: 'ok' }> };

/** The pre-flight entries a run of `phases` checks: those of its config steps still to run. */
export function preflightEntries(
  profile: Profile,
  phases: Phase[],
  completed: ReadonlySet<string>,
): Profile['preflight'] {
  const planned = new Set(phases.flatMap((phase) => phase.steps).map((step) => step.id));
  return profile.preflight.filter((entry) => planned.has(entry.config) && !completed.has(entry.config));
}

/** Asks every form of `phases` first, then runs the profile's pre-flight on what was entered. */
export async function deployPreflight(
  ctx: RunContext,
  phases: Phase[],
  completed: ReadonlySet<string>,
): Promise<PreflightOutcome> {
  const entries = preflightEntries(ctx.profile, phases, completed);
  if (entries.length === 0) return { kind: 'passed', result: null };
  for (const phase of phases) {
    for (const step of phase.steps) {
      if (!step.form) continue;
      const asked = await runStep(ctx, phase.id, step, { alreadyDone: false, inRollback: false });
      // a form nobody can answer here (headless without --values) is a usage error: exit 2, nothing changed
      const refused = ctx.memory.formRefused;
      if (asked.kind !== 'ok' && refused !== undefined)
        return { kind: 'refused', result: { ok: false, checks: [] }, message: refused };
      if (asked.kind !== 'ok') return { kind: 'step', result: asked };
    }
  }
  const result = await runPreflight({ ...ctx.profile, preflight: entries }, ctx.scope.snapshot(), {
    readLocal: (path) => readFile(path, 'utf8'),
    exec: async (host, command, stdin) => {
      const transport = ctx.transports.get(host);
      if (!transport) return { code: 255, output: `no connection to host "${host}"` };
      if (!ctx.memory.connected.has(host)) {
        await transport.connect();
        ctx.memory.connected.add(host);
      }
      const run = await transport.exec({
        command,
        stdin,
        signal: ctx.signal,
        captureLimit,
        timeoutMs: 60_000,
      });
      return { code: run.code ?? 255, output: `${run.stdout}${run.stderr}` };
    },
    holdsSecret: (text) => ctx.redactor.redact(text) !== text,
  });
  for (const check of result.checks) {
    const line = `pre-flight ${check.status === 'ok' ? 'ok' : 'REFUSED'}: ${check.title}: ${check.evidence}`;
    ctx.emit({ type: 'output', host: 'console', stepId: null, stream: 'stdout', line });
  }
  return result.ok
    ? { kind: 'passed', result }
    : { kind: 'refused', result, message: preflightRefusal(result) };
}
