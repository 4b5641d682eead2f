// `chom-console verify [--format md|json]`: the success criteria, read-only by construction (the runner
// refuses anything that mutates). Exit 0 only when every criterion passes.
import { prepareRun } from '../engine/run/run-request.js';
import { headlessGates } from '../engine/run/gates.js';
import { checklistDocument, checklistJson, checklistMarkdown } from '../report/checklist-report.js';
import type { CliIo, GlobalOptions } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { loadSession, openHosts, withAbort } from './session.js';
import { sessionRunner } from './session-runner.js';

/** Options of `verify`. */
export type VerifyOptions = GlobalOptions & { format: 'md' | 'json' };

export async function verifyCommand(options: VerifyOptions, io: CliIo): Promise<ExitCode> {
  const loaded = await loadSession(options, io);
  if (!loaded.ok) return loaded.code;
  const { session } = loaded;
  const answer = prepareRun(session.profile, session.home, { mode: 'verify' });
  if (answer.kind === 'refused') {
    io.err(answer.message);
    return exitCodes.usage;
  }
  const { plan } = answer.run;
  if (plan.mode !== 'verify') return exitCodes.usage; // prepareRun answers verify with a verify plan
  return withAbort(io, async (signal) => {
    const opened = await openHosts(session);
    if (!opened.ok) return opened.code;
    try {
      if (options.format !== 'json')
        io.err(
          `checking ${plan.checks.length} criteria on ${Object.keys(session.profile.hosts).join(', ')} (read-only)…`,
        );
      const runner = sessionRunner(session, opened.hosts, {
        plan,
        gates: headlessGates({ yes: false, operator: session.operator }),
        signal,
      });
      const summary = await runner.run();
      if (summary.exitCode === exitCodes.aborted) {
        io.err('verify aborted by the operator');
        return exitCodes.aborted;
      }
      if (summary.checks.length === 0) {
        io.err(`verify failed before any criterion ran: ${summary.message ?? 'unknown error'}`);
        return summary.exitCode === 0 ? exitCodes.failed : summary.exitCode;
      }
      const doc = checklistDocument(session.profile.name, summary.runId, summary.checks);
      io.out(options.format === 'json' ? checklistJson(doc) : checklistMarkdown(doc));
      return doc.ok ? exitCodes.ok : exitCodes.failed;
    } finally {
      await opened.hosts.close();
    }
  });
}
