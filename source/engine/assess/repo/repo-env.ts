// The key names of the target commit's `.env.example` in the local checkout (never its values).
import { gitTextAsync } from './repo-git.js';

/** KEY names of `.env.example` at `commit` (`KEY=…` and `export KEY=…` lines), in file order. */
export async function envExampleKeys(dir: string, commit: string): Promise<string[]> {
  const text = await gitTextAsync(dir, ['show', `${commit}:.env.example`]);
  return text
    .split('\n')
    .map((line) => /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1])
    .filter((key): key is string => key !== undefined);
}
