// The command contract of DESIGN.md as one commander program (commands, options, help, exit codes), run on an
// injected process surface: cli.tsx runs it on the real process, tests run it in-process on collectors (a
// refusal printed before connecting needs no child process). Only composition here: each command's logic lives
// in its own module. Every command's module is imported when that command runs, never up front: `--version`,
// `--help` and the headless commands start without Ink, React and yoga (the TUI's modules load only on the TUI
// path) and without ssh2 where no host is reached (test/cli/startup-modules.test.ts).
import type { Readable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { CliIo, GlobalOptions } from './cli-io.js';
import type { AssessOptions } from './assess-command.js';
import type { HistoryOptions } from './history-command.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { commandConsole, homeCommand } from './home-command.js';
import type { PlanOptions } from './plan-command.js';
import type { ProfileCommand } from './remembered-profile.js';
import type { DeployOptions } from './deploy-command.js';
import type { RollbackOptions } from './rollback-command.js';
import type { VerifyOptions } from './verify-command.js';
import { packageRoot } from '../profile/profile-files.js';

/** What a run of the program reads besides its arguments. */
export type ProgramInput = {
  io: CliIo;
  /** The password for --password-stdin (the real process's stdin, or a test's stream). */
  stdin: Readable;
};

/** What every command's registration needs: the process surface and where the exit code goes. */
type Context = ProgramInput & {
  argv: readonly string[];
  setCode: (code: ExitCode) => void;
  exitCode: () => ExitCode;
};

/** The package's version (package.json beside dist/ and source/). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
    .version;
}

const format = () =>
  new Option('--format <format>', 'output format: md or json (json: one document on stdout, nothing else)')
    .choices(['md', 'json'])
    .default('md');

type Action<T> = (options: T, command: Command) => ExitCode | Promise<ExitCode>;
/** Wraps a command function: global options merged in, its exit code becomes the process's. */
function act<T>(ctx: Context, run: Action<T & GlobalOptions>) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    ctx.setCode(await run(command.optsWithGlobals() as T & GlobalOptions, command));
  };
}

/**
 * A headless run of a command that uses a profile: a remembered profile is named, or refused when the command
 * changes hosts and it is not the sandbox (remembered-profile.ts).
 */
async function headless(
  ctx: Context,
  name: ProfileCommand,
  options: GlobalOptions,
  run: () => ExitCode | Promise<ExitCode>,
): Promise<ExitCode> {
  const { rememberedProfileRule } = await import('./remembered-profile.js');
  return rememberedProfileRule(name, options, ctx.io, ctx.argv.slice(2)) ?? run();
}

/** The program with its global options; alone (no command) it opens the console or prints help. */
function rootCommand(ctx: Context): Command {
  const { io } = ctx;
  return (
    new Command('chom-console')
      .description(
        'Guided CHOM Phase 0 deploy across landsraad and mentat: assess, deploy, verify, roll back.',
      )
      .version(packageVersion(), '--version', 'print the version')
      .helpOption('--help', 'show help for a command')
      .option(
        '--profile <name|path>',
        'profile name (profiles/NAME.yaml) or path; default: last used, else "sandbox"',
      )
      .option('--plain', 'line output instead of the full-screen UI (automatic when stdout is not a TTY)')
      .option(
        '--var <name=value>',
        'set a profile var for this run (repeatable; never a secret or form field; kept as written, shown in plan)',
        (value: string, previous: string[] = []) => [...previous, value],
      )
      .allowExcessArguments(true)
      .exitOverride()
      // Before any subcommand is added: they copy it (help, errors and --version go to the injected io).
      .configureOutput({
        writeOut: (text) => io.out(text.replace(/\n$/, '')),
        writeErr: (text) => io.err(text.replace(/\n$/, '')),
      })
      .showSuggestionAfterError(true)
      .action(
        act<Record<string, never>>(ctx, async (options, command) => {
          const unknown = command.args[0];
          if (unknown !== undefined)
            command.error(`error: unknown command '${unknown}' (see chom-console --help)`, {
              exitCode: exitCodes.usage,
            });
          const home = await homeCommand(options, io);
          if (home !== undefined) return home;
          io.out(command.helpInformation());
          return exitCodes.ok;
        }),
      )
  );
}

/** The commands that run a profile's steps or read its hosts. */
function addRunCommands(program: Command, ctx: Context): void {
  const { io, stdin } = ctx;
  program
    .command('assess')
    .description('read-only assessment of both hosts (never changes a host)')
    .option('--repo <dir>', 'local CHOM repository to compare with the deployed release')
    .addOption(format())
    .option('--out <file>', 'also write the report to FILE')
    .action(
      act<AssessOptions>(ctx, (options) =>
        headless(ctx, 'assess', options, async () =>
          (await import('./assess-command.js')).assessCommand(options, io),
        ),
      ),
    );
  program
    .command('deploy')
    .description('run the deploy phases, confirming critical steps')
    .option(
      '--commit <ref>',
      'deploy this commit: REF resolved to a full hash in the local checkout before connecting (wins over --var commit=…)',
    )
    .option('--from <phase>', 'start at this phase')
    .option(
      '--only <part>',
      "run only this part of the runbook (the profile's parts: app, smtp, observability)",
    )
    .option(
      '--plan <file>',
      'apply exactly the plan `plan --live --out FILE` saved; refused (exit 5, nothing changed) if the hosts moved since',
    )
    .option(
      '--resume [run-id]',
      'continue the newest unfinished run that changed something (or RUN_ID) after its last completed step',
    )
    .option(
      '--take-over-lock <holder>',
      'take over the deploy lock of HOLDER (owner@host, as the refusal prints it) when its run is provably dead',
    )
    .option('--yes', 'confirm critical steps without asking (headless)')
    .option('--values <file>', 'form values (YAML or JSON) for headless runs')
    .option('--password-stdin', 'read the SMTP password from stdin (else CHOM_SMTP_PASSWORD)')
    .addHelpText(
      'after',
      '\nHeadless (--plain or no TTY) never guesses: critical steps need --yes and forms need --values (plus\n' +
        '--password-stdin or CHOM_SMTP_PASSWORD); otherwise it refuses before connecting, with exit code 2.',
    )
    .action(
      act<DeployOptions>(
        ctx,
        (options) =>
          commandConsole({ name: 'deploy', ...options }, options, io) ??
          headless(ctx, 'deploy', options, async () => {
            const { readAll } = await import('./secret-input.js');
            return (await import('./deploy-command.js')).deployCommand(options, io, {
              readStdin: () => readAll(stdin, 'the password on stdin (--password-stdin)'),
            });
          }),
      ),
    );
  program
    .command('verify')
    .description('success-criteria checklist; exit 0 only if every criterion passes')
    .addOption(format())
    .action(
      act<VerifyOptions>(
        ctx,
        (options) =>
          commandConsole({ name: 'verify', ...options }, options, io) ??
          headless(ctx, 'verify', options, async () =>
            (await import('./verify-command.js')).verifyCommand(options, io),
          ),
      ),
    );
  program
    .command('rollback')
    .description('undo the deploy: switch back the release and/or restore the observability configuration')
    .addOption(
      new Option('--target <target>', 'what to roll back')
        .choices(['app', 'observability', 'all'])
        .default('all'),
    )
    .option(
      '--to <name>',
      'app: the release to return to (default: the one live before the deploy); observability: the snapshot to restore (default: latest)',
    )
    .option('--yes', 'confirm without asking (headless)')
    .action(
      act<RollbackOptions>(
        ctx,
        (options) =>
          commandConsole({ name: 'rollback', ...options }, options, io) ??
          headless(ctx, 'rollback', options, async () =>
            (await import('./rollback-command.js')).rollbackCommand(options, io),
          ),
      ),
    );
}

/** `plan`: offline, or `--live` against the hosts (read-only), saved for `deploy --plan` with `--out`. */
function addPlanCommand(program: Command, ctx: Context): void {
  const { io } = ctx;
  program
    .command('plan')
    .description('phases, steps, hosts and exact commands, without connecting')
    .option('--from <phase>', 'plan a deploy that starts at this phase')
    .option(
      '--only <part>',
      "plan a partial deploy: one part of the profile's parts: (app, smtp, observability)",
    )
    .option(
      '--commit <ref>',
      'plan the deploy of this commit (resolved in the local checkout, as deploy does)',
    )
    .option(
      '--live',
      'read the hosts (read-only): will-run or skip per step, commit range, migrations, diffs',
    )
    .option(
      '--out <file>',
      'with --live: save the plan as JSON with its fingerprint, for `deploy --plan FILE`',
    )
    .addOption(format())
    .action(
      act<PlanOptions>(ctx, (options) =>
        headless(ctx, 'plan', options, async () =>
          (await import('./plan-command.js')).planCommand(options, io),
        ),
      ),
    );
}

/** history, profiles, sandbox, and remembering the profile of plan and assess. */
function addOtherCommands(program: Command, ctx: Context): void {
  const { io } = ctx;
  program
    .command('history')
    .description('recent runs, newest first (result, duration, who, journal); the TUI reopens any of them')
    .addOption(format())
    .action(
      act<HistoryOptions>(ctx, async (options) =>
        (await import('./history-command.js')).historyCommand(options, io),
      ),
    );

  const profiles = program.command('profiles').description('list or validate profiles');
  profiles
    .command('list')
    .description('the available profiles: name, description, extends, file')
    .action(act(ctx, async () => (await import('./profiles-command.js')).profilesListCommand(io)));
  profiles
    .command('validate')
    .description('validate a profile file (and what it extends); exit 2 with file:line:column issues')
    .argument('<file>', 'profile file (or name)')
    .action(
      act(ctx, async (_options, command) =>
        (await import('./profiles-command.js')).profilesValidateCommand(command.args[0]!, io),
      ),
    );

  const sandbox = program.command('sandbox').description('the embedded two-host sandbox world');
  for (const [name, description] of [
    ['up', 'start the sandbox world'],
    ['down', 'stop the sandbox world'],
    ['status', 'show whether the sandbox runs, its ports and release'],
    ['reset', 'restore the before-deploy state'],
    ['commit', 'add a realistic next commit to the sandbox repository (a route, migrations, a rule change)'],
  ] as const) {
    const command = sandbox.command(name).description(description);
    // status is the one a script reads: `sandbox status --format json` (ports, pid, release)
    if (name === 'status') command.addOption(format());
    command.action(
      act<{ format?: 'md' | 'json' }>(ctx, async (options) => {
        const { runSandboxCommand } = await import('./sandbox-command.js');
        const { consoleHome } = await import('../sandbox/lifecycle/paths.js');
        const format = options.format === 'json' ? 'json' : 'text';
        return (await runSandboxCommand(name, { home: consoleHome(io.env), io, format })) as ExitCode;
      }),
    );
  }

  // --var is global (commander), but only a command that loads a profile has vars to set: elsewhere it would be
  // ignored without a word, so it is refused.
  program.hook('preAction', (_program, command) => {
    const { var: vars } = command.optsWithGlobals() as GlobalOptions;
    const path = `${command.parent?.name() === 'chom-console' ? '' : `${command.parent?.name()} `}${command.name()}`;
    const loadsProfile = ['assess', 'deploy', 'verify', 'rollback', 'plan', 'chom-console'].includes(
      command.name(),
    );
    if (vars !== undefined && vars.length > 0 && !loadsProfile)
      command.error(
        `error: --var sets a profile var for a run; \`chom-console ${path}\` loads no profile (use it with plan, assess, deploy, verify, rollback or the console)`,
        { exitCode: exitCodes.usage },
      );
  });

  // plan and assess use a profile too: remember it like deploy/verify/rollback do (settings.json, no secrets).
  program.hook('postAction', async (_program, command) => {
    const profile = (command.optsWithGlobals() as GlobalOptions).profile;
    if (['plan', 'assess'].includes(command.name()) && profile && ctx.exitCode() !== exitCodes.usage)
      (await import('./settings.js')).rememberProfile(profile, io);
  });
}

/** Runs `argv` (as process.argv: node, script, arguments…) and resolves with the exit code. */
export async function runProgram(argv: readonly string[], input: ProgramInput): Promise<ExitCode> {
  let exitCode: ExitCode = exitCodes.ok;
  const ctx: Context = { ...input, argv, setCode: (code) => (exitCode = code), exitCode: () => exitCode };
  const program = rootCommand(ctx);
  addRunCommands(program, ctx);
  addPlanCommand(program, ctx);
  addOtherCommands(program, ctx);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // --help and --version end here too; everything else (unknown option, missing argument, a command
    // group without its subcommand) is a usage error.
    const done = ['commander.helpDisplayed', 'commander.version'].includes(error.code);
    return done ? exitCodes.ok : exitCodes.usage;
  }
  return exitCode;
}
