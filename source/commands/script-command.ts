// A profile script as it is sent: the engine's assignment prelude, one shell-quoted value per line, then the
// script exactly as its file holds it (library files it sources already inlined by the loader). Values reach
// the script as variables, never by substitution into its text.
//
// Plain assignments, not `export`: the script's children do not inherit them. `php artisan` (phpdotenv)
// prefers an inherited variable over the app's .env, so an exported `DB_HOST` would silently redirect the app.
import { quote } from '../lib/shell-quote.js';

/** `NAME='value'` lines, a comment naming the script, then its text. */
export function scriptCommand(
  path: string,
  text: string,
  env: readonly (readonly [name: string, value: string])[],
): string {
  const prelude = env.map(([name, value]) => `${name}=${quote(value)}`);
  return [...prelude, `# ${path}`, text.replace(/\n$/, '')].join('\n');
}
