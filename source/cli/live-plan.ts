// The pre-flight's facts over the console's own connections: the profile's assessment probes (live commit,
// ran migrations) run read-only on their hosts, the local checkout read with git, the journals on this
// machine. Nothing here changes a host: the probes are the assessment's, which assess proves read-only.
import type { CommitNames } from '../engine/plan/commit-names.js';
import { deployPlan, type DeployPlan } from '../engine/plan/deploy-plan.js';
import { gatherPlanFacts, type Known, type PlanFacts, type PlanFactsIo } from '../engine/plan/plan-facts.js';
import { previewRender } from '../engine/plan/plan-render.js';
import { commitRange, migrationsAt } from '../engine/assess/repo/repo-range.js';
import { runHistory } from '../engine/run/run-history.js';
import type { RunScope } from '../engine/run/run-scope.js';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import { runText } from '../engine/run/run-text.js';
import { classifyPending, type PlannedMigration } from '../engine/plan/plan-migrations.js';
import { migrationSourceAt } from '../engine/assess/repo/repo-migration-source.js';
import { envExampleKeys } from '../engine/assess/repo/repo-env.js';
import { readFile } from 'node:fs/promises';

/** Journals read for the last deploy (each can be large; home reads as few). */
const historyDepth = 20;

/** What the pre-flight needs of the console services. */
export type PlanReadIo = {
  profile: LoadedProfile;
  /** The console's state directory (journals). */
  stateDir: string;
  scope: RunScope;
  /** Runs a read-only script on a host; rejects naming the host and its stderr. */
  read: (host: string, script: string, run?: { user?: string }) => Promise<string>;
  /** The sandbox's seed names of its generated commits (empty elsewhere). */
  commitNames?: CommitNames;
  /** Runs a read-only script whose output stays in the engine (config and settings comparisons). */
  exec?: (
    host: string,
    script: string,
    stdin?: string,
  ) => Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** The form values the run would store (--values); absent: the live ones. */
  formValues?: (formId: string) => Record<string, string> | undefined;
};

/** The facts IO of the TUI's pre-flight. */
export function planFactsIo({ stateDir, scope, read, exec, formValues }: PlanReadIo): PlanFactsIo {
  return {
    ...(exec && {
      compare: {
        exec,
        readLocal: (path: string) => readFile(path, 'utf8'),
        envExampleKeys,
        scope: () => scope.snapshot(),
        formValues: formValues ?? (() => undefined),
      },
    }),
    probe: async (probe) => {
      if (!probe.run) throw new Error(`probe ${probe.id} is not a command (http probes run in assess only)`);
      const { user } = probe.run;
      const script = runText(probe.run, (template, context) => scope.render(template, context));
      return read(probe.host, script, user !== undefined ? { user } : {});
    },
    variable: (name) => {
      try {
        return scope.variable(name);
      } catch {
        return undefined;
      }
    },
    commitRange,
    migrationsAt,
    history: () => runHistory(stateDir, historyDepth).entries,
  };
}

/** The pending migrations classified from their PHP at the target commit in the local checkout `repo`. */
export function classifiedMigrations(
  facts: PlanFacts,
  repo: string | undefined,
): Promise<Known<PlannedMigration[]>> {
  const target = facts.targetCommit;
  return classifyPending(facts.pendingMigrations, (name) =>
    repo === undefined || !target.known
      ? Promise.reject(new Error('the local checkout or the target commit is unknown'))
      : migrationSourceAt(repo, target.value, name),
  );
}

/** The deploy plan from live facts, read-only. */
export async function livePlan(io: PlanReadIo, from?: string, only?: string): Promise<DeployPlan> {
  const facts = await gatherPlanFacts(io.profile, planFactsIo(io));
  const render = (template: string): string => {
    try {
      return io.scope.render(template, 'plain');
    } catch {
      return previewRender(io.profile, io.scope.snapshot())(template);
    }
  };
  // the same classification `plan --live` prints: a dropping migration warns that a rollback needs a restore
  const classified = await classifiedMigrations(facts, planFactsIo(io).variable('repo'));
  const request = { ...(from !== undefined && { from }), ...(only !== undefined && { only }) };
  return deployPlan(io.profile, request, facts, render, io.commitNames, classified);
}
