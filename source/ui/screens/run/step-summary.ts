// What a critical step will do, for the confirmation dialog when the engine has no command line to show
// (release, config, upload, lock actions): a one-line description built from the step's action.
import type { Profile, Step } from '../../../profile/schema.js';

type Vars = Profile['vars'];

/** Plain profile vars filled in for display; facts and form values stay as `{{name}}`. */
function withVars(text: string, vars: Vars): string {
  let out = text;
  for (let depth = 0; depth < 4 && /\{\{/.test(out); depth += 1) {
    out = out.replace(/\{\{\s*([\w.]+)\s*(?:\|\s*raw\s*)?\}\}/g, (whole, name: string) =>
      vars[name] === undefined ? whole : String(vars[name]),
    );
  }
  return out;
}

/** The command shown in the confirmation dialog: the engine's redacted command, else a description. */
export function stepSummary(step: Step, command: string | undefined, vars: Vars = {}): string {
  if (command !== undefined && command !== '') return command;
  return withVars(describe(step), vars);
}

function describe(step: Step): string {
  if (step.run) return step.run.command ?? step.run.script?.path ?? step.title;
  if (step.release) return `release ${step.release.op} in ${step.release.base}`;
  if (step.config) return `render ${step.config.target}, validate, back up, switch and reload`;
  if (step.upload) return `upload ${step.upload.source} → ${step.upload.to}`;
  if (step.http) return `${step.http.method} ${step.http.url}`;
  if (step.lock) return `take the deploy lock ${step.lock.path}`;
  if (step.unlock) return `release the deploy lock ${step.unlock.path}`;
  if (step.form) return `ask for the ${step.form} form`;
  return step.title;
}

/** The user a step runs as: its `run.user`, else the host's login user. */
export function stepUser(profile: Profile, step: Step): string {
  if (step.run?.user) return step.run.user;
  const host = profile.hosts[step.host];
  return host?.user ?? 'deploy';
}
