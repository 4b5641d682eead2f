// The values a command line gives a run (`--var NAME=VALUE`, `--commit REF`), checked against the loaded
// profile before anything connects: a refusal is exit 2 with the reason on stderr.
import { existsSync } from 'node:fs';
import { resolveCommit } from '../engine/plan/commit-ref.js';
import { RunScope } from '../engine/run/run-scope.js';
import { parseVarOverrides, withCommit, type RunValues } from '../engine/plan/var-overrides.js';
import type { CommitNames } from '../engine/plan/commit-names.js';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import { sandboxPaths } from '../sandbox/lifecycle/paths.js';

/** What the command line asked for. */
export type ValueOptions = { var?: string[]; commit?: string };

/**
 * The local checkout `--commit` resolves in: `--var repo=DIR` when given, the sandbox world's repository when
 * the sandbox serves the profile, else the profile's `repo` var.
 */
function commitCheckout(
  profile: LoadedProfile,
  values: RunValues,
  home: string,
): { ok: true; dir: string } | { ok: false; message: string } {
  const given = values.overrides.repo;
  if (given !== undefined) return { ok: true, dir: given };
  if (profile.servedBySandbox) {
    const dir = sandboxPaths(home).repo;
    if (existsSync(dir)) return { ok: true, dir };
    return {
      ok: false,
      message: `--commit: the sandbox world has no repository yet (${dir}); \`chom-console sandbox up\` creates it`,
    };
  }
  try {
    const dir = new RunScope(profile, { ...values.overrides }).variable('repo');
    if (dir !== undefined && dir !== '') return { ok: true, dir };
  } catch (error) {
    return {
      ok: false,
      message: `--commit: the profile's repo var cannot be read: ${(error as Error).message}`,
    };
  }
  return {
    ok: false,
    message: `--commit: profile ${profile.name} has no repo var naming the local checkout; give one with --var repo=DIR`,
  };
}

/**
 * Parses --var and resolves --commit; `message` is the refusal to print. In the sandbox a seed name the
 * repository does not know (`--commit bb283db`) names the generated commit standing for it (`names`: generated
 * hash → seed name), so the commits of the README and the runbook can be deployed by the names they use.
 */
export function runValues(
  profile: LoadedProfile,
  options: ValueOptions,
  home: string,
  names: CommitNames = {},
): { ok: true; values: RunValues } | { ok: false; message: string } {
  const parsed = parseVarOverrides(options.var ?? [], { catalog: profile.catalog, vars: profile.vars });
  if (!parsed.ok) return parsed;
  if (options.commit === undefined) return parsed;
  if (!('commit' in profile.vars))
    return {
      ok: false,
      message: `--commit: profile ${profile.name} has no commit var, so there is nothing for --commit to set`,
    };
  const checkout = commitCheckout(profile, parsed.values, home);
  if (!checkout.ok) return checkout;
  let resolved = resolveCommit(checkout.dir, options.commit);
  const seed = Object.entries(names).find(([, name]) => name === options.commit)?.[0];
  const bySeedName = !resolved.ok && seed !== undefined;
  if (bySeedName) resolved = resolveCommit(checkout.dir, seed);
  if (!resolved.ok) return resolved;
  return {
    ok: true,
    values: withCommit(parsed.values, {
      ref: options.commit,
      hash: resolved.hash,
      checkout: checkout.dir,
      ...(bySeedName && { seedName: true as const }),
    }),
  };
}
