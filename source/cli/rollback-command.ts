// `chom-console rollback --yes --target app|observability|all [--to NAME]`: the profile's rollback steps.
// The app goes back to --to, else to the release live before the last deploy (from its journal), else to
// the newest complete release older than the live one; observability restores the snapshot named by --to,
// else the last deploy's phase-1 snapshot (`latest`). With --target all, --to names the release.
import { headlessGates } from '../engine/run/gates.js';
import { describeLive } from '../engine/run/live-state.js';
import { commandLine } from '../engine/run/recovery.js';
import { prepareRun, rollbackToProblem } from '../engine/run/run-request.js';
import type { CliIo, GlobalOptions } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { criticalRefusal, runQuestions } from './headless-preflight.js';
import { formatDuration } from '../lib/format-duration.js';
import { createHeadlessPrinter } from './headless-printer.js';
import { discardSession, loadSession, openHosts, withAbort } from './session.js';
import { sessionRunner } from './session-runner.js';

/** Options of `rollback`. */
export type RollbackOptions = GlobalOptions & {
  target: 'app' | 'observability' | 'all';
  to?: string;
  yes?: boolean;
};

export async function rollbackCommand(options: RollbackOptions, io: CliIo): Promise<ExitCode> {
  // refused before the profile loads: a name that cannot be one needs no world
  const problem = rollbackToProblem(options.target, options.to);
  if (problem !== null) {
    io.err(problem);
    return exitCodes.usage;
  }
  const loaded = await loadSession(options, io);
  if (!loaded.ok) return loaded.code;
  const { session } = loaded;
  const answer = prepareRun(session.profile, session.home, {
    mode: 'rollback',
    target: options.target,
    ...(options.to !== undefined && { to: options.to }),
  });
  if (answer.kind === 'refused') {
    await discardSession(session);
    io.err(answer.message);
    return exitCodes.usage;
  }
  const { notices, ...prepared } = answer.run;
  const phases = prepared.plan.mode === 'rollback' ? prepared.plan.phases : [];
  const questions = runQuestions(session.profile, phases);
  if (questions.critical.length > 0 && !options.yes) {
    await discardSession(session);
    io.err(criticalRefusal('rollback', questions));
    return exitCodes.usage;
  }
  for (const notice of notices) io.err(notice);
  return withAbort(io, async (signal) => {
    const opened = await openHosts(session);
    if (!opened.ok) return opened.code;
    try {
      const runner = sessionRunner(session, opened.hosts, {
        ...prepared,
        gates: headlessGates({ yes: options.yes === true, operator: session.operator }),
        signal,
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
