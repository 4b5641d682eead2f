// The shell text of a run action, one rendering for every use (execution, plan, confirmation, the assess
// guard): a `command` interpolated in the command context, or a `script` after its `env` prelude.
import { scriptCommand } from '../../commands/script-command.js';
import type { InterpolationContext } from '../../profile/interpolate.js';
import type { RunAction } from '../../profile/schema.js';

/** The script or command a run action sends (before cwd and sudo wrapping); throws on a script never read. */
export function runText(
  run: RunAction,
  render: (template: string, context: InterpolationContext) => string,
): string {
  if (run.script === undefined) return render(run.command ?? '', 'command');
  const { path, text } = run.script;
  // a profile built in code (profileSchema.parse) has the path only: refuse rather than send an empty script
  if (text === undefined)
    throw new Error(`run.script ${path} was not read: load the profile with loadProfile`);
  const env = Object.entries(run.env ?? {}).map(([name, value]) => [name, render(value, 'env')] as const);
  return scriptCommand(path, text, env);
}

/** A run action as the profile wrote it: its command template, or its script's path. */
export function runWritten(run: RunAction): string {
  return run.command ?? run.script?.path ?? '';
}
