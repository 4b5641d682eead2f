// Headless never guesses: before connecting anywhere, list what the run would have to ask — critical steps
// (answered only by --yes) and forms (answered only by --values plus a secret source) — and refuse with
// exit 2 when an answer is missing, so a deploy never stops half-way for a question nobody can answer.
import type { LoadedProfile } from '../profile/loaded-profile.js';
import type { Phase, Step } from '../profile/schema.js';

/** What the run will ask: its critical steps and the forms of its form steps. */
export type RunQuestions = {
  critical: { step: Step; phaseId: string }[];
  forms: { formId: string; step: Step }[];
};

/** The questions of `phases`, leaving out steps a resumed run skips without asking. */
export function runQuestions(
  profile: LoadedProfile,
  phases: Phase[],
  completed: ReadonlySet<string> = new Set(),
): RunQuestions {
  const questions: RunQuestions = { critical: [], forms: [] };
  for (const phase of phases) {
    for (const step of phase.steps) {
      const action = profile.stepAction(step);
      if (action.kind === 'form') questions.forms.push({ formId: action.form, step });
      else if (step.critical && !completed.has(step.id)) questions.critical.push({ step, phaseId: phase.id });
    }
  }
  return questions;
}

/** The refusal for critical steps without --yes, naming each step, its host and the flag. */
export function criticalRefusal(command: string, questions: RunQuestions): string {
  const steps = questions.critical.map(
    ({ step, phaseId }) => `  - ${step.id} on ${step.host} (${phaseId}): ${step.title}`,
  );
  return [
    `refused: this ${command} has ${steps.length} critical step${steps.length === 1 ? '' : 's'} that need${steps.length === 1 ? 's' : ''} confirmation, and a headless run confirms only with --yes:`,
    ...steps,
    `Nothing was changed. Review them with \`chom-console plan\`, then run again with --yes (or without --plain on a terminal to confirm each one).`,
  ].join('\n');
}
