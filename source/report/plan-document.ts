// The whole plan as one JSON-ready document: `plan --format json` prints exactly this.
import { userInfo } from 'node:os';
import { displayPath } from '../profile/profile-files.js';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import { previewRender } from '../engine/plan/plan-render.js';
import { deployPlan, planHosts, type DeployPlan } from '../engine/plan/deploy-plan.js';
import { offlineFacts, type PlanFacts } from '../engine/plan/plan-facts.js';
import type { HistoryEntry } from '../engine/run/run-history.js';
import { noRunValues, type RunValues } from '../engine/plan/var-overrides.js';
import { planStep, type PlanStep } from './plan-step.js';
import { planValues, type PlanValue } from './plan-values.js';

/** What `plan` shows: phases and steps with exact commands, checks, probes and rollback targets. */
export type PlanDocument = {
  profile: { name: string; description: string | null; file: string; extends: string[] };
  hosts: { name: string; address: string; user: string | null; embedded: boolean }[];
  /** Every profile var with the value the run uses and its source (profile, --var, --commit). */
  values: PlanValue[];
  phases: { id: string; title: string; steps: PlanStep[] }[];
  checks: { id: string; group: string; title: string; host: string; explain: string }[];
  assess: { id: string; title: string; host: string }[];
  rollback: Record<string, { title: string; steps: PlanStep[] }>;
  /** The deploy plan model (engine/plan/deploy-plan.ts): each step's run · ask · skip · unknown, with the facts. */
  deploy: DeployPlan;
};

/** What the deploy plan decides on: given facts, or the offline ones (nothing read from a host). */
export type PlanDocumentOptions = {
  facts?: PlanFacts;
  history?: readonly HistoryEntry[];
  /** The deploy starts at this phase (`--from`). */
  from?: string;
  /** A partial deploy: the part of the profile's `parts:` it runs (`--only`). */
  only?: string;
  /** Values from the command line (`--var`, `--commit`): runtime vars of the plan, first in lookup order. */
  values?: RunValues;
};

function operator(): string {
  try {
    return userInfo().username;
  } catch {
    return 'operator';
  }
}

/** Builds the plan of a loaded profile without connecting. */
export function planDocument(
  profile: LoadedProfile,
  cwd = process.cwd(),
  options: PlanDocumentOptions = {},
): PlanDocument {
  const values = options.values ?? noRunValues;
  const scope = profile.scope({ runtimeVars: { ...values.overrides }, builtins: { operator: operator() } });
  const render = previewRender(profile, scope);
  const facts =
    options.facts ??
    offlineFacts(profile, {
      variable: (name) => (name in profile.vars ? render(`{{${name}}}`) : undefined),
      history: () => options.history ?? [],
    });
  const steps = (list: LoadedProfile['phases'][number]['steps']) =>
    list.map((step) => planStep(profile, step, scope));
  return {
    profile: {
      name: profile.name,
      description: profile.description ?? null,
      file: displayPath(profile.file, cwd),
      extends: profile.chain.slice(1).map((file) => displayPath(file, cwd)),
    },
    hosts: planHosts(profile),
    values: planValues(profile, scope, values),
    phases: profile.phases.map((phase) => ({ id: phase.id, title: phase.title, steps: steps(phase.steps) })),
    checks: profile.checks.map(({ id, group, title, host, explain }) => ({
      id,
      group,
      title,
      host,
      explain,
    })),
    assess: profile.assess.map(({ id, title, host }) => ({ id, title, host })),
    rollback: Object.fromEntries(
      Object.entries(profile.rollback).flatMap(([target, value]) =>
        value ? [[target, { title: value.title, steps: steps(value.steps) }]] : [],
      ),
    ),
    deploy: deployPlan(
      profile,
      {
        ...(options.from !== undefined ? { from: options.from } : {}),
        ...(options.only !== undefined ? { only: options.only } : {}),
      },
      facts,
      render,
    ),
  };
}

/** `plan --format json`: the document, as one JSON text. */
export function planJson(plan: PlanDocument): string {
  return JSON.stringify(plan, null, 2);
}
