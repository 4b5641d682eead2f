// `chom-console plan`: phases, steps, hosts and exact commands, and the deploy plan model, without connecting.
import { PlanError } from '../engine/plan/plan.js';
import { runHistory } from '../engine/run/run-history.js';
import { consoleHome } from '../sandbox/lifecycle/paths.js';
import type { CliIo, GlobalOptions } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { planDocument, planJson } from '../report/plan-document.js';
import { planMarkdown } from '../report/plan-markdown.js';
import { loadForCommand, profileRef } from './profile-source.js';
import { runValues } from './run-values.js';

/** Options of `plan`. */
export type PlanOptions = GlobalOptions & {
  format: 'md' | 'json';
  from?: string;
  /** `--only PART`: plan a partial deploy. */
  only?: string;
  commit?: string;
  /** `--live`: read the hosts (read-only) for the concrete plan. */
  live?: boolean;
  /** `--out FILE` (with --live): save the JSON document with its fingerprint. */
  out?: string;
};

/** Journals read for the last deploy's duration (home reads as few; each can be large). */
const historyDepth = 20;

/** Prints the plan of the selected profile: one JSON document (--format json) or Markdown. */
export async function planCommand(options: PlanOptions, io: CliIo): Promise<ExitCode> {
  if (options.out !== undefined && !options.live) {
    io.err('refused: --out saves a live plan: use `chom-console plan --live --out FILE`');
    return exitCodes.usage;
  }
  if (options.live) return (await import('./live-plan-command.js')).livePlanCommand(options, io);
  const profile = await loadForCommand(profileRef(options, io), io);
  if (!profile) return exitCodes.usage;
  const home = consoleHome(io.env as NodeJS.ProcessEnv);
  // --var and --commit (resolved in the local checkout; in the sandbox the seed's names work too)
  const sandboxed = profile.servedBySandbox && options.commit !== undefined;
  const names = sandboxed ? (await import('../sandbox/lifecycle/ensure.js')).worldCommitNames(home) : {};
  const values = runValues(profile, options, home, names);
  if (!values.ok) {
    io.err(`refused: ${values.message}`);
    return exitCodes.usage;
  }
  // The local journals only (the last deploy's duration): plan connects to no host.
  const history = runHistory(home, historyDepth).entries;
  try {
    const plan = planDocument(profile, io.cwd, {
      history,
      values: values.values,
      ...(options.from !== undefined ? { from: options.from } : {}),
      ...(options.only !== undefined ? { only: options.only } : {}),
    });
    io.out(options.format === 'json' ? planJson(plan) : planMarkdown(plan));
    return exitCodes.ok;
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    io.err(`plan${error.option === '--only' ? ' --only' : ''}: ${error.message}`);
    return exitCodes.usage;
  }
}
