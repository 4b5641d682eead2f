// A step's single action as a discriminated union, and whether it can change a host.
import type {
  ConfigAction,
  HttpAction,
  LockAction,
  ReleaseAction,
  RunAction,
  Step,
  UploadAction,
} from '../profile/schema.js';

/** The one action of a step, discriminated by `kind`. */
export type StepAction =
  | { kind: 'run'; run: RunAction }
  | { kind: 'http'; http: HttpAction }
  | { kind: 'upload'; upload: UploadAction }
  | { kind: 'form'; form: string }
  | { kind: 'release'; release: ReleaseAction }
  | { kind: 'config'; config: ConfigAction }
  | { kind: 'lock'; lock: LockAction }
  | { kind: 'unlock'; unlock: LockAction };

/** Throws naming the step when it has no action or several (the loader normally catches this first). */
export function actionOf(step: Step): StepAction {
  const found: StepAction[] = [];
  if (step.run) found.push({ kind: 'run', run: step.run });
  if (step.http) found.push({ kind: 'http', http: step.http });
  if (step.upload) found.push({ kind: 'upload', upload: step.upload });
  if (step.form !== undefined) found.push({ kind: 'form', form: step.form });
  if (step.release) found.push({ kind: 'release', release: step.release });
  if (step.config) found.push({ kind: 'config', config: step.config });
  if (step.lock) found.push({ kind: 'lock', lock: step.lock });
  if (step.unlock) found.push({ kind: 'unlock', unlock: step.unlock });
  if (found.length !== 1) {
    throw new Error(
      `step ${step.id}: expected exactly one action, found ${found.map((a) => a.kind).join(', ') || 'none'}`,
    );
  }
  return found[0]!;
}

/**
 * Whether a step may change a host. An explicit `mutates` wins; otherwise everything but a form and a
 * GET/HEAD request counts as mutating, so that an unknown case fails closed in read-only modes.
 */
export function isMutating(step: Step): boolean {
  if (step.mutates !== undefined) return step.mutates;
  let action: StepAction;
  try {
    action = actionOf(step);
  } catch {
    return true;
  }
  switch (action.kind) {
    case 'form':
      return false;
    case 'http':
      return action.http.method === 'POST';
    case 'run':
    case 'upload':
    case 'release':
    case 'config':
    case 'lock':
    case 'unlock':
      return true;
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}
