// The run's view for a `when:`: what its conditions read, read on the hosts right before the step (after
// what the run already did: stored settings, staged templates). Everything here is read-only.
import { absentExit, buildReadLive, buildSameAsStdin } from '../../commands/live-file-commands.js';
import { buildRunCommand } from '../../commands/run-command.js';
import { conditionsOf } from '../../profile/when-conditions.js';
import type { When } from '../../profile/when-schema.js';
import { migrationsAt } from '../assess/repo/repo-range.js';
import { compareConfig, renderStepConfig, type LiveFileIo } from '../actions/config-compare.js';
import { compareLive, liveValues } from '../actions/form-live.js';
import {
  readPendingMigrations,
  type ConfigFact,
  type Known,
  type SmtpStoredFact,
} from '../plan/plan-facts.js';
import { runText } from './run-text.js';
import { quietProbe, quietRead } from './quiet-read.js';
import type { StepContext } from './run-context.js';
import type { WhenView } from './step-when.js';
import { assessedOf, configsOf, targetLiveOf, uploadOf, uploadsOf } from './when-deploy-live.js';
import { asLines } from '../plan/plan-facts.js';

const unknown = (why: string): { known: false; why: string } => ({ known: false, why });
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Live files through the step's connection. */
function liveFileIo(ctx: StepContext): LiveFileIo {
  return {
    readLive: async (host, path, root) => {
      const read = await quietRead(ctx, buildReadLive(host, path, root));
      if (read.code === absentExit) return null;
      if (read.code !== 0)
        throw new Error(`cannot read ${path} on ${host}: ${read.stderr.trim() || `exit ${read.code}`}`);
      return read.stdout;
    },
    sameAs: async (host, path, content, root) => {
      const read = await quietRead(ctx, buildSameAsStdin(host, path, content, root));
      if (read.code === absentExit) return null;
      if (read.code !== 0 && read.code !== 1)
        throw new Error(`cannot compare ${path} on ${host}: ${read.stderr.trim() || `exit ${read.code}`}`);
      return read.code === 0;
    },
  };
}

/** Runs a form's live source on its host; its values (a secret among them stays in memory). */
export async function readLiveSource(
  ctx: StepContext,
  formId: string,
  sourceId: string,
): Promise<Known<Record<string, string>>> {
  const source = ctx.run.profile.forms[formId]?.live?.[sourceId];
  if (!source) return unknown(`form ${formId} has no live source ${sourceId}`);
  try {
    const script = runText(source.run, (template, context) => ctx.run.scope.render(template, context));
    const read = await quietRead(
      ctx,
      buildRunCommand({
        host: source.host,
        command: script,
        ...(source.run.user !== undefined && { user: source.run.user }),
        description: `read ${formId}.${sourceId}`,
      }),
    );
    if (read.code !== 0)
      return unknown(
        `${formId}.${sourceId} on ${source.host}: exit ${read.code}${read.stderr.trim() ? `: ${ctx.run.redactor.redact(read.stderr.trim().split('\n').slice(-1)[0]!)}` : ''}`,
      );
    const values = liveValues(source, read.stdout);
    for (const field of ctx.run.profile.forms[formId]!.fields)
      if (field.type === 'secret' && values[field.id]) ctx.run.redactor.add(values[field.id]!);
    return { known: true, value: values };
  } catch (error) {
    return unknown(`${formId}.${sourceId} on ${source.host}: ${ctx.run.redactor.redact(message(error))}`);
  }
}

async function configOf(ctx: StepContext): Promise<Known<ConfigFact>> {
  const { step, run } = ctx;
  if (!step.config) return unknown(`${step.id} is not a config step`);
  try {
    const plain = (template: string): string => run.scope.render(template, 'plain');
    const templatePath = plain(step.config.template);
    const io = liveFileIo(ctx);
    const templateText = await io.readLive(step.host, templatePath, false);
    if (templateText === null) return unknown(`the template ${templatePath} is not on ${step.host}`);
    const rendered = renderStepConfig(
      step,
      step.config,
      templateText,
      (t, c) => run.scope.render(t, c),
      (text) => run.redactor.redact(text) !== text,
    );
    for (const secret of rendered.secrets) run.redactor.add(secret.content);
    return { known: true, value: await compareConfig(rendered, io, (text) => run.redactor.redact(text)) };
  } catch (error) {
    return unknown(run.redactor.redact(message(error)));
  }
}

async function unchangedOf(ctx: StepContext, name: string): Promise<Known<SmtpStoredFact>> {
  const [formId = '', sourceId = ''] = name.split('.');
  const live = await readLiveSource(ctx, formId, sourceId);
  if (!live.known) return live;
  const toStore = ctx.run.scope.snapshot().forms[formId];
  if (toStore === undefined) return unknown(`form ${formId} was not asked in this run`);
  return {
    known: true,
    value: compareLive(ctx.run.profile.forms[formId]!.live![sourceId]!, live.value, toStore),
  };
}

/** Reads what `when` needs now and answers from it. */
export async function readWhenView(ctx: StepContext, when: When): Promise<WhenView> {
  const { run } = ctx;
  const conditions = conditionsOf(when).map(({ condition }) => condition);
  const pending = conditions.some((c) => 'pending_migrations' in c)
    ? await readPendingMigrations(run.profile, {
        probe: async (probe) => {
          if (!probe.run) throw new Error(`probe ${probe.id} is not a command`);
          const read = await quietProbe(ctx, { ...probe, run: probe.run });
          if (read.code !== 0)
            throw new Error(`exit ${read.code}: ${read.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
          return read.stdout;
        },
        variable: (name) => run.scope.variable(name),
        migrationsAt,
      })
    : unknown('not read');
  const config = conditions.some((c) => 'config' in c) ? await configOf(ctx) : unknown('not read');
  const sources = new Map<string, Known<SmtpStoredFact>>();
  for (const c of conditions)
    if ('unchanged' in c) sources.set(c.unchanged, await unchangedOf(ctx, c.unchanged));
  const needs = (key: 'target' | 'upload' | 'uploads' | 'configs') => conditions.some((c) => key in c);
  const notRead = unknown('not read');
  const targetLive = needs('target') ? await targetLiveOf(ctx) : notRead;
  const upload = needs('upload') ? await uploadOf(ctx) : notRead;
  const uploads = needs('uploads') ? await uploadsOf(ctx) : notRead;
  const configs = needs('configs') ? await configsOf(ctx) : notRead;
  const assessed = new Map<string, Known<string[]>>();
  for (const c of conditions)
    if ('assessed' in c) assessed.set(c.assessed, asLines(await assessedOf(ctx, c.assessed)));
  return {
    assessed: (name) => assessed.get(name) ?? unknown(`${name} not read`),
    targetLive: () => targetLive,
    upload: () => upload,
    uploads: () => uploads,
    configs: () => configs,
    pendingMigrations: () => pending,
    config: () => config,
    unchanged: (name) => sources.get(name) ?? unknown(`${name} not read`),
    fact: (name) => {
      const value = run.scope.fact(name);
      if (value === undefined) return unknown(`${name} was not saved (yet) in this run`);
      return { known: true, value: typeof value === 'string' ? value : JSON.stringify(value) };
    },
  };
}
