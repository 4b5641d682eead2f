// Turning what went wrong into a StepFailure: where, the redacted command, exit code, last stderr lines,
// and what to do next.
import type { ExecResult, TransportError } from '../../transport/transport.js';
import type { StepFailure } from './events.js';
import type { StepContext } from './run-context.js';

/** Lines of stderr kept in a failure. */
const stderrTailLines = 20;

/** Thrown by an action; the runner turns it into step-finished(failed) and asks the FailureGate. */
export class StepError extends Error {
  constructor(readonly failure: StepFailure) {
    super(failure.message);
    this.name = 'StepError';
  }
}

function tail(text: string, lines = stderrTailLines): string[] {
  const all = text.replace(/\n$/, '').split('\n');
  return text === '' ? [] : all.slice(-lines);
}

/** A failure of one command (already-redacted `shown` command; stderr is redacted here). */
export function commandFailure(
  ctx: StepContext,
  shown: string,
  result: Pick<ExecResult, 'code' | 'signal' | 'stderr' | 'timedOut'>,
  message: string,
  hint: string,
): StepError {
  return new StepError({
    host: ctx.step.host,
    stepId: ctx.step.id,
    command: shown,
    exitCode: result.code,
    signal: result.signal,
    stderrTail: tail(ctx.run.redactor.redact(result.stderr)),
    message: result.timedOut ? `${message} (timed out)` : message,
    hint,
  });
}

/** A failure without a command (a missing fact, a render error, a refused gate). */
export function stepFailure(ctx: StepContext, message: string, hint: string, command = ''): StepError {
  return new StepError({
    host: ctx.step.host,
    stepId: ctx.step.id,
    command,
    exitCode: null,
    signal: null,
    stderrTail: [],
    message: ctx.run.redactor.redact(message),
    hint,
  });
}

const transportHints: Record<TransportError['kind'], string> = {
  unreachable: 'check the address and port in the profile, then retry',
  'host-key-unknown': 'verify the fingerprint out of band and accept it, or pin it in the profile',
  'host-key-changed': 'the host key changed: find out why before connecting again',
  'auth-failed': 'check the user and identity in the profile (ssh-add the key), then retry',
  'connection-lost': 'the connection dropped: retry once it is back; the step may have partly run',
  timeout: 'the command timed out: look at the host, then retry',
  aborted: 'aborted by the operator',
  channel: 'the server refused a channel: retry',
  sftp: 'the file transfer failed: check the path and permissions, then retry',
  checksum: 'the uploaded file did not match: retry the upload',
};

/** Any error thrown while a step ran, as a StepError. */
export function asStepError(ctx: StepContext, error: unknown, shown = ''): StepError {
  if (error instanceof StepError) return error;
  if (isTransportError(error)) {
    return stepFailure(
      ctx,
      `${ctx.step.host}: ${error.message}`,
      error.hint ?? transportHints[error.kind],
      shown,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return stepFailure(ctx, message, 'fix the cause shown above, then retry the step', shown);
}

/** The engine imports transport types only, so a TransportError is recognised by its shape. */
export function isTransportError(error: unknown): error is TransportError {
  return (
    error instanceof Error &&
    error.name === 'TransportError' &&
    typeof (error as { kind?: unknown }).kind === 'string'
  );
}
