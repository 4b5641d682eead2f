// A step's single action as a discriminated union, and whether the step can change a host.
import type {
  ConfigAction,
  HttpAction,
  LockAction,
  ReleaseAction,
  RunAction,
  Step,
  UploadAction,
} from './schema.js';

/** The one action of a step, discriminated by `kind` (`unlock` carries its lock settings as `lock`). */
export type StepAction =
  | { kind: 'run'; run: RunAction }
  | { kind: 'http'; http: HttpAction }
  | { kind: 'upload'; upload: UploadAction }
  | { kind: 'form'; form: string }
  | { kind: 'release'; release: ReleaseAction }
  | { kind: 'config'; config: ConfigAction }
  | { kind: 'lock'; lock: LockAction }
  | { kind: 'unlock'; lock: LockAction };

/** The step's action; throws naming the step when it has none or several (a loaded profile never does). */
export function stepAction(step: Step): StepAction {
  const found: StepAction[] = [];
  if (step.run) found.push({ kind: 'run', run: step.run });
  if (step.http) found.push({ kind: 'http', http: step.http });
  if (step.upload) found.push({ kind: 'upload', upload: step.upload });
  if (step.form !== undefined) found.push({ kind: 'form', form: step.form });
  if (step.release) found.push({ kind: 'release', release: step.release });
  if (step.config) found.push({ kind: 'config', config: step.config });
  if (step.lock) found.push({ kind: 'lock', lock: step.lock });
  if (step.unlock) found.push({ kind: 'unlock', lock: step.unlock });
  const [only] = found;
  if (found.length !== 1 || !only) {
    const kinds = found.map((action) => action.kind).join(', ') || 'none';
    throw new Error(`step "${step.id}": expected exactly one action, found ${kinds}`);
  }
  return only;
}

/** Whether a step may change a host: an explicit `mutates` wins; GET/HEAD requests and forms do not. */
export function stepMutates(step: Step): boolean {
  if (step.mutates !== undefined) return step.mutates;
  const action = stepAction(step);
  switch (action.kind) {
    case 'http':
      return action.http.method === 'POST';
    case 'form':
      return false;
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

/**
 * Whether a step may change a host, failing closed: a step whose action cannot be determined counts as changing,
 * so a malformed step can never slip through a read-only mode.
 */
export function isMutating(step: Step): boolean {
  try {
    return stepMutates(step);
  } catch {
    return true;
  }
}
