// `deploy --only NAME`: the phases a partial deploy runs, from the profile's `parts:` (never a list in the CLI).
// The part's phases (and the single steps it names) in the runbook's order; a part that changes a host
// releases the deploy lock at its end like a whole deploy, so the runbook's unlock step is added when the part
// lacks it. The lock itself is taken first by the runner (early-lock.ts), wherever the runbook puts it.
import type { Phase, Profile, Step } from '../../profile/schema.js';
import { closest } from '../../profile/schema-keys.js';
import { isMutating, stepAction } from '../../profile/step-action.js';
import { PlanError } from './plan-error.js';

/** Longest part name echoed back in a refusal: the rest of a hostile argument is cut. */
const echoLimit = 40;

/** A name as a refusal quotes it: printable ASCII only (escapes shown as \u…), at most {@link echoLimit}. */
function quotedName(name: string): string {
  const cut = name.length > echoLimit ? `${name.slice(0, echoLimit)}…` : name;
  const printable = [...cut]
    .map((char) =>
      /^[\x20-\x7e…]$/.test(char) ? char : `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
    )
    .join('');
  return `"${printable}"`;
}

/** What `--only` accepts: the profile's part names with their titles, for help and refusals. */
function knownParts(profile: Profile): string {
  const names = Object.entries(profile.parts).map(([name, part]) => `${name} (${part.title})`);
  return names.length > 0 ? names.join(', ') : 'none (the profile has no parts: section)';
}

const isUnlock = (step: Step): boolean => {
  try {
    return stepAction(step).kind === 'unlock';
  } catch {
    return false;
  }
};

/** The phases of part `name`, in run order; a PlanError names the known parts when there is no such part. */
export function partPhases(profile: Profile, name: string): Phase[] {
  const part = Object.hasOwn(profile.parts, name) ? profile.parts[name] : undefined;
  if (part === undefined) {
    const guess = closest(name, Object.keys(profile.parts));
    throw new PlanError(
      `no part ${quotedName(name)} in profile ${profile.name}; parts: ${knownParts(profile)}${guess ? `; did you mean "${guess}"?` : ''}`,
      '--only',
    );
  }
  const phases = profile.phases.flatMap((phase) => {
    const whole = part.phases.includes(phase.id);
    const steps = whole ? phase.steps : phase.steps.filter((step) => part.steps.includes(step.id));
    return steps.length === 0 ? [] : [{ ...phase, steps }];
  });
  const steps = phases.flatMap((phase) => phase.steps);
  if (!steps.some(isMutating) || steps.some(isUnlock)) return phases;
  const unlockPhase = profile.phases.find((phase) => phase.steps.some(isUnlock));
  const unlock = unlockPhase?.steps.find(isUnlock);
  if (unlockPhase === undefined || unlock === undefined) return phases;
  const last = phases[phases.length - 1];
  if (last?.id === unlockPhase.id)
    return [...phases.slice(0, -1), { ...last, steps: [...last.steps, unlock] }];
  return [...phases, { ...unlockPhase, steps: [unlock] }];
}
