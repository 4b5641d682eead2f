// `chom-console deploy --plain [--yes] [--values FILE] [--password-stdin] [--from PHASE] [--resume [RUN_ID]]
// [--take-over-lock HOLDER]`: the runbook's phases through the engine, headless. Every question the run would
// ask is answered before connecting, or the command refuses (exit 2): critical steps need --yes, forms need
// --values and a secret source. A failed post-switch step with --yes is rolled back by the engine; the output
// says how that rollback ended, what is live per host as far as known, and the commands that recover.
import { headlessGates, type Gates } from '../engine/run/gates.js';
import { Redactor } from '../engine/run/redaction.js';
import { commandLine, deployRecovery, describeRollback, type Invocation } from '../engine/run/recovery.js';
import type { ResumeState } from '../engine/run/resume.js';
import { changesHosts, deployRuns, resumableRuns } from '../engine/run/resume-choice.js';
import { prepareRun } from '../engine/run/run-request.js';
import type { RunSummary } from '../engine/run/runner.js';
import type { Form, Phase, Step } from '../profile/schema.js';
import type { CliIo, GlobalOptions } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { formAnswers } from './form-answers.js';
import { criticalRefusal, runQuestions } from './headless-preflight.js';
import { formatDuration } from '../lib/format-duration.js';
import { createHeadlessPrinter } from './headless-printer.js';
import { discardSession, loadSession, openHosts, withAbort, type Session } from './session.js';
import { sessionRunner } from './session-runner.js';
import { InvalidUtf8Error, stripOneNewline } from './secret-input.js';
import type { LivePlan } from '../engine/plan/live-plan.js';
import { loadPlanFile, planFileMismatch, planGuard, planRequestOptions } from './deploy-plan-file.js';

/** Options of `deploy` (commander's camelCase). */
export type DeployOptions = GlobalOptions & {
  from?: string;
  /** `--only PART`: a partial deploy, one part of the profile's `parts:` (the engine decides its phases). */
  only?: string;
  /** `--commit REF`: resolved in the local checkout before connecting (run-values.ts). */
  commit?: string;
  /** `--resume` (true: the newest resumable run) or `--resume RUN_ID`. */
  resume?: boolean | string;
  /** `--take-over-lock HOLDER` (`owner@host` as the refusal prints it). */
  takeOverLock?: string;
  yes?: boolean;
  values?: string;
  passwordStdin?: boolean;
  /** `--plan FILE`: apply exactly the plan `plan --live --out FILE` saved (deploy-plan-file.ts). */
  plan?: string;
};

/** What deploy needs besides the CLI I/O: the whole of stdin, read only with --password-stdin. */
export type DeployDeps = { readStdin: () => Promise<string> };

type Prepared = {
  phases: Phase[];
  /** The part the run deploys (`--only`, or the resumed run's). */
  only?: string;
  resume?: ResumeState;
  /** Which run is resumed, and the other candidates. */
  notice?: string;
  values: Record<string, Record<string, string>>;
  secrets: string[];
};

async function prepare(
  session: Session,
  options: DeployOptions,
  deps: DeployDeps,
): Promise<{ ok: true; prepared: Prepared } | { ok: false; code: ExitCode }> {
  const { profile, io, home } = session;
  const usage = (message: string) => {
    io.err(message);
    return { ok: false as const, code: exitCodes.usage };
  };
  const answer = prepareRun(profile, home, {
    mode: 'deploy',
    ...(options.from !== undefined && { from: options.from }),
    ...(options.only !== undefined && { only: options.only }),
    ...(options.resume !== undefined && { resume: options.resume }),
  });
  if (answer.kind === 'refused') return usage(answer.message);
  const { plan, resume, notices } = answer.run;
  const phases = plan.mode === 'deploy' ? plan.phases : [];
  const notice = notices.length > 0 ? notices.join('\n') : undefined;
  const questions = runQuestions(profile, phases, resume?.completedSteps);
  if (questions.critical.length > 0 && !options.yes) return usage(criticalRefusal('deploy', questions));
  const forms: Record<string, Form> = {};
  for (const { formId } of questions.forms) {
    const form = profile.forms[formId];
    if (form) forms[formId] = form;
  }
  let stdin: string | undefined;
  try {
    stdin = options.passwordStdin ? stripOneNewline(await deps.readStdin()) : undefined;
  } catch (error) {
    if (error instanceof InvalidUtf8Error) return usage(error.message);
    throw error;
  }
  const answers = formAnswers(forms, options.values, { ...(stdin !== undefined && { stdin }), env: io.env });
  if (!answers.ok) return usage(answers.message);
  return {
    ok: true,
    prepared: {
      phases,
      ...(plan.mode === 'deploy' && plan.only !== undefined && { only: plan.only }),
      ...(resume && { resume }),
      ...(notice !== undefined && { notice }),
      values: answers.values,
      secrets: answers.secrets,
    },
  };
}

/** Runs the deploy; returns the exit code of DESIGN.md. */
export async function deployCommand(given: DeployOptions, io: CliIo, deps: DeployDeps): Promise<ExitCode> {
  let options = given;
  let planFile: LivePlan | undefined;
  if (given.plan !== undefined) {
    const read = loadPlanFile(given.plan, io.cwd, given);
    if (!read.ok) {
      io.err(read.message);
      return exitCodes.usage;
    }
    planFile = read.plan;
    options = { ...given, ...planRequestOptions(read.plan) };
  }
  const loaded = await loadSession(options, io);
  if (!loaded.ok) return loaded.code;
  const { session } = loaded;
  const foreign = planFile && planFileMismatch(planFile, session.profile);
  if (foreign) {
    io.err(`refused before connecting: ${foreign}`);
    await discardSession(session);
    return exitCodes.usage;
  }
  const ready = await prepare(session, options, deps);
  if (!ready.ok) {
    await discardSession(session);
    return ready.code;
  }
  const { prepared } = ready;
  if (prepared.notice !== undefined) io.err(prepared.notice);
  const invocation: Invocation = {
    profile: session.ref,
    ...(options.yes && { yes: true }),
    ...(options.values !== undefined && { values: options.values }),
    ...(options.passwordStdin && { passwordStdin: true }),
    ...(options.var !== undefined && options.var.length > 0 && { vars: options.var }),
    ...(session.values?.commit && { commit: session.values.commit.hash }),
    ...(prepared.only !== undefined && { only: prepared.only }),
  };
  return withAbort(io, async (signal) => {
    const opened = await openHosts(session);
    if (!opened.ok) return opened.code;
    const { hosts } = opened;
    try {
      const mismatch = planFile && planFileMismatch(planFile, session.profile, hosts.runtimeVars);
      if (mismatch) {
        io.err(`refused before changing anything: ${mismatch}`);
        return exitCodes.usage;
      }
      const redactor = new Redactor();
      for (const secret of prepared.secrets) redactor.add(secret);
      let declined: Step | null = null;
      const base = headlessGates({
        yes: options.yes === true,
        operator: session.operator,
        values: prepared.values,
        ...(options.takeOverLock !== undefined && { takeOverLock: options.takeOverLock }),
      });
      const gates: Gates = {
        ...base,
        confirm: async (step, context) => {
          if (!options.yes) declined = step;
          return base.confirm(step, context);
        },
      };
      const runner = sessionRunner(session, hosts, {
        plan: {
          mode: 'deploy',
          phases: prepared.phases,
          ...(prepared.only !== undefined && { only: prepared.only }),
        },
        gates,
        signal,
        redactor,
        ...(prepared.resume && { resume: prepared.resume }),
        ...(planFile && {
          planGuard: planGuard(planFile, {
            profile: session.profile,
            transports: hosts.connections.transports,
            runtimeVars: hosts.runtimeVars,
            stateDir: session.home,
          }),
        }),
      });
      const printer = createHeadlessPrinter(session.profile, io, {
        invocation,
        ...(options.takeOverLock !== undefined && { takeOverLock: options.takeOverLock }),
      });
      runner.subscribe(printer.listener);
      const started = performance.now();
      const summary = await runner.run();
      const stepDeclined = declined as Step | null;
      if (stepDeclined) {
        io.err(
          `refused: critical step ${stepDeclined.id} on ${stepDeclined.host} needs confirmation; headless runs confirm only with --yes. Nothing after it ran; continue with \`chom-console deploy --resume --yes\`.`,
        );
        return exitCodes.usage;
      }
      report(summary, { session, invocation }, formatDuration(performance.now() - started));
      return summary.exitCode;
    } finally {
      await hosts.close();
    }
  });
}

function report(
  summary: RunSummary,
  context: { session: Session; invocation: Invocation },
  took: string,
): void {
  const { io } = context.session;
  const releases = summary.hostStates
    .filter((h) => h.release)
    .map((h) => `${h.host} on release ${h.release}`)
    .join(', ');
  const journal = summary.journalPath ? `journal: ${summary.journalPath}` : '';
  switch (summary.outcome) {
    case 'ok':
      io.out(`deploy ok in ${took}${releases ? `; ${releases}` : ''}. ${journal}`);
      io.out('next: chom-console verify');
      return;
    case 'aborted':
      io.err(
        `deploy aborted after ${took} (exit 130): ${summary.message ?? 'aborted by the operator'}. ${journal}`,
      );
      if (!/still held/.test(summary.message ?? '')) io.err('the deploy lock was released (or never taken)');
      recoveryLines(summary, context.invocation).forEach((line) => io.err(line));
      return;
    case 'failed': {
      // exit 2: refused before anything changed (the value pre-flight); there is nothing to resume
      if (summary.exitCode === exitCodes.usage) {
        io.err(`refused: ${summary.message ?? 'the run was refused'} ${journal}`);
        return;
      }
      if (summary.exitCode === exitCodes.planMoved) {
        // the run's last line said what moved; this says what it means
        io.err(
          `deploy --plan refused (exit 5): nothing was changed; the deploy lock was released. ${journal}`,
        );
        return;
      }
      io.err(`deploy failed after ${took}: ${summary.message ?? 'a step failed'}. ${journal}`);
      if (summary.exitCode === exitCodes.lockHeld) {
        const holderRun = summary.lockHeldBy?.run;
        const ownRun = resumableRuns(
          deployRuns(context.session.home, changesHosts(context.session.profile)),
        ).some((run) => run.runId === holderRun);
        if (holderRun !== undefined && ownRun)
          io.err(
            `the holder's run ${holderRun} has a journal here: continue it (it takes its own lock back once its process is gone) with\n  ${commandLine('deploy', context.invocation, ['--resume', holderRun])}`,
          );
        return;
      }
      recoveryLines(summary, context.invocation).forEach((line) => io.err(line));
      return;
    }
    default: {
      const unreachable: never = summary.outcome;
      return unreachable;
    }
  }
}

/** What is live per host and the commands that recover (the engine decides both). */
function recoveryLines(summary: RunSummary, invocation: Invocation): string[] {
  const recovery = deployRecovery(summary, invocation);
  const width = Math.max(...recovery.commands.map((c) => c.command.length));
  return [
    ...(summary.rollback ? [describeRollback(summary.rollback)] : []),
    'live now, as far as this run knows:',
    ...recovery.live.map((line) => `  ${line}`),
    'recover with:',
    ...recovery.commands.map((c) => `  ${c.command.padEnd(width)}  ${c.why}`),
  ];
}
