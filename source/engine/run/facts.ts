// Facts: what steps learn (save_as, release ids). Secret parts are registered with the redactor first,
// so that the fact-recorded event (and the journal) never carries them.
import { getPath, tryParseJson } from '../actions/json-path.js';
import type { BuiltinName } from './run-scope.js';
import type { RunContext } from './run-context.js';

export function recordFact(
  run: RunContext,
  name: string,
  raw: string,
  options: { builtin?: boolean; secretPaths?: string[] } = {},
): void {
  const text = raw.replace(/\n+$/, '');
  const parsed = tryParseJson(text);
  const value: unknown = parsed === undefined ? text.trim() : parsed;
  for (const path of options.secretPaths ?? []) {
    const secret = path === '' || path === '.' ? value : getPath(value, path);
    registerSecret(run, secret);
  }
  if (options.builtin) run.scope.setBuiltin(name as BuiltinName, String(value));
  else run.scope.setFact(name, value);
  run.emit({ type: 'fact-recorded', name, value: typeof value === 'string' ? value : JSON.stringify(value) });
}

/** Registers a secret value (strings, or every string inside an object). */
function registerSecret(run: RunContext, secret: unknown): void {
  if (typeof secret === 'string' || typeof secret === 'number') run.redactor.add(String(secret));
  else if (secret !== null && typeof secret === 'object')
    for (const item of Object.values(secret)) registerSecret(run, item);
}
