// The one plan model of a deploy: from the profile, what the operator asked (deploy, --from) and read-only
// facts, what the run will do with every phase and step (run · ask · skip · unknown), what it brings (commits,
// pending migrations), where (hosts, production or the sandbox), what it backs up and how the last deploy
// went. Headless `plan` prints it, the TUI's pre-flight screen shows it; `plan --live` and `deploy --plan`
// build on it (issue 16). Pure: the facts are gathered elsewhere (plan-facts.ts).
import type { Profile, Step } from '../../profile/schema.js';
import type { CommitNames } from './commit-names.js';
import { buildRunPlan } from './plan.js';
import { plannedBackups, type PlannedBackup, type PlanRender } from './plan-backups.js';
import { dispositionOf, type PredictedFacts, type StepDisposition } from './plan-disposition.js';
import type { Known, LastRun, PlanFacts } from './plan-facts.js';
import { isMutating } from '../../profile/step-action.js';
import type { PlannedMigration } from './plan-migrations.js';
import { phasesInRunOrder } from '../run/early-lock.js';

/** Version of the model as `plan --format json` prints it (field `deploy`). */
const deployPlanSchema = 'chom-console/deploy-plan@1';

/** A host as the plan shows it. */
export type PlanHost = { name: string; address: string; user: string | null; embedded: boolean };

/** One step and what the run will do with it. */
export type PlannedStep = {
  id: string;
  title: string;
  host: string;
  critical: boolean;
  mutates: boolean;
  disposition: StepDisposition;
};

/** One phase: its steps, or why the run does not reach it (before `--from`). */
export type PlannedPhase = {
  id: string;
  title: string;
  /** Null when the phase runs; else why not. */
  skipped: string | null;
  steps: PlannedStep[];
  /** False when the run holds some of its steps only (a part that borrows one: `--only app` its unlock). */
  whole: boolean;
  /** Ids of its critical steps (each asks, unless skipped). */
  critical: string[];
};

/** The commits a deploy brings: live..target. */
export type PlannedCommits = {
  live: string;
  target: string;
  count: number;
  /** Commits of the live one the target lacks (a deploy backwards). */
  behind: number;
  commits: { short: string; subject: string }[];
};

/** The deploy plan. */
export type DeployPlan = {
  schema: typeof deployPlanSchema;
  profile: string;
  /** True unless every host is the embedded sandbox: a deploy here changes real servers. */
  production: boolean;
  /** `only`: the part of the profile a partial deploy runs (`--only`), null for a whole deploy. */
  request: { mode: 'deploy'; from: string | null; only: string | null };
  /** `live`: facts read from the hosts; `offline`: nothing read from a host (every host fact unknown). */
  facts: PlanFacts['source'];
  hosts: PlanHost[];
  liveRelease: Known<string>;
  liveCommit: Known<string>;
  targetCommit: Known<string>;
  commits: Known<PlannedCommits>;
  pendingMigrations: Known<string[]>;
  /** What each pending migration does (read from the target's PHP), and whether a rollback then needs a restore. */
  classified: Known<PlannedMigration[]>;
  /** Rendered configs against the live ones (diffs redacted), the .env keys, the stored SMTP settings. */
  configs: PlanFacts['configs'];
  envKeys: PlanFacts['envKeys'];
  smtpStored: PlanFacts['smtpStored'];
  phases: PlannedPhase[];
  backups: PlannedBackup[];
  lastRun: LastRun | null;
  /** Generated hash → the seed report's name (the sandbox's; empty elsewhere): commits are shown with it. */
  commitNames: CommitNames;
  /** How many steps of the run do each thing. */
  counts: Record<StepDisposition['kind'], number>;
};

/** The plan's hosts (the address of an embedded host is the sandbox). */
export function planHosts(profile: Profile): PlanHost[] {
  return Object.entries(profile.hosts).map(([name, host]) =>
    'embedded' in host
      ? { name, address: 'embedded sandbox', user: host.user ?? null, embedded: true }
      : {
          name,
          address: host.port === undefined ? host.address : `${host.address}:${host.port}`,
          user: host.user ?? null,
          embedded: false,
        },
  );
}

const unknownFact = (why: string) => ({ known: false as const, why });

/**
 * What a `when:` reads, as the plan knows it: the pending migrations (the database's ran ones against the
 * target's files), each config step's rendered files against the live ones, each form source's live values
 * against the ones to store. A fact a step saves during the run cannot be predicted (unknown).
 */
function predictFacts(facts: PlanFacts): PredictedFacts {
  return {
    pendingMigrations: () => facts.pendingMigrations,
    config: (stepId) => {
      if (!facts.configs.known) return facts.configs;
      const config = facts.configs.value.find((fact) => fact.step === stepId);
      return config
        ? { known: true, value: config }
        : unknownFact(facts.configErrors?.[stepId] ?? `${stepId} was not compared`);
    },
    unchanged: (source) => facts.formSources?.[source] ?? unknownFact(`${source} was not read`),
    fact: (name) => unknownFact(`${name} is saved during the run; the plan cannot predict it`),
  };
}

const commitsOf = (facts: PlanFacts): Known<PlannedCommits> =>
  facts.commits.known
    ? { known: true, value: { ...facts.commits.value, count: facts.commits.value.commits.length } }
    : facts.commits;

/** The configs as a plan carries them: a secret file says whether it changed, never a line of it. */
function withoutSecretDiffs(configs: PlanFacts['configs']): PlanFacts['configs'] {
  if (!configs.known) return configs;
  return {
    known: true,
    value: configs.value.map((config) => ({
      ...config,
      files: config.files.map((file) => (file.secret ? { ...file, diff: [] } : file)),
    })),
  };
}

/** Builds the deploy plan; throws a PlanError for an unknown `--from` phase. */
/** Why a phase of the runbook is not run: before `--from`, or outside the part `--only` names. */
function notRun(request: { from?: string; only?: string }, inPart: boolean): string {
  return request.only !== undefined && !inPart
    ? `not part of --only ${request.only}: not run`
    : `before --from ${request.from ?? ''}: not run`;
}

/** Builds the deploy plan; throws a PlanError for an unknown `--from` phase or `--only` part. */
export function deployPlan(
  profile: Profile,
  request: { from?: string; only?: string },
  facts: PlanFacts,
  /** Renders titles and paths for display (a preview: no `{{` may reach a screen). */
  render: PlanRender,
  commitNames: CommitNames = {},
  /** The pending migrations classified (plan --live and the pre-flight read their PHP). */
  classified: Known<PlannedMigration[]> = {
    known: false,
    why: 'not read (the plan reads no migration source)',
  },
): DeployPlan {
  const only = request.only !== undefined ? { only: request.only } : {};
  const run = buildRunPlan(profile, {
    mode: 'deploy',
    ...(request.from ? { from: request.from } : {}),
    ...only,
  });
  // A part's phases may hold some steps of a phase only, and the lock it takes first (early-lock.ts).
  const runPhases = run.mode === 'deploy' ? phasesInRunOrder(run.phases, new Set(), profile.phases) : [];
  const running = new Map(runPhases.map((phase) => [phase.id, phase.steps]));
  const inPart = new Set(
    request.only === undefined
      ? []
      : (buildRunPlan(profile, { mode: 'deploy', ...only }).phases ?? []).map((p) => p.id),
  );
  const predicted = predictFacts(facts);
  const passed: Step[] = [];
  const phases = profile.phases.map((phase): PlannedPhase => {
    const skipped = running.has(phase.id) ? null : notRun(request, inPart.has(phase.id));
    const steps =
      skipped !== null
        ? []
        : (running.get(phase.id) ?? []).map((step): PlannedStep => {
            const disposition = dispositionOf(profile, step, passed, predicted);
            if (disposition.kind !== 'skip') passed.push(step);
            return {
              id: step.id,
              title: render(step.title),
              host: step.host,
              critical: step.critical,
              mutates: isMutating(step),
              disposition,
            };
          });
    return {
      id: phase.id,
      title: phase.title,
      skipped,
      steps,
      whole: skipped !== null || phase.steps.every((step) => steps.some((s) => s.id === step.id)),
      critical: phase.steps.filter((step) => step.critical).map((step) => step.id),
    };
  });
  const counts = { run: 0, ask: 0, skip: 0, unknown: 0 };
  for (const step of phases.flatMap((phase) => phase.steps)) counts[step.disposition.kind] += 1;
  const hosts = planHosts(profile);
  return {
    schema: deployPlanSchema,
    profile: profile.name,
    production: hosts.some((host) => !host.embedded),
    request: { mode: 'deploy', from: request.from ?? null, only: request.only ?? null },
    facts: facts.source,
    hosts,
    liveRelease: facts.liveRelease,
    liveCommit: facts.liveCommit,
    targetCommit: facts.targetCommit,
    commits: commitsOf(facts),
    pendingMigrations: facts.pendingMigrations,
    classified,
    configs: withoutSecretDiffs(facts.configs),
    envKeys: facts.envKeys,
    smtpStored: facts.smtpStored,
    phases,
    backups: plannedBackups(passed, render),
    lastRun: facts.lastRun,
    commitNames: { ...commitNames },
    counts,
  };
}
