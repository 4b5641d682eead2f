// `chom-console plan`: phases, steps, hosts and exact commands, without connecting.
import type { CliIo, GlobalOptions } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { planDocument } from './plan-document.js';
import { planMarkdown } from './plan-markdown.js';
import { loadForCommand, profileRef } from './profile-source.js';
import { runValues } from './run-values.js';
import { consoleHome } from '../sandbox/paths.js';

/** Options of `plan`. */
export type PlanOptions = GlobalOptions & { format: 'md' | 'json'; commit?: string };

/** Prints the plan of the selected profile: one JSON document (--format json) or Markdown. */
export async function planCommand(options: PlanOptions, io: CliIo): Promise<ExitCode> {
  const profile = await loadForCommand(profileRef(options, io), io);
  if (!profile) return exitCodes.usage;
  const home = consoleHome(io.env as NodeJS.ProcessEnv);
  const sandboxed = profile.servedBySandbox && options.commit !== undefined;
  const names = sandboxed ? (await import('../sandbox/ensure.js')).worldCommitNames(home) : {};
  const values = runValues(profile, options, home, names);
  if (!values.ok) {
    io.err(`refused: ${values.message}`);
    return exitCodes.usage;
  }
  const plan = planDocument(profile, io.cwd, values.values);
  io.out(options.format === 'json' ? JSON.stringify(plan, null, 2) : planMarkdown(plan));
  return exitCodes.ok;
}
