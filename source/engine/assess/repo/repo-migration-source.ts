// One migration's PHP at a commit of the local checkout, read-only (the plan classifies what it does).
import { gitTextAsync } from './repo-git.js';

/** The text of database/migrations/NAME.php at `commit`. */
export function migrationSourceAt(dir: string, commit: string, name: string): Promise<string> {
  if (!/^[0-9a-f]{4,40}$/i.test(commit)) return Promise.reject(new Error(`"${commit}" is not a commit hash`));
  if (!/^[\w.-]+$/.test(name)) return Promise.reject(new Error(`"${name}" is not a migration name`));
  return gitTextAsync(dir, ['show', `${commit}:database/migrations/${name}.php`]);
}
