// The names a template may use during a run, kept as the profile module's `Scope` (runtime vars, vars,
// forms, facts, built-ins, secret names) and rendered with its `interpolate`.
import { interpolate, type InterpolationContext, type Scope } from '../../profile/interpolate.js';
import type { Profile } from '../../profile/schema.js';

/** The built-in names the engine maintains. */
export type BuiltinName =
  | 'run_id'
  | 'operator'
  | 'release_id'
  | 'release_path'
  | 'rollback_target'
  | 'rollback_snapshot'
  | 'staged'
  | 'profile_dir';

/** `FORM.FIELD` of secret fields and `FACT.PATH` of every step's `secret_paths`, across all step lists. */
function secretNames(profile: Profile): string[] {
  const names: string[] = [];
  for (const [formId, form] of Object.entries(profile.forms)) {
    for (const field of form.fields) if (field.type === 'secret') names.push(`${formId}.${field.id}`);
  }
  const steps = [
    ...profile.phases.flatMap((p) => p.steps),
    ...Object.values(profile.rollback).flatMap((r) => r?.steps ?? []),
  ];
  for (const step of steps) {
    if (!step.save_as) continue;
    for (const path of step.secret_paths ?? [])
      names.push(path === '' || path === '.' ? step.save_as : `${step.save_as}.${path}`);
  }
  return names;
}

export class RunScope {
  private readonly scope: {
    runtimeVars: Record<string, string>;
    vars: Record<string, string | number | boolean>;
    forms: Record<string, Record<string, string>>;
    facts: Record<string, unknown>;
    builtins: Record<string, string>;
    secrets: string[];
  };

  constructor(profile: Profile, runtimeVars: Record<string, string> = {}) {
    this.scope = {
      runtimeVars: { ...runtimeVars },
      vars: { ...profile.vars },
      forms: {},
      facts: {},
      builtins: {},
      secrets: secretNames(profile),
    };
  }

  setForm(formId: string, values: Record<string, string>): void {
    this.scope.forms[formId] = { ...values };
  }

  setFact(name: string, value: unknown): void {
    this.scope.facts[name] = value;
  }

  setBuiltin(name: BuiltinName, value: string): void {
    this.scope.builtins[name] = value;
  }

  /** A fact or built-in by name (undefined when not known yet). */
  fact(name: string): unknown {
    return this.scope.facts[name] ?? this.scope.builtins[name];
  }

  /** A runtime var or profile var (expanded) by name, for the engine's own use (e.g. `repo`). */
  variable(name: string): string | undefined {
    if (name in this.scope.runtimeVars) return this.scope.runtimeVars[name];
    return name in this.scope.vars ? this.render(`{{${name}}}`, 'plain') : undefined;
  }

  /** The Scope as the profile module reads it (for previews and tests). */
  snapshot(): Scope {
    return this.scope;
  }

  /** Interpolates a template; throws InterpolationError on unknown names or secrets in the wrong place. */
  render(
    template: string,
    context: InterpolationContext,
    extra: Partial<Record<BuiltinName, string>> = {},
  ): string {
    const scope =
      Object.keys(extra).length === 0
        ? this.scope
        : { ...this.scope, builtins: { ...this.scope.builtins, ...extra } };
    return interpolate(template, scope, context);
  }
}
