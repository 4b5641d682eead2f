// The `run` action: a profile command on the step's host, as the given user, in the given directory.
import { buildRunCommand } from '../../commands/run-command.js';
import type { RunAction } from '../../profile/schema.js';
import type { ActionOutput } from './action-result.js';
import { execRemote } from '../run/exec-command.js';
import { commandFailure } from '../run/failure.js';
import type { StepContext } from '../run/run-context.js';
import { runText } from '../run/run-text.js';

export async function runAction(ctx: StepContext, action: RunAction): Promise<ActionOutput> {
  const { scope } = ctx.run;
  const stdin = action.stdin !== undefined ? scope.render(action.stdin, 'stdin') : undefined;
  const command = buildRunCommand({
    host: ctx.step.host,
    command: runText(action, (template, context) => scope.render(template, context)),
    ...(action.user !== undefined ? { user: action.user } : {}),
    ...(action.cwd !== undefined ? { cwd: scope.render(action.cwd, 'command') } : {}),
    ...(stdin !== undefined ? { stdin, sensitive: true } : {}),
    ...(action.timeout !== undefined ? { timeoutSeconds: action.timeout } : {}),
    description: ctx.step.title,
  });
  const { result, shown } = await execRemote(ctx, command);
  if (result.code === null || !action.expect_exit.includes(result.code)) {
    const code = result.code === null ? `was killed (${result.signal ?? 'signal'})` : `exited ${result.code}`;
    throw commandFailure(
      ctx,
      shown,
      result,
      `${ctx.step.id} on ${ctx.step.host}: the command ${code}, expected exit ${action.expect_exit.join(' or ')}`,
      'read the last lines of stderr above, fix the cause on the host, then retry (r)',
    );
  }
  return { output: result.stdout };
}
