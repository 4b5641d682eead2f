// Checks and probes run through the same action code as steps, as read-only pseudo-steps.
import type { Check, Probe, Step } from '../../profile/schema.js';
import { httpRequest } from '../actions/action-http.js';
import { buildRunCommand } from '../../commands/run-command.js';
import { execRemote } from './exec-command.js';
import type { Observed } from './expect.js';
import type { RunContext, StepContext } from './run-context.js';
import { runText } from './run-text.js';

/** A check or probe as a step that never mutates (so events and failures read the same). */
function itemStep(item: Check | Probe): Step {
  return {
    id: item.id,
    title: item.title,
    host: item.host,
    critical: false,
    mutates: false,
    ...(item.run ? { run: item.run } : {}),
    ...(item.http ? { http: item.http } : {}),
  };
}

/** Runs the item's command or request; transport and network errors propagate. */
export async function observe(run: RunContext, phaseId: string, item: Check | Probe): Promise<Observed> {
  const ctx: StepContext = { run, step: itemStep(item), phaseId, held: null };
  if (item.run) {
    const command = buildRunCommand({
      host: item.host,
      command: runText(item.run, (template, context) => run.scope.render(template, context)),
      ...(item.run.user !== undefined ? { user: item.run.user } : {}),
      ...(item.run.cwd !== undefined ? { cwd: run.scope.render(item.run.cwd, 'command') } : {}),
      ...(item.run.timeout !== undefined ? { timeoutSeconds: item.run.timeout } : {}),
      description: item.title,
    });
    const { result } = await execRemote(ctx, command);
    return { exit: result.code, stdout: result.stdout, stderr: result.stderr };
  }
  if (item.http) {
    const response = await httpRequest(ctx, item.http);
    return { status: response.status, stdout: response.body };
  }
  throw new Error(`${item.id} has neither run nor http`);
}
