// The `form` action: ask the FormGate for a profile form; secret fields go to the redactor before any
// event carries the values, and the form-submitted event masks them.
import type { ActionOutput } from './action-result.js';
import { cancelPlanOf } from '../run/cancel-facts.js';
import { stepFailure } from '../run/failure.js';
import { resolveFormDefaults } from './form-defaults.js';
import { prefillForm, type PrefilledForm } from './form-live.js';
import { readLiveSource } from '../run/when-live.js';
import { validateForm } from './form-validation.js';
import { mask } from '../run/redaction.js';
import type { StepContext } from '../run/run-context.js';

/** Thrown when the operator cancels a form: the run stops as aborted, not failed. */
export class FormCancelled extends Error {
  constructor(readonly formId: string) {
    super(`form ${formId} cancelled by the operator`);
    this.name = 'FormCancelled';
  }
}

export async function formAction(ctx: StepContext, formId: string): Promise<ActionOutput> {
  const { run } = ctx;
  const declared = run.profile.forms[formId];
  if (!declared)
    throw stepFailure(ctx, `form "${formId}" is not defined in the profile`, 'add it under `forms:`');
  // Asked already in this run (a deploy asks its forms before phase 1, for the pre-flight): not again.
  if (run.scope.snapshot().forms[formId] !== undefined) return {};
  const resolved = resolveFormDefaults(declared, (template) => run.scope.render(template, 'plain'));
  const live = await liveForm(ctx, formId);
  const form = live ? live.prefilled.form : resolved;
  run.emit({ type: 'form-requested', formId, stepId: ctx.step.id });
  const answer = await run.gates.form({
    id: formId,
    form,
    stepId: ctx.step.id,
    cancel: cancelPlanOf(run, ctx.step.id),
    ...(live && { live: { complete: live.prefilled.complete, missing: live.prefilled.notFilled } }),
  });
  if (answer === 'cancel') {
    run.emit({ type: 'form-submitted', formId, values: {}, cancelled: true });
    throw new FormCancelled(formId);
  }
  if ('refused' in answer) {
    run.memory.formRefused = answer.refused;
    throw stepFailure(ctx, answer.refused, 'give the values with --values FILE, or deploy on a terminal');
  }
  const values: Record<string, string> = {};
  const shown: Record<string, string> = {};
  for (const field of form.fields) {
    const typed = answer.values[field.id];
    // A secret left empty keeps the live one (never shown, never a default the form could reveal).
    const kept = field.type === 'secret' && !typed ? live?.values[field.id] : undefined;
    const value =
      (typed === '' && kept !== undefined ? undefined : typed) ??
      kept ??
      (field.default !== undefined ? String(field.default) : undefined);
    if (value === undefined || value === '') {
      if (field.required && field.type === 'secret') {
        // nothing typed, given or stored to keep: a usage error (exit 2), before anything changed
        const why = live ? ` and none is stored to keep (${live.prefilled.notFilled.join('; ')})` : '';
        run.memory.formRefused = `the form ${formId} needs the secret "${field.label}" (${formId}.${field.id}): give it with --password-stdin or in the environment (never on the command line)${why}. Nothing was changed.`;
        throw stepFailure(ctx, run.memory.formRefused, 'give the secret on stdin or in the environment');
      }
      if (field.required)
        throw stepFailure(
          ctx,
          `form ${formId}: "${field.label}" is required`,
          'fill it in (or give it in --values)',
        );
      continue;
    }
    values[field.id] = value;
    if (field.type === 'secret') run.redactor.add(value);
    shown[field.id] = field.type === 'secret' ? mask : value;
  }
  // The gate validated what the operator typed; a default resolved from a template is checked here.
  const templated = form.fields.filter(
    (field, i) =>
      declared.fields[i]!.default !== field.default &&
      answer.values[field.id] === undefined &&
      !(live && field.id in live.values),
  );
  const verdict = validateForm({ ...form, fields: templated }, values);
  if (!verdict.valid) {
    const problems = Object.entries(verdict.errors).map(([field, message]) => `${field}: ${message}`);
    throw stepFailure(ctx, `form ${formId}: ${problems.join('; ')}`, 'correct the values (or --values FILE)');
  }
  run.scope.setForm(formId, values);
  run.emit({ type: 'form-submitted', formId, values: shown, cancelled: false });
  return {};
}

/**
 * The form's live values (every source of forms.<id>.live, read now) and the form pre-filled with them;
 * null when it has none. Says on the step's output what was pre-filled (field names, never values).
 */
async function liveForm(
  ctx: StepContext,
  formId: string,
): Promise<{ values: Record<string, string>; prefilled: PrefilledForm } | null> {
  const { run } = ctx;
  const declared = run.profile.forms[formId]!;
  if (!declared.live) return null;
  const values: Record<string, string> = {};
  const unread: string[] = [];
  for (const sourceId of Object.keys(declared.live)) {
    const read = await readLiveSource(ctx, formId, sourceId);
    if (read.known) Object.assign(values, read.value);
    else unread.push(read.why);
  }
  const resolved = resolveFormDefaults(declared, (template) => run.scope.render(template, 'plain'));
  const prefilled = prefillForm(resolved, values);
  // a field of an unread source is said once, by its source's reason
  const notFilled = [
    ...unread,
    ...prefilled.notFilled.filter((line) => !line.endsWith(': not read') || unread.length === 0),
  ];
  const line =
    notFilled.length === 0
      ? `form ${formId}: pre-filled from the live values (${Object.keys(declared.live).join(', ')})`
      : `form ${formId}: not pre-filled: ${notFilled.join('; ')}`;
  run.emit({ type: 'output', host: 'console', stepId: ctx.step.id, stream: 'stdout', line });
  return { values, prefilled: { ...prefilled, notFilled } };
}
