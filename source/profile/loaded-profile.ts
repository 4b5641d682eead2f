// A validated, merged profile plus what the engine needs around it: where it came from, which names are
// secret or facts, and the step helpers.
import { dirname } from 'node:path';
import { nodeAt, type LocatedNode } from './located-path.js';
import type { NameCatalog } from './name-catalog.js';
import type { PathSegments } from './profile-issue.js';
import type { Profile, Step } from './schema.js';
import type { Scope } from './scope.js';
import { stepAction, stepMutates, type StepAction } from './step-action.js';

/** A profile ready to run: the parsed model (defaults applied) and its provenance and helpers. */
export type LoadedProfile = Profile & {
  /** Absolute path of the requested profile file. */
  file: string;
  dir: string;
  /** Absolute paths, the requested file first, then what it extends, and so on. */
  chain: string[];
  /** `FORM.FIELD` of secret fields and secret fact paths (`smtp_api.data.password`). */
  secretNames: string[];
  factNames: string[];
  runtimeVarNames: string[];
  /** The sandbox world serves this profile (profile-catalog.ts `servedBySandbox`): commands start or reuse it. */
  servedBySandbox: boolean;
  catalog: NameCatalog;
  stepAction(step: Step): StepAction;
  stepMutates(step: Step): boolean;
  /** `file:line:column` of the value at a YAML path (for runtime errors that point back at the profile). */
  locate(path: PathSegments): string;
  /** A run scope with this profile's vars and secrets; the caller adds what it knows. */
  scope(values?: Partial<Omit<Scope, 'vars' | 'secrets'>>): Scope;
};

/** Wraps a validated profile. */
export function toLoadedProfile(
  profile: Profile,
  chain: string[],
  catalog: NameCatalog,
  /** The merged located tree, or how to read it when first needed (a cached profile). */
  root: LocatedNode | (() => LocatedNode),
  servedBySandbox: boolean,
): LoadedProfile {
  const file = chain[0]!;
  return {
    ...profile,
    file,
    dir: dirname(file),
    chain,
    secretNames: [...catalog.secrets],
    factNames: [...catalog.facts],
    runtimeVarNames: [...catalog.runtimeVars],
    servedBySandbox,
    catalog,
    stepAction,
    stepMutates,
    locate(path) {
      const origin = nodeAt(typeof root === 'function' ? root() : root, path).origin;
      return `${origin.file}:${origin.line}:${origin.column}`;
    },
    scope(values = {}) {
      return {
        runtimeVars: values.runtimeVars ?? {},
        vars: profile.vars,
        forms: values.forms ?? {},
        facts: values.facts ?? {},
        builtins: { profile_dir: dirname(file), ...values.builtins },
        secrets: [...catalog.secrets],
      };
    },
  };
}
