// The `release` action: the engine's own blue-green code (create · activate · rollback · cleanup).
import { buildReleaseCleanup } from '../commands/release-cleanup.js';
import { buildReleaseCreate, parseKeyValues } from '../commands/release-create.js';
import { buildReleaseActivate, buildReleaseRollback } from '../commands/release-switch.js';
import { buildRunCommand } from '../commands/run-command.js';
import type { ReleaseAction } from '../profile/schema.js';
import type { ActionOutput } from './action-result.js';
import { mustSucceed } from './exec-command.js';
import { stepFailure } from './failure.js';
import { recordFact } from './facts.js';
import type { StepContext } from './run-context.js';

export async function releaseAction(ctx: StepContext, action: ReleaseAction): Promise<ActionOutput> {
  const { scope, runId, memory } = ctx.run;
  const host = ctx.step.host;
  const base = scope.render(action.base, 'plain');
  switch (action.op) {
    case 'create': {
      const out = await mustSucceed(ctx, buildReleaseCreate(host, base), 'create the release directory');
      const values = parseKeyValues(out);
      if (!values['release_id'])
        throw stepFailure(ctx, 'release create printed no release_id', 'look at the output above');
      for (const name of ['release_id', 'release_path', 'rollback_target'] as const) {
        recordFact(ctx.run, name, values[name] ?? '', { builtin: true });
      }
      return { output: values['release_id'] };
    }
    case 'activate': {
      const id = String(scope.fact('release_id') ?? '');
      if (id === '') {
        throw stepFailure(
          ctx,
          'no release to activate: this run created none',
          'add a `release: create` step before activate, or resume the run that created it',
        );
      }
      await mustSucceed(
        ctx,
        buildReleaseActivate(host, base, id, runId),
        `switch current to ${id}`,
        'current was not changed unless the readlink check says otherwise; fix and retry',
      );
      memory.activated.add(host);
      memory.releases.set(host, id);
      await runAfter(ctx, action.after);
      return { output: id };
    }
    case 'rollback': {
      const to =
        action.to !== undefined
          ? scope.render(action.to, 'plain')
          : String(scope.fact('rollback_target') ?? '');
      const out = await mustSucceed(
        ctx,
        buildReleaseRollback(host, base, to, runId),
        `roll back to ${to || 'the previous release'}`,
        'pick a complete release with --to, then retry',
      );
      const live = parseKeyValues(out)['current'] ?? to;
      memory.releases.set(host, live);
      memory.activated.delete(host);
      await runAfter(ctx, action.after);
      return { output: live };
    }
    case 'cleanup': {
      const spare = String(scope.fact('rollback_target') ?? '');
      const out = await mustSucceed(
        ctx,
        buildReleaseCleanup(host, base, action.keep, spare),
        'remove old releases',
      );
      return { output: out };
    }
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/** The commands after a switch (reload php-fpm, nginx, workers), each visible in the command log. */
async function runAfter(ctx: StepContext, after: string[]): Promise<void> {
  for (const template of after) {
    const command = buildRunCommand({
      host: ctx.step.host,
      command: ctx.run.scope.render(template, 'command'),
    });
    await mustSucceed(ctx, command, `run "${command.description}" after the switch`);
  }
}
