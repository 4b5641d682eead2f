// The `form` action: ask the FormGate for a profile form; secret fields go to the redactor before any
// event carries the values, and the form-submitted event masks them.
import type { ActionOutput } from './action-result.js';
import { cancelPlanOf } from '../run/cancel-facts.js';
import { stepFailure } from '../run/failure.js';
import { resolveFormDefaults } from './form-defaults.js';
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
  const form = resolveFormDefaults(declared, (template) => run.scope.render(template, 'plain'));
  run.emit({ type: 'form-requested', formId, stepId: ctx.step.id });
  const answer = await run.gates.form({
    id: formId,
    form,
    stepId: ctx.step.id,
    cancel: cancelPlanOf(run, ctx.step.id),
  });
  if (answer === 'cancel') {
    run.emit({ type: 'form-submitted', formId, values: {}, cancelled: true });
    throw new FormCancelled(formId);
  }
  const values: Record<string, string> = {};
  const shown: Record<string, string> = {};
  for (const field of form.fields) {
    const value =
      answer.values[field.id] ?? (field.default !== undefined ? String(field.default) : undefined);
    if (value === undefined || value === '') {
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
    (field, i) => declared.fields[i]!.default !== field.default && answer.values[field.id] === undefined,
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
