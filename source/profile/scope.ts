// The values a template may use during a run, and how one name is looked up among them
// (architecture.md, Interpolation: runtime vars, vars, form fields, facts with JSON paths, built-ins).
import { isSecretName, splitName, type NameSource } from './name-catalog.js';

/** What a template may refer to at run time, in lookup order. */
export type Scope = {
  runtimeVars: Readonly<Record<string, string>>;
  /** The profile's vars: templates themselves, expanded (as plain text) before use. */
  vars: Readonly<Record<string, string | number | boolean>>;
  /** form id → field id → value */
  forms: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** fact name → a string or parsed JSON */
  facts: Readonly<Record<string, unknown>>;
  builtins: Readonly<Record<string, string>>;
  /** `FORM.FIELD` and fact JSON paths whose values are secrets (LoadedProfile.secretNames). */
  secrets: readonly string[];
};

/** An empty scope (a starting point for callers and tests). */
export function emptyScope(overrides: Partial<Scope> = {}): Scope {
  return { runtimeVars: {}, vars: {}, forms: {}, facts: {}, builtins: {}, secrets: [], ...overrides };
}

/** The result of looking a name up. A var is returned unexpanded: the caller renders it. */
export type Lookup =
  { found: true; source: NameSource; value: string; secret: boolean } | { found: false; reason: string };

function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

function factAt(fact: unknown, path: string): unknown {
  let value = fact;
  for (const segment of path === '' ? [] : path.split('.')) {
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value) as unknown;
      } catch {
        return undefined;
      }
    }
    if (value === null || typeof value !== 'object' || !hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Looks one name up in lookup order; never expands vars. */
export function lookupName(name: string, scope: Scope): Lookup {
  const secret = isSecretName(name, scope.secrets);
  if (hasOwn(scope.runtimeVars, name)) {
    return { found: true, source: 'runtime', value: scope.runtimeVars[name]!, secret };
  }
  if (hasOwn(scope.vars, name))
    return { found: true, source: 'var', value: String(scope.vars[name]), secret };
  const { root, rest } = splitName(name);
  const form = hasOwn(scope.forms, root) ? scope.forms[root] : undefined;
  if (form && rest !== '' && hasOwn(form, rest))
    return { found: true, source: 'form', value: form[rest]!, secret };
  if (hasOwn(scope.facts, root)) {
    const value = factAt(scope.facts[root], rest);
    if (value === undefined) return { found: false, reason: `fact "${root}" has no value at "${rest}"` };
    return { found: true, source: 'fact', value: text(value), secret };
  }
  if (hasOwn(scope.builtins, name))
    return { found: true, source: 'builtin', value: scope.builtins[name]!, secret };
  return { found: false, reason: `no runtime var, var, form field, fact or built-in is named "${name}"` };
}
