// Cross-references the schema cannot see: one action per step, hosts, forms, `from`, rollback targets.
import type { IssueSink } from './issue-sink.js';
import { allSteps } from './profile-catalog.js';
import { actionKeys, type Check, type Profile, type Step } from './schema.js';
import { checkParts } from './part-checks.js';
import { closest } from './schema-keys.js';
import { splitName } from './name-catalog.js';
import { templateSites } from './template-sites.js';
import { templateNames } from './template-syntax.js';
import { checkPhaseWhens, checkWhen } from './when-checks.js';

type Path = (string | number)[];

function hostList(profile: Profile): string {
  return Object.keys(profile.hosts).join(', ') || 'none defined';
}

function checkHost(profile: Profile, host: string, consoleAllowed: boolean, path: Path, sink: IssueSink) {
  if (host in profile.hosts) return;
  if (host === 'console' && consoleAllowed) return;
  const console = consoleAllowed ? ' or "console"' : ' ("console" only for http and form steps)';
  sink.at(path, `expected a host of the profile (${hostList(profile)})${console}, found "${host}"`);
}

function checkFrom(profile: Profile, from: string, path: Path, sink: IssueSink) {
  if (from !== 'console' && !(from in profile.hosts)) {
    sink.at(path, `expected "console" or a host of the profile (${hostList(profile)}), found "${from}"`);
  }
}

function checkStep(profile: Profile, step: Step, path: Path, sink: IssueSink) {
  const found = actionKeys.filter((key) => step[key] !== undefined);
  if (found.length === 0) {
    sink.at(path, `expected exactly one action (one of: ${actionKeys.join(', ')}), found none`);
  } else if (found.length > 1) {
    sink.atKey(
      [...path, found[1]!],
      `expected exactly one action, found ${found.length}: ${found.join(', ')}`,
    );
  }
  const consoleAllowed = found.length === 1 && (found[0] === 'http' || found[0] === 'form');
  checkHost(profile, step.host, consoleAllowed, [...path, 'host'], sink);
  if (step.http) checkFrom(profile, step.http.from, [...path, 'http', 'from'], sink);
  if (step.form !== undefined && !(step.form in profile.forms)) {
    const forms = Object.keys(profile.forms).join(', ') || 'none defined';
    sink.at([...path, 'form'], `expected a form of the profile (${forms}), found "${step.form}"`);
  }
  const target = step.on_failure?.rollback;
  const needed = target === 'all' ? (['app', 'observability'] as const) : target ? [target] : [];
  const missing = needed.filter((name) => !profile.rollback[name]);
  if (missing.length > 0) {
    const defined = Object.keys(profile.rollback).join(', ') || 'none';
    sink.at(
      [...path, 'on_failure', 'rollback'],
      `expected rollback.${missing.join(' and rollback.')} to be defined (defined: ${defined}), found "${target}" without it`,
    );
  }
  if (step.when !== undefined) checkWhen(profile, step.when, step, [...path, 'when'], sink);
  if (step.secret_paths && step.save_as === undefined) {
    sink.atKey(
      [...path, 'secret_paths'],
      'expected save_as next to secret_paths (they name paths inside the saved fact), found none',
    );
  }
}

function checkProbeLike(
  profile: Profile,
  item: { host: string; run?: unknown; http?: { from: string } },
  path: Path,
  sink: IssueSink,
) {
  const found = (['run', 'http'] as const).filter((key) => item[key] !== undefined);
  if (found.length !== 1) {
    const what = found.length === 0 ? 'none' : `${found.length}: run, http`;
    const at = found.length === 0 ? path : [...path, 'http'];
    (found.length === 0 ? sink.at.bind(sink) : sink.atKey.bind(sink))(
      at,
      `expected exactly one of run or http, found ${what}`,
    );
  }
  checkHost(profile, item.host, item.http !== undefined && item.run === undefined, [...path, 'host'], sink);
  if (item.http) checkFrom(profile, item.http.from, [...path, 'http', 'from'], sink);
}

/** Names only an earlier step of the same run sets: a step run alone (a fix) cannot have them. */
const runOnlyBuiltins = new Set([
  'release_id',
  'release_path',
  'rollback_target',
  'rollback_snapshot',
  'staged',
]);

/** A fix runs its step alone, so the step may not use facts, form values or release names of other steps. */
function checkFixAlone(profile: Profile, stepId: string, path: Path, sink: IssueSink) {
  const at = allSteps(profile).find(({ step }) => step.id === stepId)?.path ?? [];
  const facts = new Set(allSteps(profile).flatMap(({ step }) => (step.save_as ? [step.save_as] : [])));
  const forms = new Set(Object.keys(profile.forms));
  const used = templateSites(profile)
    .filter((site) => at.length > 0 && at.every((segment, i) => site.path[i] === segment))
    .flatMap((site) => templateNames(site.template));
  const needs = [...new Set(used)].filter((name) => {
    const { root } = splitName(name);
    return facts.has(root) || forms.has(root) || runOnlyBuiltins.has(name);
  });
  if (needs.length > 0) {
    sink.at(
      path,
      `expected a step that can run alone, found "${stepId}" using ${needs.map((name) => `{{${name}}}`).join(', ')}, which only earlier steps of a deploy set`,
    );
  }
}

/** A check's `fix:` names a deploy step (rollback steps are not offered as repairs). */
function checkFix(profile: Profile, check: Check, path: Path, sink: IssueSink) {
  if (check.fix === undefined) return;
  const ids = profile.phases.flatMap((phase) => phase.steps.map((step) => step.id));
  if (ids.includes(check.fix)) {
    checkFixAlone(profile, check.fix, [...path, 'fix'], sink);
    return;
  }
  const guess = closest(check.fix, ids);
  sink.at(
    [...path, 'fix'],
    `expected the id of a step under phases (the step that repairs this check), found "${check.fix}"${guess ? `; did you mean "${guess}"?` : ''}`,
  );
}

/** Checks every cross-reference of a merged, schema-valid profile. */
export function checkReferences(profile: Profile, sink: IssueSink): void {
  for (const { step, path } of allSteps(profile)) checkStep(profile, step, path, sink);
  checkPhaseWhens(profile, sink);
  profile.checks.forEach((check, i) => {
    checkProbeLike(profile, check, ['checks', i], sink);
    checkFix(profile, check, ['checks', i], sink);
  });
  profile.assess.forEach((probe, i) => checkProbeLike(profile, probe, ['assess', i], sink));
  for (const host of Object.keys(profile.logs)) {
    if (!(host in profile.hosts))
      sink.atKey(['logs', host], `expected a host of the profile (${hostList(profile)}), found "${host}"`);
  }
  checkParts(profile, sink);
}
