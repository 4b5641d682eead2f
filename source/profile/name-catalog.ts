// Which names exist in a profile, independent of their values: the loader checks templates against it and
// `plan` uses it to label values not known before a run (‹fact:…›, ‹runtime:…›).

/** Where a name comes from, in the lookup order of architecture.md. */
export type NameSource = 'runtime' | 'var' | 'form' | 'fact' | 'builtin';

/** The names a profile may use in templates. */
export type NameCatalog = {
  runtimeVars: ReadonlySet<string>;
  vars: ReadonlySet<string>;
  /** form id → field ids */
  forms: ReadonlyMap<string, ReadonlySet<string>>;
  facts: ReadonlySet<string>;
  builtins: ReadonlySet<string>;
  /** `FORM.FIELD` of secret fields and fact JSON paths listed in `secret_paths`. */
  secrets: ReadonlySet<string>;
};

/** Built-in names the engine sets during a run (architecture.md). */
export const builtinNames = [
  'run_id',
  'operator',
  'release_id',
  'release_path',
  'rollback_target',
  'rollback_snapshot',
  'staged',
  'profile_dir',
] as const;

/** Runtime vars the sandbox world exports (architecture.md): known to every profile it serves (profile-catalog.ts). */
export const sandboxRuntimeVars = [
  'world',
  'sandbox_app_url',
  'sandbox_prometheus_url',
  'sandbox_alertmanager_url',
  'sandbox_grafana_url',
  'sandbox_smtp_host',
  'sandbox_smtp_port',
  'sandbox_repo_url',
] as const;

/** A sandbox runtime var's name (`world`, `sandbox_*`): declaring one means the sandbox serves the profile. */
export function isSandboxName(name: string): boolean {
  return name === 'world' || name.startsWith('sandbox_');
}

/** Splits `a.b.c` into its root `a` and the rest `b.c` ('' when there is none). */
export function splitName(name: string): { root: string; rest: string } {
  const dot = name.indexOf('.');
  return dot < 0 ? { root: name, rest: '' } : { root: name.slice(0, dot), rest: name.slice(dot + 1) };
}

/** Where a name resolves, or undefined when nothing in the profile provides it. */
export function classifyName(name: string, catalog: NameCatalog): NameSource | undefined {
  if (catalog.runtimeVars.has(name)) return 'runtime';
  if (catalog.vars.has(name)) return 'var';
  const { root, rest } = splitName(name);
  if (rest !== '' && !rest.includes('.') && catalog.forms.get(root)?.has(rest)) return 'form';
  if (catalog.facts.has(root)) return 'fact';
  if (catalog.builtins.has(name)) return 'builtin';
  return undefined;
}

/** A name is secret when it is a secret, lies inside one, or contains one (a whole fact holding a secret). */
export function isSecretName(name: string, secrets: Iterable<string>): boolean {
  for (const secret of secrets) {
    if (secret === name || secret.startsWith(`${name}.`) || name.startsWith(`${secret}.`)) return true;
  }
  return false;
}
