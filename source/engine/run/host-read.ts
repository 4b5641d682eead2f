// A read-only command outside a run (the home screen's facts, the rollback picker's listings, the pre-flight
// screen): the engine's other exec path beside exec-command.ts, with the same rules for what leaves it. The
// output passes the redactor; a non-zero exit is an error naming the host and the last lines of stderr.
import { asUser } from '../../commands/privilege.js';
import type { RemoteCommand } from '../../commands/remote-command.js';
import type { Transport } from '../../transport/transport.js';
import type { Redactor } from './redaction.js';

/** A read: a built command (or a script) for a host, run as `user` (through sudo) when given. */
export type HostRead = Pick<RemoteCommand, 'host' | 'script' | 'stdin' | 'timeoutMs'> & { user?: string };

/** How long a read may take unless its command says otherwise. */
const hostReadTimeoutMs = 20_000;

/** Stderr lines an error quotes. */
const stderrTail = 2;

/** Runs `read` over the host's (connected) transport; resolves with its redacted stdout. */
export async function readHost(transport: Transport, read: HostRead, redactor: Redactor): Promise<string> {
  const result = await transport.exec({
    command: asUser(read.script, read.user),
    timeoutMs: read.timeoutMs ?? hostReadTimeoutMs,
    ...(read.stdin !== undefined ? { stdin: read.stdin } : {}),
  });
  return readOutput(read.host, result, redactor);
}

/** A read's redacted stdout; a non-zero exit is an error naming the host and the last lines of stderr. */
export function readOutput(
  host: string,
  result: { code: number | null; stdout: string; stderr: string },
  redactor: Redactor,
): string {
  if (result.code !== 0) {
    const said = result.stderr.trim().split('\n').slice(-stderrTail).join(' ');
    throw new Error(`${host}: exit ${result.code}: ${redactor.redact(said)}`);
  }
  return redactor.redact(result.stdout);
}

/**
 * Runs `read` and returns its exit code and output as they are: for comparisons the engine makes itself
 * (a live config against the rendered one, stored settings), whose output never reaches a screen or a log.
 */
export async function execHost(
  transport: Transport,
  read: HostRead,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const result = await transport.exec({
    command: asUser(read.script, read.user),
    timeoutMs: read.timeoutMs ?? hostReadTimeoutMs,
    ...(read.stdin !== undefined ? { stdin: read.stdin } : {}),
  });
  return { code: result.code, stdout: result.stdout, stderr: result.stderr };
}

/** Follows a log on the host (`tail -F`, `journalctl -f`) until `signal` aborts; every line redacted. */
export async function followHost(
  transport: Transport,
  follow: HostRead,
  redactor: Redactor,
  onLine: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  // a line redactor: a secret printed across lines is masked too
  const lines = redactor.lineRedactor();
  await transport.exec({
    command: asUser(follow.script, follow.user),
    signal,
    // nothing kept: a follower runs for the console's lifetime, its lines go to the pane's ring buffer
    captureLimit: 0,
    onStdout: (line) => onLine(lines.line(line)),
    onStderr: (line) => onLine(lines.line(line)),
  });
}
