// One assessment from start to Assessment: the profile's probes (plus the route probe when the repository is
// known) run read-only through the runner, then buildAssessment. Used by the CLI, the bench and tests; the TUI
// runs the same plan itself and calls buildAssessment on its RunSummary.
import type { Probe, Profile } from '../../profile/schema.js';
import type { Transport } from '../../transport/transport.js';
import { buildAssessment, type AssessmentInput } from './assess-build.js';
import { deployHubHost, deployTreeProbe } from './assess-deploy-tree.js';
import { deployedCommitFact } from './assess-facts.js';
import { isBatchable } from './assess-items.js';
import type { Assessment } from './assess-model.js';
import { routeStatusProbe } from './assess-routes.js';
import type { RunListener } from '../run/events.js';
import { headlessGates } from '../run/gates.js';
import { buildRunPlan } from '../plan/plan.js';
import { headRoutes } from './repo/repo-components.js';
import { probeable } from './repo/repo-routes.js';
import { historySinceAsync, type RepoSnapshot } from './repo/repo-git.js';
import { createRunner, type RunSummary } from '../run/runner.js';

/** The host the route probe asks from: the one the profile's own route probe uses, else the observability host. */
function routeProbeHost(profile: Profile): string | null {
  const own = profile.assess.find(
    (p) => p.parse.kind === 'keyvalue' && Object.keys(p.parse.facts).includes('smtp_config_api_status'),
  );
  if (own) return own.host;
  const [name] = Object.entries(profile.hosts).find(([, host]) => host.roles.includes('observability')) ?? [];
  return name ?? Object.keys(profile.hosts)[0] ?? null;
}

/** The profile's probes, plus the status probe of HEAD's GET routes when the repository is known. */
export function assessProbes(profile: Profile, snapshot: RepoSnapshot | null): Probe[] {
  const plan = buildRunPlan(profile, { mode: 'assess' });
  const probes = plan.mode === 'assess' ? plan.probes : [];
  const host = routeProbeHost(profile);
  // GET probes only to URLs that exist as written (a `{parameter}` path is no URL)
  const paths = snapshot
    ? [
        ...new Set(
          headRoutes(snapshot)
            .filter(probeable)
            .map((r) => r.path),
        ),
      ]
    : [];
  const hub = snapshot ? deployHubHost(profile) : null;
  return [
    ...probes,
    ...(host !== null && paths.length > 0 ? [routeStatusProbe(paths, host)] : []),
    ...(hub !== null ? [deployTreeProbe(hub)] : []),
  ];
}

/** What an assessment run needs. */
export type AssessRunOptions = {
  profile: Profile;
  transports: ReadonlyMap<string, Transport>;
  runtimeVars?: Record<string, string>;
  /** The sandbox's names of its generated commits, shown beside them in the report. */
  commitNames?: Record<string, string>;
  snapshot: RepoSnapshot | null;
  operator: string;
  profileDir?: string;
  stateDir?: string;
  signal?: AbortSignal;
  listener?: RunListener;
};

/** The run's summary and, unless it was refused or aborted, the assessment. */
export type AssessRun = { summary: RunSummary; assessment: Assessment | null; refused: string | null };

export async function runAssessment(options: AssessRunOptions): Promise<AssessRun> {
  const probes = assessProbes(options.profile, options.snapshot);
  const started = performance.now();
  const runner = createRunner({
    profile: options.profile,
    plan: { mode: 'assess', probes },
    transports: options.transports,
    gates: headlessGates({ yes: false, operator: options.operator }),
    operator: options.operator,
    ...(options.runtimeVars ? { runtimeVars: options.runtimeVars } : {}),
    ...(options.profileDir ? { profileDir: options.profileDir } : {}),
    ...(options.stateDir ? { stateDir: options.stateDir } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let sent = 0;
  const alone = new Set(probes.filter((p) => !isBatchable(p)).map((p) => p.id));
  // git looks up the history since the deployed commit as soon as the app host has answered, while the other
  // host's batch is still on its way (buildAssessment would otherwise run git after everything)
  let history: Promise<AssessmentInput['history']> | undefined;
  const snapshot = options.snapshot;
  runner.subscribe((event) => {
    if (event.type === 'command-finished' && (event.stepId === null || alone.has(event.stepId))) sent += 1;
    if (snapshot && event.type === 'fact-recorded' && event.name === deployedCommitFact) {
      const commit = event.value.trim();
      history = historySinceAsync(snapshot.dir, commit, snapshot.ancestry).then(
        (found) => ({ commit, history: found }),
        () => undefined,
      );
    }
    options.listener?.(event);
  });
  const summary = await runner.run();
  const refused =
    summary.probes.find((p) => p.detail.startsWith('refused before sending anything'))?.detail ??
    (summary.probes.length === 0 && summary.exitCode !== 130 ? (summary.message ?? 'no probe ran') : null);
  if (refused !== null || summary.exitCode === 130) return { summary, assessment: null, refused };
  const known = history ? await history : undefined;
  const assessment = buildAssessment({
    profile: options.profile,
    runId: summary.runId,
    probes: summary.probes,
    snapshot: options.snapshot,
    durationMs: performance.now() - started,
    commandsSent: sent,
    journal: summary.journalPath,
    ...(known ? { history: known } : {}),
    ...(options.commitNames ? { commitNames: options.commitNames } : {}),
  });
  return { summary, assessment, refused: null };
}
