// The names a merged profile provides (vars, form fields, facts, runtime vars, built-ins) and which are secret.
import { builtinNames, isSandboxName, sandboxRuntimeVars, type NameCatalog } from './name-catalog.js';
import type { Profile, ProbeParse, Step } from './schema.js';

/** Every step of the profile with its YAML path: phases first, then rollback targets. */
export function allSteps(profile: Profile): { step: Step; path: (string | number)[] }[] {
  const steps = profile.phases.flatMap((phase, p) =>
    phase.steps.map((step, s) => ({ step, path: ['phases', p, 'steps', s] })),
  );
  for (const [target, rollback] of Object.entries(profile.rollback)) {
    rollback?.steps.forEach((step, s) => steps.push({ step, path: ['rollback', target, 'steps', s] }));
  }
  return steps;
}

function parsedFacts(parse: ProbeParse): string[] {
  if ('fact' in parse) return [parse.fact];
  return [...Object.keys(parse.facts), ...('lists' in parse ? Object.keys(parse.lists ?? {}) : [])];
}

/**
 * Whether the sandbox world serves a profile: a host is `embedded: true`, the profile declares one of the
 * sandbox's runtime vars, or the caller says so (`CHOM_CONSOLE_SANDBOX=1`: the sandbox runbook over real sshd).
 * Every command asks this one question, so `plan` and `profiles validate` know the same names as `deploy`.
 */
export function servedBySandbox(profile: Profile, sandboxForced: boolean): boolean {
  return (
    sandboxForced ||
    Object.values(profile.hosts).some((host) => 'embedded' in host) ||
    profile.runtime_vars.some(isSandboxName)
  );
}

/** The runtime vars a profile may use: declared, supplied by the caller, and the sandbox's when it serves it. */
function runtimeVarNames(profile: Profile, supplied: readonly string[], sandbox: boolean): string[] {
  return [...new Set([...profile.runtime_vars, ...supplied, ...(sandbox ? sandboxRuntimeVars : [])])];
}

/** The name catalog of a merged profile. */
export function buildCatalog(
  profile: Profile,
  suppliedRuntimeVars: readonly string[],
  sandbox: boolean,
): NameCatalog {
  const forms = new Map(
    Object.entries(profile.forms).map(([id, form]) => [id, new Set(form.fields.map((field) => field.id))]),
  );
  const secrets = new Set<string>();
  for (const [id, form] of Object.entries(profile.forms)) {
    for (const field of form.fields) if (field.type === 'secret') secrets.add(`${id}.${field.id}`);
  }
  const facts = new Set<string>();
  for (const { step } of allSteps(profile)) {
    if (step.save_as === undefined) continue;
    facts.add(step.save_as);
    for (const path of step.secret_paths ?? [])
      secrets.add(path === '' ? step.save_as : `${step.save_as}.${path}`);
  }
  for (const probe of profile.assess) for (const fact of parsedFacts(probe.parse)) facts.add(fact);
  return {
    runtimeVars: new Set(runtimeVarNames(profile, suppliedRuntimeVars, sandbox)),
    vars: new Set(Object.keys(profile.vars)),
    forms,
    facts,
    builtins: new Set(builtinNames),
    secrets,
  };
}
