// The host's private staging directory of a run (rendered configs and uploads wait there until validated;
// never a secret). A killed or interrupted run leaves its directory behind: the first staging of a later run
// (a new deploy or its resume) on that host removes the directories of the runs this console journaled.
import { readdirSync } from 'node:fs';
import { buildMakeStaging, buildRemoveStaging } from '../../commands/file-commands.js';
import { execRemote, mustSucceed } from './exec-command.js';
import { journalDir } from './journal.js';
import type { RunContext, StepContext } from './run-context.js';

/** Earlier runs whose staging directories are looked for (the newest; older ones were looked for then). */
const earlierRunsLooked = 50;

/** Hosts where a run has cleaned up and made its staging directory already. */
const prepared = new WeakMap<RunContext, Set<string>>();

/** The run ids of this console's earlier journals, newest first (none without a state directory). */
function earlierRuns(run: RunContext): string[] {
  if (run.stateDir === null) return [];
  let names: string[];
  try {
    names = readdirSync(journalDir(run.stateDir));
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => name.slice(0, -'.jsonl'.length))
    .filter((id) => id !== run.runId && /^[A-Za-z0-9_-]{1,64}$/.test(id))
    .sort()
    .reverse()
    .slice(0, earlierRunsLooked);
}

/** Removes earlier runs' staging directories on the step's host (once per run), then makes this run's. */
export async function prepareStaging(ctx: StepContext): Promise<void> {
  const host = ctx.step.host;
  const done = prepared.get(ctx.run) ?? new Set<string>();
  prepared.set(ctx.run, done);
  if (!done.has(host)) {
    const earlier = earlierRuns(ctx.run);
    // best effort: a directory that cannot be removed holds no secret and must not stop the deploy
    if (earlier.length > 0) await execRemote(ctx, buildRemoveStaging(host, earlier)).catch(() => undefined);
  }
  await mustSucceed(ctx, buildMakeStaging(host, ctx.run.runId), 'create the staging directory');
  done.add(host);
}
