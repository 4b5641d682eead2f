// The run's view of the conditions about the whole deploy (docs/when.md): `target: live`, `upload(s):
// identical`, `configs: identical`, read on the hosts right before the step, read-only. What this run already
// changed counts: after its own switch the target is live because of it, and a config it wrote was not
// identical, so the steps after (the health check, the test alert) still run.
import { readFile } from 'node:fs/promises';
import { parseProbe } from '../assess/assess-parse.js';
import { compareOne, type CompareIo } from '../plan/plan-compare.js';
import { probeFor, type ConfigFact, type Known, type UploadFact } from '../plan/plan-facts.js';
import { sameCommit } from '../plan/same-commit.js';
import { compareUpload, compareUploads, type UploadCompareIo } from '../plan/upload-compare.js';
import { quietProbe, quietRead } from './quiet-read.js';
import type { StepContext } from './run-context.js';

const unknown = (why: string): { known: false; why: string } => ({ known: false, why });
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The live commit (the assessment's deployed_commit probe) against the `commit` var. */
export async function targetLiveOf(
  ctx: StepContext,
): Promise<Known<{ live: string; target: string; same: boolean; switched: boolean }>> {
  const target = ctx.run.scope.variable('commit');
  if (target === undefined) return unknown('the profile has no commit var');
  if (ctx.run.memory.activated.size > 0)
    return { known: true, value: { live: target, target, same: true, switched: true } };
  const live = await assessedOf(ctx, 'deployed_commit');
  if (!live.known) return live;
  if (typeof live.value !== 'string' || live.value === '') return unknown('deployed_commit is empty');
  return {
    known: true,
    value: { live: live.value, target, same: sameCommit(live.value, target), switched: false },
  };
}

/** An assessment fact, read now by the probe that reports it (read-only, like every probe). */
export async function assessedOf(ctx: StepContext, fact: string): Promise<Known<unknown>> {
  const { run } = ctx;
  const probe = probeFor(run.profile, fact);
  if (probe?.run === undefined) return unknown(`no assess probe reports ${fact}`);
  try {
    const read = await quietProbe(ctx, { ...probe, run: probe.run });
    if (read.code !== 0) return unknown(`probe ${probe.id} on ${probe.host}: exit ${read.code}`);
    const value = parseProbe(probe.parse, read.stdout)[fact];
    if (value === null || value === undefined)
      return unknown(`probe ${probe.id} on ${probe.host} did not report ${fact}`);
    return { known: true, value };
  } catch (error) {
    return unknown(`probe ${probe.id} on ${probe.host}: ${run.redactor.redact(message(error))}`);
  }
}

/** Read-only scripts through the step's connection, their output kept in the engine. */
function exec(ctx: StepContext) {
  return (host: string, script: string, stdin?: string) =>
    quietRead(ctx, {
      host,
      script,
      ...(stdin !== undefined && { stdin }),
      sensitive: true,
      description: `compare on ${host}`,
    });
}

function uploadIo(ctx: StepContext): UploadCompareIo {
  const { run } = ctx;
  return {
    readLocal: (path) => readFile(path, 'utf8'),
    exec: exec(ctx),
    render: (template) => run.scope.render(template, 'plain'),
    base: run.scope.variable('repo') ?? run.profileDir,
  };
}

/** This upload step's destination against its local file. */
export async function uploadOf(ctx: StepContext): Promise<Known<UploadFact>> {
  try {
    return { known: true, value: await compareUpload(ctx.step, uploadIo(ctx)) };
  } catch (error) {
    return unknown(ctx.run.redactor.redact(message(error)));
  }
}

/** Every upload step of the runbook against its destination. */
export function uploadsOf(ctx: StepContext): Promise<Known<UploadFact[]>> {
  return compareUploads(ctx.run.profile, uploadIo(ctx));
}

/**
 * Every config step of the runbook rendered as the plan renders it (its template from the local checkout
 * that stages it, the facts the preflight predicts: phase 1 reads this before anything is fetched), against
 * the live files; a step this run already wrote counts as differing.
 */
export async function configsOf(ctx: StepContext): Promise<Known<ConfigFact[]>> {
  const { run } = ctx;
  const scope = run.scope.snapshot();
  const io: CompareIo = {
    exec: exec(ctx),
    readLocal: (path) => readFile(path, 'utf8'),
    envExampleKeys: () => Promise.reject(new Error('not read here')),
    scope: () => scope,
    formValues: (formId) => scope.forms[formId],
  };
  const facts: ConfigFact[] = [];
  for (const step of run.profile.phases.flatMap((phase) => phase.steps).filter((s) => s.config)) {
    if (run.memory.configured.has(step.id)) {
      facts.push({ step: step.id, host: step.host, identical: false, files: [] });
      continue;
    }
    try {
      facts.push(await compareOne(run.profile, step, scope, io));
    } catch (error) {
      return unknown(`${step.id}: ${run.redactor.redact(message(error))}`);
    }
  }
  return { known: true, value: facts };
}
