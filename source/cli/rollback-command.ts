// `chom-console rollback --yes --target app|observability|all [--to NAME]`: the profile's rollback steps.
// The app goes back to --to, else to the release live before the last deploy (from its journal), else to
// the newest complete release older than the live one; observability restores the snapshot named by --to,
// else the last deploy's phase-1 snapshot (`latest`). With --target all, --to names the release.
import { releaseIdPattern } from '../commands/release-name.js';
import { buildRunPlan, PlanError } from '../engine/plan.js';
import { headlessGates } from '../engine/gates.js';
import { describeLive } from '../engine/live-state.js';
import { commandLine } from '../engine/recovery.js';
import { changesHosts, lastDeploy } from '../engine/resume-choice.js';
import { createRunner } from '../engine/runner.js';
import type { CliIo, GlobalOptions } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { criticalRefusal, runQuestions } from './headless-preflight.js';
import { formatDuration } from '../lib/format-duration.js';
import { createHeadlessPrinter } from './headless-printer.js';
import { isSnapshotName } from './tui-releases.js';
import { discardSession, loadSession, openHosts, withAbort } from './run-session.js';

/** Options of `rollback`. */
export type RollbackOptions = GlobalOptions & {
  target: 'app' | 'observability' | 'all';
  to?: string;
  yes?: boolean;
};

export async function rollbackCommand(options: RollbackOptions, io: CliIo): Promise<ExitCode> {
  if (options.to !== undefined && options.target !== 'observability' && !releaseIdPattern.test(options.to)) {
    io.err(
      `rollback --to: "${options.to}" is not a release name (YYYYmmdd_HHMMSS, as listed under releases/)`,
    );
    return exitCodes.usage;
  }
  if (options.to !== undefined && options.target === 'observability' && !isSnapshotName(options.to)) {
    io.err(
      `rollback --to: "${options.to}" is not a snapshot name (a directory under obs_snapshots, e.g. 20261127_071500-<run>; the console's rollback screen lists them)`,
    );
    return exitCodes.usage;
  }
  const loaded = await loadSession(options, io);
  if (!loaded.ok) return loaded.code;
  const { session } = loaded;
  let plan;
  try {
    plan = buildRunPlan(session.profile, { mode: 'rollback', target: options.target });
  } catch (error) {
    await discardSession(session);
    if (error instanceof PlanError) {
      io.err(`rollback: ${error.message}`);
      return exitCodes.usage;
    }
    throw error;
  }
  const phases = plan.mode === 'rollback' ? plan.phases : [];
  const questions = runQuestions(session.profile, phases);
  if (questions.critical.length > 0 && !options.yes) {
    await discardSession(session);
    io.err(criticalRefusal('rollback', questions));
    return exitCodes.usage;
  }
  const initialFacts: Record<string, string> = {};
  const last = lastDeploy(session.home, changesHosts(session.profile));
  if (options.target === 'observability') {
    if (options.to !== undefined) initialFacts.rollback_snapshot = options.to;
    io.err(
      options.to !== undefined
        ? `observability: restoring snapshot ${options.to} (--to)`
        : "observability: restoring the latest snapshot (the last deploy's phase 1)",
    );
  } else {
    const from = options.to ?? last?.release;
    if (from !== undefined) initialFacts.rollback_target = from;
    io.err(
      options.to !== undefined
        ? `app: rolling back to ${options.to} (--to)`
        : from !== undefined
          ? `app: rolling back to ${from}, the release live before the last deploy`
          : 'app: rolling back to the newest complete release older than the live one',
    );
  }
  return withAbort(io, async (signal) => {
    const opened = await openHosts(session);
    if (!opened.ok) return opened.code;
    try {
      const runner = createRunner({
        profile: session.profile,
        plan: { mode: 'rollback', phases },
        transports: opened.hosts.connections.transports,
        gates: headlessGates({ yes: options.yes === true, operator: session.operator }),
        operator: session.operator,
        runtimeVars: opened.hosts.runtimeVars,
        profileDir: session.profile.dir,
        signal,
        stateDir: session.home,
        initialFacts,
        // A lock the last deploy left behind (it ended, or it was killed here) is taken back: this recovers it.
        ...(last && { recovers: { runId: last.runId, finished: last.finished } }),
      });
      const printer = createHeadlessPrinter(session.profile, io);
      runner.subscribe(printer.listener);
      const started = performance.now();
      const summary = await runner.run();
      const took = formatDuration(performance.now() - started);
      const journal = summary.journalPath ? ` journal: ${summary.journalPath}` : '';
      if (summary.outcome === 'ok') io.out(`rollback of ${options.target} ok in ${took}.${journal}`);
      else {
        io.err(
          summary.outcome === 'aborted'
            ? `rollback aborted after ${took} (exit 130).${journal}`
            : `rollback of ${options.target} failed after ${took}: ${summary.message ?? 'a step failed'}.${journal}`,
        );
        // What its own switch proved (or left unknown), never what it set out to do.
        io.err('live now, as far as this run knows:');
        for (const host of summary.hostStates)
          io.err(`  ${describeLive(host.host, host.live ?? { kind: 'unchanged' })}`);
        io.err(
          `run \`${commandLine('rollback', { profile: session.ref, yes: true }, ['--target', options.target])}\` again once the cause is fixed (the steps are safe to repeat)`,
        );
      }
      return summary.exitCode;
    } finally {
      await opened.hosts.close();
    }
  });
}
