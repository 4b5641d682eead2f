// A read-only command whose output stays in the engine (live settings holding a password, a live config
// compared with the rendered one): nothing is emitted line by line; the command log gets the redacted
// command and its exit code, as for any other command.
import type { RemoteCommand } from '../../commands/remote-command.js';
import { buildRunCommand } from '../../commands/run-command.js';
import type { Probe } from '../../profile/schema.js';
import { captureLimit, connected } from './exec-command.js';
import type { StepContext } from './run-context.js';
import { runText } from './run-text.js';

/** Runs `command` without emitting its output; resolves with exit code and output. */
export async function quietRead(
  ctx: StepContext,
  command: RemoteCommand,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { run } = ctx;
  const transport = await connected(ctx, command.host);
  const result = await transport.exec({
    command: command.script,
    ...(command.stdin !== undefined ? { stdin: command.stdin } : {}),
    timeoutMs: command.timeoutMs ?? 60_000,
    signal: run.signal,
    captureLimit,
  });
  run.emit({
    type: 'command-finished',
    host: command.host,
    stepId: ctx.step.id,
    command: run.redactor.redact(command.script),
    exitCode: result.code,
    signal: result.signal,
    durationMs: Math.round(result.durationMs * 10) / 10,
  });
  return { code: result.code, stdout: result.stdout, stderr: result.stderr };
}

/** An assessment probe's command, run now as a quiet read (what a step's `when:` reads through probes). */
export function quietProbe(
  ctx: StepContext,
  probe: Probe & { run: NonNullable<Probe['run']> },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = runText(probe.run, (template, context) => ctx.run.scope.render(template, context));
  return quietRead(
    ctx,
    buildRunCommand({
      host: probe.host,
      command: script,
      ...(probe.run.user !== undefined && { user: probe.run.user }),
      description: probe.title,
    }),
  );
}
