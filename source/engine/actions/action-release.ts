// The `release` action: the engine's own blue-green code (create · activate · rollback · cleanup).
import { buildReleaseCleanup } from '../../commands/release-cleanup.js';
import { buildReleaseCreate, parseKeyValues } from '../../commands/release-create.js';
import { buildReleaseActivate, buildReleaseRollback } from '../../commands/release-switch.js';
import { buildRunCommand } from '../../commands/run-command.js';
import type { ReleaseAction } from '../../profile/schema.js';
import type { ActionOutput } from './action-result.js';
import type { RemoteCommand } from '../../commands/remote-command.js';
import { execRemote, mustSucceed } from '../run/exec-command.js';
import { commandFailure, stepFailure } from '../run/failure.js';
import { afterSwitch, mayHaveSwitched } from '../run/live-state.js';
import { recordFact } from '../run/facts.js';
import type { StepContext } from '../run/run-context.js';

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
      memory.built.set(host, values['release_id']);
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
      await switchCurrent(
        ctx,
        buildReleaseActivate(host, base, id, runId),
        id,
        'switch',
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
      const out = await switchCurrent(
        ctx,
        buildReleaseRollback(host, base, to, runId),
        to,
        'rollback',
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

/**
 * Runs a switch (activate or rollback) and records what it proved about `current`: the release its own
 * readlink confirmed, or unknown when its result never came back. A switch that may have happened counts as
 * activated, so that the step's failure still proposes the rollback.
 */
async function switchCurrent(
  ctx: StepContext,
  command: RemoteCommand,
  release: string,
  by: 'switch' | 'rollback',
  what: string,
  hint: string,
): Promise<string> {
  const { memory } = ctx.run;
  const host = ctx.step.host;
  // The release `release: create` read from `current` before anything changed, when this run created one.
  const previous = String(ctx.run.scope.fact('rollback_target') ?? '');
  const before = memory.live.get(host) ?? {
    kind: 'unchanged' as const,
    ...(previous !== '' && { release: previous }),
  };
  const record = (outcome: Parameters<typeof afterSwitch>[3]) => {
    const live = afterSwitch(
      before,
      release || '(the previous release)',
      by,
      outcome,
      new Date().toISOString(),
    );
    memory.live.set(host, live);
    if (by === 'switch' && mayHaveSwitched(live)) memory.activated.add(host);
  };
  let run;
  try {
    run = await execRemote(ctx, command);
  } catch (error) {
    record({ error });
    throw error;
  }
  record({ stdout: run.result.stdout, code: run.result.code });
  if (run.result.code !== 0) {
    throw commandFailure(
      ctx,
      run.shown,
      run.result,
      `${ctx.step.id}: could not ${what} on ${host} (exit ${run.result.code ?? run.result.signal})`,
      hint,
    );
  }
  return run.result.stdout;
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
