// The console's runs: every run goes through sessionRunner with a journal under the state directory, over the
// world's transports; the assessment's report is built from its run's probes and the repository it compared.
import { buildAssessment } from '../engine/assess/assess-build.js';
import { assessProbes } from '../engine/assess/assess-session.js';
import type { Redactor } from '../engine/run/redaction.js';
import { prepareRun, type RunAsk } from '../engine/run/run-request.js';
import type { RunSummary } from '../engine/run/runner.js';
import { RunScope } from '../engine/run/run-scope.js';
import { assessmentMarkdown, withRepositoryNote } from '../report/assessment-markdown.js';
import type { AppServices, RunRequest } from '../ui/app-services.js';
import { fallbackAssessReport } from '../report/assessment-fallback.js';
import type { ConsoleWorld, WorldState } from './console-world.js';
import type { Session } from './session.js';
import { sessionRunner } from './session-runner.js';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import { profileRepository, type AssessRepository } from './assess-repository.js';

type RunServices = Pick<AppServices, 'createRun' | 'assessReport'>;

export function runServices(
  session: Session,
  world: ConsoleWorld,
  redactor: Redactor,
  context: {
    obsHost: string;
    /** The snapshots the picker last listed; null before any listing (the restore step checks the name). */
    listedSnapshots: () => ReadonlySet<string> | null;
  },
): RunServices {
  const { profile, home } = session;
  /** When each assess run started, for the report's duration. */
  const assessStarts = new Map<string, number>();
  /** The repository each assess run compares (read when the run is created). */
  const assessRepositories = new Map<string, AssessRepository>();
  return {
    createRun: (request: RunRequest, gates, signal) => {
      const current = world.state();
      if (current.kind === 'starting')
        throw new Error(
          'the hosts are still being connected (the sandbox world is starting); try again in a moment',
        );
      if (current.kind === 'failed') throw new Error(current.message);
      const { runtimeVars } = current;
      // the profile's repository by default, as `assess --repo` compares it (its probes need HEAD)
      const repository =
        request.mode === 'assess'
          ? profileRepository(new RunScope(profile, runtimeVars).variable('repo'))
          : null;
      const answer = prepareRun(profile, home, runAsk(request, repository, { ...context, profile }));
      if (answer.kind === 'refused') throw new Error(answer.message);
      const { notices: _shown, ...prepared } = answer.run;
      const runner = sessionRunner(session, current, { ...prepared, gates, signal, redactor });
      if (repository !== null) {
        assessStarts.set(runner.runId, performance.now());
        assessRepositories.set(runner.runId, repository);
      }
      return runner;
    },
    assessReport: (summary) =>
      assessReport(session, summary, {
        started: assessStarts.get(summary.runId),
        repository: assessRepositories.get(summary.runId) ?? { snapshot: null, note: null },
        current: world.state(),
      }),
  };
}

/** The assessment's Markdown for a finished assess run; the probes' facts alone when it cannot be built. */
function assessReport(
  session: Session,
  summary: RunSummary,
  run: { started: number | undefined; repository: AssessRepository; current: WorldState },
): string {
  const { started, repository, current } = run;
  try {
    return withRepositoryNote(
      assessmentMarkdown(
        buildAssessment({
          profile: session.profile,
          runId: summary.runId,
          probes: summary.probes,
          snapshot: repository.snapshot,
          durationMs: started === undefined ? 0 : Math.round(performance.now() - started),
          commandsSent: null,
          journal: summary.journalPath,
          commitNames: current.kind === 'ready' ? (current.sandbox?.commitNames ?? {}) : {},
        }),
      ),
      repository.note,
    );
  } catch (error) {
    // A report that cannot be built still leaves the operator every probe's facts.
    return `${fallbackAssessReport(summary, session.ref)}\n\n(the full report failed: ${(error as Error).message})`;
  }
}

/** The screen's request as the engine's (engine/run/run-request.ts decides the run). */
function runAsk(
  request: RunRequest,
  repository: AssessRepository | null,
  context: { obsHost: string; listedSnapshots: () => ReadonlySet<string> | null; profile: LoadedProfile },
): RunAsk {
  switch (request.mode) {
    case 'deploy':
      return {
        mode: 'deploy',
        ...(request.from !== undefined && { from: request.from }),
        ...(request.only !== undefined && { only: request.only }),
        ...(request.resume !== undefined && { resume: request.resume }),
      };
    case 'rollback': {
      const snapshots = context.listedSnapshots();
      return {
        mode: 'rollback',
        target: request.rollbackTarget ?? 'app',
        ...(request.rollbackTo !== undefined && { to: request.rollbackTo }),
        listed: snapshots === null ? null : { host: context.obsHost, snapshots },
      };
    }
    case 'verify':
      return { mode: 'verify' };
    case 'fix':
      return { mode: 'fix', steps: request.fixSteps ?? [] };
    case 'assess':
      return { mode: 'assess', probes: assessProbes(context.profile, repository?.snapshot ?? null) };
    default: {
      const unknown: never = request.mode;
      throw new Error(`unknown run mode ${String(unknown)}`);
    }
  }
}
