// Every templated string of a profile with the context it is rendered in (architecture.md, Interpolation).
// The loader checks each one; keep this list in step with the engine's use of `interpolate`.
import type { InterpolationContext } from './interpolate.js';
import type { PathSegments } from './profile-issue.js';
import type { HttpAction, Profile, RunAction, Step } from './schema.js';

/** One templated string and where it is used. */
export type TemplateSite = { path: PathSegments; template: string; context: InterpolationContext };

type Emit = (path: PathSegments, template: string | undefined, context: InterpolationContext) => void;

function runSites(run: RunAction, at: PathSegments, emit: Emit) {
  emit([...at, 'command'], run.command, 'command');
  for (const [name, value] of Object.entries(run.env ?? {})) emit([...at, 'env', name], value, 'env');
  emit([...at, 'cwd'], run.cwd, 'command');
  emit([...at, 'stdin'], run.stdin, 'stdin');
}

function httpSites(http: HttpAction, at: PathSegments, emit: Emit) {
  emit([...at, 'url'], http.url, 'plain');
  for (const [name, value] of Object.entries(http.headers ?? {}))
    emit([...at, 'headers', name], value, 'plain');
}

function stepSites(step: Step, at: PathSegments, emit: Emit) {
  for (const key of ['title', 'changes', 'undo', 'note'] as const) emit([...at, key], step[key], 'plain');
  if (step.run) runSites(step.run, [...at, 'run'], emit);
  if (step.http) httpSites(step.http, [...at, 'http'], emit);
  if (step.upload) {
    emit([...at, 'upload', 'source'], step.upload.source, 'plain');
    emit([...at, 'upload', 'to'], step.upload.to, 'plain');
  }
  if (step.release) {
    const release = step.release;
    emit([...at, 'release', 'base'], release.base, 'plain');
    if (release.op === 'rollback') emit([...at, 'release', 'to'], release.to, 'plain');
    if (release.op === 'activate' || release.op === 'rollback') {
      release.after.forEach((command, i) => emit([...at, 'release', 'after', i], command, 'command'));
    }
  }
  if (step.config) configSites(step, [...at, 'config'], emit);
  if (step.lock) emit([...at, 'lock', 'path'], step.lock.path, 'plain');
  if (step.unlock) emit([...at, 'unlock', 'path'], step.unlock.path, 'plain');
}

function configSites(step: Step, at: PathSegments, emit: Emit) {
  const config = step.config!;
  emit([...at, 'template'], config.template, 'plain');
  emit([...at, 'target'], config.target, 'plain');
  for (const [key, value] of Object.entries(config.set)) {
    if (typeof value === 'string') emit([...at, 'set', key], value, 'plain');
    else if (typeof value === 'object') emit([...at, 'set', key, 'value'], value.value, 'plain');
  }
  for (const [key, value] of Object.entries(config.relocate)) emit([...at, 'relocate', key], value, 'plain');
  config.secret_files.forEach((file, i) => {
    emit([...at, 'secret_files', i, 'path'], file.path, 'plain');
    emit([...at, 'secret_files', i, 'content'], file.content, 'stdin');
  });
  emit([...at, 'validate'], config.validate, 'command');
  if ('http' in config.reload) emit([...at, 'reload', 'http'], config.reload.http, 'plain');
  emit([...at, 'confirm', 'metrics_url'], config.confirm?.metrics_url, 'plain');
}

/** All templated strings of a (merged, schema-valid) profile. */
export function templateSites(profile: Profile): TemplateSite[] {
  const sites: TemplateSite[] = [];
  const emit: Emit = (path, template, context) => {
    if (template !== undefined) sites.push({ path, template, context });
  };
  for (const [name, value] of Object.entries(profile.vars)) {
    if (typeof value === 'string') emit(['vars', name], value, 'plain');
  }
  // Form defaults may name vars and runtime vars (the sandbox's relay port); they are resolved when the
  // form is asked, in the plain context, so a secret can never be a default of another field.
  for (const [formId, form] of Object.entries(profile.forms)) {
    form.fields.forEach((field, i) => {
      if (typeof field.default === 'string' && field.type !== 'secret')
        emit(['forms', formId, 'fields', i, 'default'], field.default, 'plain');
    });
  }
  profile.phases.forEach((phase, p) => {
    emit(['phases', p, 'title'], phase.title, 'plain');
    phase.steps.forEach((step, s) => stepSites(step, ['phases', p, 'steps', s], emit));
  });
  profile.checks.forEach((check, i) => {
    emit(['checks', i, 'title'], check.title, 'plain');
    if (check.run) runSites(check.run, ['checks', i, 'run'], emit);
    if (check.http) httpSites(check.http, ['checks', i, 'http'], emit);
    emit(['checks', i, 'expect', 'equals'], check.expect.equals, 'plain');
  });
  profile.assess.forEach((probe, i) => {
    if (probe.run) runSites(probe.run, ['assess', i, 'run'], emit);
    if (probe.http) httpSites(probe.http, ['assess', i, 'http'], emit);
  });
  for (const [target, rollback] of Object.entries(profile.rollback)) {
    rollback?.steps.forEach((step, s) => stepSites(step, ['rollback', target, 'steps', s], emit));
  }
  for (const [host, log] of Object.entries(profile.logs))
    emit(['logs', host, 'command'], log.command, 'command');
  return sites;
}
