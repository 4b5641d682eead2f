// What the run will do with one step, decided before it starts from read-only facts: run it, ask (a
// critical step's confirmation or a form, with what Cancel does there), skip it (a `when:` whose fact is
// known and does not match, with its reason) or unknown (the fact it depends on was not read).
import type { Profile, Step } from '../../profile/schema.js';
import { cancelPlan } from '../run/cancel-plan.js';
import type { LiveConfig } from '../run/live-state.js';
import type { Known } from './plan-facts.js';
import { stepAction, isMutating } from '../../profile/step-action.js';
import { skipReason } from '../run/step-when.js';

/** One step's fate in the plan. */
export type StepDisposition =
  | { kind: 'run' }
  /** A gate: the operator confirms (critical step) or fills a form; `cancel` says what Cancel does there. */
  | { kind: 'ask'; gate: 'confirm' | 'form'; cancel: string }
  | { kind: 'skip'; reason: string }
  /** The `when:` fact was not read: `then` is what happens when it matches (else: skipped, saying `skip`). */
  | { kind: 'unknown'; fact: string; why: string; then: 'run' | 'ask'; skip: string };

/** Facts a `when:` may name, as the plan predicts them (the run saves them later). */
export type PredictedFacts = Readonly<Record<string, Known<string>>>;

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
  const asked = (): StepDisposition =>
    gate === null ? { kind: 'run' } : { kind: 'ask', gate, cancel: cancelAt(profile, step, before) };
  const when = step.when;
  if (when === undefined) return asked();
  const fact = facts[when.fact];
  if (fact === undefined || !fact.known)
    return {
      kind: 'unknown',
      fact: when.fact,
      why: fact?.why ?? `${when.fact} is saved during the run; the plan cannot predict it`,
      then: gate === null ? 'run' : 'ask',
      skip: when.else,
    };
  const reason = skipReason(step, { [when.fact]: fact.value });
  return reason === null ? asked() : { kind: 'skip', reason };
}
