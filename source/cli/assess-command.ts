// `chom-console assess [--repo DIR] [--format md|json] [--out FILE]`: the read-only assessment of both hosts
// (one batch of probes per host, hosts in parallel), compared with the local repository when given.
// Exit: 0 every probe ran · 1 some probes failed (listed in the report) · 2 usage/profile error or a probe
// refused as not read-only · 3 a host could not be reached (the report is still printed) · 130 aborted.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Assessment } from '../engine/assess/assess-model.js';
import { assessProbes, runAssessment } from '../engine/assess/assess-session.js';
import { readRepository, RepoError, type RepoSnapshot } from '../engine/assess/repo/repo-git.js';
import { assessmentJson } from '../report/assessment-json.js';
import { assessmentMarkdown } from '../report/assessment-markdown.js';
import { assessHosts } from './assess-hosts.js';
import type { CliIo, GlobalOptions } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { loadSession, withAbort } from './session.js';

/** Options of `assess`. */
export type AssessOptions = GlobalOptions & { repo?: string; format: 'md' | 'json'; out?: string };

function render(assessment: Assessment, format: 'md' | 'json'): string {
  return format === 'json' ? assessmentJson(assessment) : assessmentMarkdown(assessment);
}

export async function assessCommand(options: AssessOptions, io: CliIo): Promise<ExitCode> {
  let snapshot: RepoSnapshot | null = null;
  if (options.repo !== undefined) {
    try {
      snapshot = readRepository(resolve(io.cwd, options.repo));
    } catch (error) {
      io.err(
        error instanceof RepoError ? error.message : `--repo ${options.repo}: ${(error as Error).message}`,
      );
      return exitCodes.usage;
    }
  }
  const loaded = await loadSession(options, io);
  if (!loaded.ok) return loaded.code;
  const { session } = loaded;
  const probes = assessProbes(session.profile, snapshot);
  if (probes.length === 0) {
    io.err(`profile ${session.profile.name} has no probes (assess:)`);
    return exitCodes.usage;
  }
  return withAbort(io, async (signal) => {
    const opened = await assessHosts(session, io);
    if (!opened.ok) return opened.code;
    try {
      if (options.format !== 'json')
        io.err(
          `assessing ${Object.keys(session.profile.hosts).join(', ')} read-only (${probes.length} probes)…`,
        );
      const { assessment, refused, summary } = await runAssessment({
        profile: session.profile,
        transports: opened.hosts.connections.transports,
        runtimeVars: opened.hosts.runtimeVars,
        commitNames: session.sandbox?.commitNames ?? {},
        snapshot,
        operator: session.operator,
        profileDir: session.profile.dir,
        stateDir: session.home,
        signal,
      });
      if (summary.exitCode === exitCodes.aborted) {
        io.err('assess aborted by the operator');
        return exitCodes.aborted;
      }
      if (assessment === null) {
        io.err(`assess refused: ${refused ?? 'no probe ran'}`);
        return exitCodes.usage;
      }
      const text = render(assessment, options.format);
      io.out(text);
      if (options.out !== undefined) {
        const file = resolve(io.cwd, options.out);
        writeFileSync(file, text, { mode: 0o644 });
        if (options.format !== 'json') io.err(`report written to ${file}`);
      }
      for (const host of Object.values(assessment.hosts))
        if (!host.reachable)
          io.err(
            `${host.host}: not reachable (${host.unreachable?.message ?? 'unknown'}); its section says so (exit 3)`,
          );
      return assessment.exit_code;
    } finally {
      await opened.hosts.close();
    }
  });
}
