// What the run will do with one step, decided before it starts from read-only facts: run it, ask (a
// critical step's confirmation or a form, with what Cancel does there), skip it (a `when:` whose fact is
// known and does not match, with its reason) or unknown (the fact it depends on was not read).
import type { Profile, Step } from '../../profile/schema.js';
import { cancelPlan } from '../run/cancel-plan.js';
import type { LiveConfig } from '../run/live-state.js';
import type { WhenCondition } from '../../profile/when-schema.js';
import { stepAction, isMutating } from '../../profile/step-action.js';
import { evaluateWhen, type WhenView } from '../run/step-when.js';

/** One step's fate in the plan. */
export type StepDisposition =
  /** `evidence`: why its `when:` does not skip it (absent: it has none). */
  | { kind: 'run'; evidence?: string }
  /** A gate: the operator confirms (critical step) or fills a form; `cancel` says what Cancel does there. */
  | { kind: 'ask'; gate: 'confirm' | 'form'; cancel: string; evidence?: string }
  /** `reason`: the evidence that its target state is reached (or the `else` of a fact's `when:`). */
  | { kind: 'skip'; reason: string }
  /**
   * What its `when:` reads was not read: `fact` names it, `then` is what happens when the condition does
   * not hold (else: skipped, saying `skip`).
   */
  | { kind: 'unknown'; fact: string; why: string; then: 'run' | 'ask'; skip: string };

/** What a plan's `when:` reads (the facts as the plan knows them; see deploy-plan.ts). */
export type PredictedFacts = WhenView;

/** What Cancel does at the gate of `step`, given the steps the run passes before it. */
function cancelAt(profile: Profile, step: Step, before: readonly Step[]): string {
  // As the runner counts it (step-loop.ts): taking or releasing the lock changes nothing a Cancel must undo.
  const mutating = before.filter((s) => isMutating(s) && !['lock', 'unlock'].includes(stepAction(s).kind));
  const activated = new Set<string>();
  const built = new Map<string, string>();
  const configured = new Map<string, LiveConfig>();
  for (const earlier of mutating) {
    const action = stepAction(earlier);
    if (action.kind === 'release' && action.release.op === 'activate') activated.add(earlier.host);
    if (action.kind === 'release' && action.release.op === 'create')
      built.set(earlier.host, 'of this deploy');
    if (action.kind === 'config')
      configured.set(earlier.id, {
        kind: 'changed',
        stepId: earlier.id,
        host: earlier.host,
        files: [action.config.target],
      });
  }
  const plan = cancelPlan({
    mode: 'deploy',
    runId: '<run>',
    stepId: step.id,
    hosts: Object.keys(profile.hosts),
    changed: mutating.length > 0,
    live: new Map(),
    activated,
    built,
    configured,
    rollbacks: {
      app: profile.rollback.app !== undefined,
      observability: profile.rollback.observability !== undefined,
    },
  });
  switch (plan.kind) {
    case 'stop':
      return plan.note;
    case 'ask': {
      const choices = plan.choices.map((choice) =>
        choice === 'rollback'
          ? `roll back ${plan.rollback ?? ''}`.trim()
          : choice === 'back'
            ? 'go back'
            : 'pause',
      );
      return `something changed by then: asks ${choices.join(' · ')}`;
    }
    default: {
      const unreachable: never = plan;
      return unreachable;
    }
  }
}

/** The step's disposition; `before` are the steps the run passes before it (skipped ones excluded). */
export function dispositionOf(
  profile: Profile,
  step: Step,
  before: readonly Step[],
  facts: PredictedFacts,
): StepDisposition {
  const action = stepAction(step);
  const gate = action.kind === 'form' ? 'form' : step.critical ? 'confirm' : null;
  const asked = (): Extract<StepDisposition, { kind: 'run' | 'ask' }> =>
    gate === null ? { kind: 'run' } : { kind: 'ask', gate, cancel: cancelAt(profile, step, before) };
  const when = step.when;
  if (when === undefined) return asked();
  const verdict = evaluateWhen(when, step.id, facts);
  switch (verdict.kind) {
    case 'skip':
      return { kind: 'skip', reason: verdict.evidence };
    case 'run':
      return { ...asked(), evidence: verdict.evidence };
    case 'unknown':
      return {
        kind: 'unknown',
        fact: 'skip_if' in when ? describeWhen(when.skip_if) : when.fact,
        why: verdict.why,
        then: gate === null ? 'run' : 'ask',
        skip: 'skip_if' in when ? `skipped when ${describeWhen(when.skip_if)}` : when.else,
      };
    default: {
      const unreachable: never = verdict;
      return unreachable;
    }
  }
}

/** A condition as one line (`config: identical`, `any of (…)`), for the plan. */
function describeWhen(condition: WhenCondition): string {
  if ('any' in condition) return `any of (${condition.any.map(describeWhen).join(', ')})`;
  if ('all' in condition) return `all of (${condition.all.map(describeWhen).join(', ')})`;
  if ('fact' in condition) return `${condition.fact} matches /${condition.matches}/`;
  const [key, value] = Object.entries(condition)[0]!;
  return `${key}: ${String(value)}`;
}
