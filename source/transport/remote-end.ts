// Ending a command that was cut short (abort, timeout) and finding out whether it really ended: the end script
// runs on a second channel and reports what is left; a host that does not answer in time leaves it unknown.
import { endCommandScript, ENDED_LINE, LEFT_LINE } from './exec-wrapper.js';
import type { ExecResult, RemoteEnd } from './transport.js';

/** How long the end script may take, channel open included (a frozen sshd never answers the open). */
const END_DEADLINE_MS = 10_000;

/** Runs a command on another channel of the same connection. */
type RunOther = (command: string, timeoutMs: number) => Promise<ExecResult>;

/** What shows the command's processes on the host (the session the wrapper's shell leads). */
const sessionCheck = (pgid: number): string => `ps -o pid,user,args --sid ${pgid}`;

/** Reads the end script's report. */
function parseEndReport(pgid: number, result: ExecResult): RemoteEnd {
  const lines = result.stdout.split('\n').filter((line) => line !== '');
  if (lines.includes(ENDED_LINE)) return { kind: 'ended' };
  const left = lines
    .filter((line) => line.startsWith(`${LEFT_LINE} `))
    .map((l) => l.slice(LEFT_LINE.length + 1));
  if (left.length > 0) {
    const pids = left.map((line) => line.trim().split(/\s+/)[0]).join(',');
    return { kind: 'left', processes: left, check: `ps -o pid,user,args -p ${pids}` };
  }
  const why = result.timedOut
    ? 'the check on the host did not finish in time'
    : `the check on the host ended with ${result.code ?? result.signal}: ${result.stderr.trim().split('\n').at(-1) ?? ''}`;
  return { kind: 'unknown', reason: why, check: sessionCheck(pgid) };
}

export async function endGroup(pgid: number, runOther: RunOther): Promise<RemoteEnd> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<RemoteEnd>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          kind: 'unknown',
          reason: `the host did not answer the request to end it within ${END_DEADLINE_MS / 1000} s`,
          check: sessionCheck(pgid),
        }),
      END_DEADLINE_MS,
    );
  });
  const report = runOther(endCommandScript(pgid), END_DEADLINE_MS - 1_000).then(
    (result) => parseEndReport(pgid, result),
    (error: unknown): RemoteEnd => ({
      kind: 'unknown',
      reason: `the request to end it failed: ${error instanceof Error ? error.message : String(error)}`,
      check: sessionCheck(pgid),
    }),
  );
  try {
    return await Promise.race([report, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
