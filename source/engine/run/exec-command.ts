// Running one RemoteCommand: output lines are redacted and emitted tagged with host and step, and the
// command goes to the command log with its exit code and duration.
import type { RemoteCommand } from '../../commands/remote-command.js';
import {
  TransportError,
  type ExecResult,
  type RemoteEnd,
  type Transport,
} from '../../transport/transport.js';
import type { StepContext } from './run-context.js';
import { commandFailure, stepFailure } from './failure.js';

/** Bytes of stdout/stderr kept per command (output beyond is streamed but not kept). */
export const captureLimit = 1024 * 1024;

export type CommandRun = { result: ExecResult; shown: string };

/** The transport of a host, or a StepError naming the host. */
function transportFor(ctx: StepContext, host: string): Transport {
  const transport = ctx.run.transports.get(host);
  if (!transport) {
    throw stepFailure(
      ctx,
      `no connection to host "${host}"`,
      'check the host names of the profile and that it is connected',
    );
  }
  return transport;
}

/** The host's transport, connected (once per run; connect is idempotent but may ask for a host key). */
export async function connected(ctx: StepContext, host: string): Promise<Transport> {
  const transport = transportFor(ctx, host);
  if (!ctx.run.memory.connected.has(host)) {
    await transport.connect();
    ctx.run.memory.connected.add(host);
  }
  return transport;
}

/** Runs a command; rejects only with transport errors (a non-zero exit is a result, not an error). */
export async function execRemote(
  ctx: StepContext,
  command: RemoteCommand,
  stepId: string | null = ctx.step.id,
): Promise<CommandRun> {
  const { run } = ctx;
  const transport = await connected(ctx, command.host);
  const shown = run.redactor.redact(command.script);
  const stdoutLines = run.redactor.lineRedactor();
  const stderrLines = run.redactor.lineRedactor();
  const emitLine = (stream: 'stdout' | 'stderr', line: string): void => {
    if (ctx.held) ctx.held.push({ host: command.host, stream, line });
    else run.emit({ type: 'output', host: command.host, stepId, stream, line });
  };
  const started = performance.now();
  let result: ExecResult;
  try {
    result = await transport.exec({
      command: command.script,
      ...(command.stdin !== undefined ? { stdin: command.stdin } : {}),
      ...(command.timeoutMs !== undefined ? { timeoutMs: command.timeoutMs } : {}),
      signal: run.signal,
      captureLimit,
      onStdout: (line) => emitLine('stdout', stdoutLines.line(line)),
      onStderr: (line) => emitLine('stderr', stderrLines.line(line)),
    });
  } catch (error) {
    if (error instanceof TransportError && error.remoteEnd)
      reportEnd(ctx, command.host, stepId, error.remoteEnd);
    throw error;
  }
  if (result.remoteEnd) reportEnd(ctx, command.host, stepId, result.remoteEnd);
  run.emit({
    type: 'command-finished',
    host: command.host,
    stepId,
    command: shown,
    exitCode: result.code,
    signal: result.signal,
    durationMs: Math.round((result.durationMs || performance.now() - started) * 10) / 10,
  });
  return { result, shown };
}

/** Runs a helper command and returns its stdout, or throws a StepError saying which part failed. */
export async function mustSucceed(
  ctx: StepContext,
  command: RemoteCommand,
  what: string,
  hint?: string,
): Promise<string> {
  const { result, shown } = await execRemote(ctx, command);
  if (result.code !== 0) {
    throw commandFailure(
      ctx,
      shown,
      result,
      `${ctx.step.id}: could not ${what} on ${command.host} (exit ${result.code ?? result.signal})`,
      hint ?? 'read the stderr lines above (permissions? disk?), fix the cause, then retry',
    );
  }
  return result.stdout;
}

/**
 * Says what became of a command that was cut short, as checked on the host (never what was intended), and
 * remembers one that may still run for the run's summary.
 */
function reportEnd(ctx: StepContext, host: string, stepId: string | null, end: RemoteEnd): void {
  const line = (text: string): void =>
    ctx.run.emit({ type: 'output', host, stepId, stream: 'stderr', line: text });
  switch (end.kind) {
    case 'ended':
      line(`the running command was ended on ${host}: none of its processes is left`);
      return;
    case 'left':
      line(
        `the running command may still be running on ${host}: ${end.processes.length} of its processes could not be ended`,
      );
      for (const process of end.processes) line(`  ${process}`);
      break;
    case 'unknown':
      line(`the running command may still be running on ${host}: ${end.reason}`);
      break;
    default: {
      const unknown: never = end;
      return unknown;
    }
  }
  line(`  check on ${host} with: ${end.check}`);
  ctx.run.memory.unended.push({ host, stepId: stepId ?? ctx.step.id, check: end.check });
}
