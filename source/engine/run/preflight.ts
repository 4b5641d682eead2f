// The value pre-flight of a deploy: before phase 1 (before the lock, before anything changes) prove that
// what the forms accepted will work where it lands. Each entry of the profile's `preflight:` renders a
// config step with the entered values — the facts it reads predicted as the app will store them — looks for
// a secret in the rendered values, parses every e-mail address as Alertmanager will, and runs the host's
// validator with the rendered file on stdin (nothing is written there). One result, a list of checks each
// ok or refused with evidence: the plan model's pre-flight part, shared by headless and the TUI.
import { parseDocument } from 'yaml';
import { interpolate, type InterpolationContext, type Scope } from '../../profile/interpolate.js';
import type { Form, PreflightConfig, Profile, Step } from '../../profile/schema.js';
import { parseTemplate } from '../../profile/template-syntax.js';
import { renderConfig, secretInValues } from '../actions/config-render.js';
import { configSpec } from '../actions/config-spec.js';
import { validateForm } from '../actions/form-validation.js';
import { checkAddressList, checkMailAddress, checkSmarthost } from '../actions/mail-address.js';
import { parseYamlPath } from '../actions/yaml-path.js';

/** One check of the pre-flight and what it saw. */
export type PreflightCheck = {
  id: string;
  title: string;
  status: 'ok' | 'refused';
  /** What was seen: the reason of a refusal, or what passed. Never a secret. */
  evidence: string;
};

/** The pre-flight's verdict: `ok` only when every check is. */
export type PreflightResult = { ok: boolean; checks: PreflightCheck[] };

/** What the pre-flight may touch: a local file (the template) and a read-only command on a host. */
export type PreflightIo = {
  readLocal: (path: string) => Promise<string>;
  /** Runs `command` on `host` with `stdin`; resolves with its exit code and output. */
  exec: (host: string, command: string, stdin: string) => Promise<{ code: number; output: string }>;
  /** Whether a text holds a secret the run knows (the redactor's view). */
  holdsSecret: (text: string) => boolean;
};

const ok = (id: string, title: string, evidence: string): PreflightCheck => ({
  id,
  title,
  status: 'ok',
  evidence,
});
const refused = (id: string, title: string, evidence: string): PreflightCheck => ({
  id,
  title,
  status: 'refused',
  evidence,
});

/** Every form value checked by its field type, as the form itself does. */
function valueChecks(forms: Record<string, Form>, values: Scope['forms']): PreflightCheck[] {
  return Object.entries(forms).flatMap(([formId, form]) => {
    const entered = values[formId];
    if (!entered) return [];
    const verdict = validateForm(form, entered);
    const title = `the values of form ${formId} fit their fields`;
    const problems = Object.entries(verdict.errors).map(
      ([field, message]) => `${formId}.${field}: ${message}`,
    );
    return [
      verdict.valid
        ? ok(`values:${formId}`, title, `${form.fields.length} fields`)
        : refused(`values:${formId}`, title, problems.join('; ')),
    ];
  });
}

/** PHP's `(int)` of a string: leading whitespace, an optional sign, then digits; anything else is 0. */
function phpInt(text: string): number {
  const match = /^[ \t\n\r\v\f]*([+-]?\d+)/.exec(text);
  return match ? Number.parseInt(match[1]!, 10) : 0;
}

/** The single `{{form.field}}` a template consists of, else null. */
function soleReference(template: string): string | null {
  const parts = parseTemplate(template);
  return parts.length === 1 && parts[0]!.kind === 'name' ? parts[0]!.name : null;
}

type Predicted = { facts: Record<string, unknown>; checks: PreflightCheck[] };

/** The facts of `entry` as the app will return them, and a check per value the app's cast would change. */
export function predictFacts(entry: PreflightConfig, scope: Scope): Predicted {
  const facts: Record<string, unknown> = {};
  const checks: PreflightCheck[] = [];
  const render = (template: string): string => interpolate(template, scope, 'stdin');
  for (const [path, prediction] of Object.entries(entry.facts)) {
    const template = typeof prediction === 'string' ? prediction : prediction.value;
    const written = render(template);
    let value: unknown = written;
    if (typeof prediction === 'object' && 'type' in prediction && prediction.type === 'int') {
      value = phpInt(written);
      const source = soleReference(template) ?? path;
      const title = `${source} reads back as written (stored as an integer)`;
      // The secret never gets here: an integer-cast fact is not a secret one.
      checks.push(
        String(value) === written
          ? ok(`stored:${path}`, title, `${written} → ${written}`)
          : refused(
              `stored:${path}`,
              title,
              `"${written}" is stored as the integer ${value} and would read back as ${value}; enter ${value}`,
            ),
      );
    } else if (typeof prediction === 'object' && 'map' in prediction) {
      const mapped = prediction.map[written];
      const title = `${path} is derived from "${written}"`;
      if (mapped === undefined) {
        checks.push(
          refused(
            `derived:${path}`,
            title,
            `no value is known for "${written}" (known: ${Object.keys(prediction.map).join(', ')})`,
          ),
        );
      } else value = mapped;
    }
    setPath(facts, path, value);
  }
  return { facts, checks };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node[key] = next !== null && typeof next === 'object' ? next : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

/** The config step an entry names, or null. */
function configStep(profile: Profile, entry: PreflightConfig): Step | null {
  const step = profile.phases.flatMap((phase) => phase.steps).find((s) => s.id === entry.config);
  return step?.config ? step : null;
}

/** Every address field of the rendered config, parsed as Alertmanager will. */
function addressChecks(entry: PreflightConfig, rendered: string): PreflightCheck[] {
  const doc = parseDocument(rendered);
  return Object.entries(entry.addresses).map(([path, kind]) => {
    const id = `address:${entry.config}:${path}`;
    const what = { one: 'one e-mail address', list: 'a list of e-mail addresses', smarthost: 'a host:port' };
    const title = `${path} is ${what[kind]} Alertmanager can send with`;
    const value = doc.getIn(parseYamlPath(path));
    if (typeof value !== 'string')
      return refused(id, title, `${path} is missing or not a string in the rendered config`);
    const verdict =
      kind === 'one'
        ? checkMailAddress(value)
        : kind === 'list'
          ? checkAddressList(value)
          : checkSmarthost(value);
    return verdict.ok
      ? ok(id, title, value)
      : refused(id, title, `${JSON.stringify(value)}: ${verdict.message}`);
  });
}

/** Renders one entry's config with the predicted facts and validates it on the step's host. */
async function configChecks(
  profile: Profile,
  entry: PreflightConfig,
  scope: Scope,
  io: PreflightIo,
): Promise<PreflightCheck[]> {
  const step = configStep(profile, entry);
  const id = entry.config;
  if (!step?.config)
    return [refused(`render:${id}`, `render ${id}`, `the profile has no config step "${id}"`)];
  const predicted = predictFacts(entry, scope);
  const withFacts: Scope = { ...scope, facts: { ...scope.facts, ...predicted.facts } };
  const render = (template: string, context: InterpolationContext) =>
    interpolate(template, withFacts, context);
  const plain = (template: string) => render(template, 'plain');
  const action = step.config;
  const target = plain(action.target);
  const title = `${target} renders with the entered values`;
  let rendered: string;
  try {
    const references = Object.fromEntries(
      action.secret_files.flatMap((file) => (file.reference ? [[file.reference, plain(file.path)]] : [])),
    );
    const spec = configSpec(action, plain, references);
    const holder = secretInValues(spec, io.holdsSecret);
    if (holder !== null)
      return [
        ...predicted.checks,
        refused(
          `render:${id}`,
          title,
          `the value for ${holder} contains a secret (a secret form value, or a part of it): it would be written into ${target}`,
        ),
      ];
    rendered = renderConfig(await io.readLocal(plain(entry.template)), spec);
  } catch (error) {
    return [...predicted.checks, refused(`render:${id}`, title, (error as Error).message)];
  }
  const checks = [...predicted.checks, ok(`render:${id}`, title, `${rendered.split('\n').length} lines`)];
  checks.push(...addressChecks(entry, rendered));
  const command = render(entry.validate, 'command');
  const validateTitle = `${step.host} accepts the rendered ${target} (from stdin, nothing written)`;
  const result = await io.exec(step.host, command, rendered);
  const output = result.output
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, 8)
    .join(' | ');
  checks.push(
    result.code === 0
      ? ok(`validate:${id}`, validateTitle, `${command}: ${output || 'exit 0'}`)
      : refused(`validate:${id}`, validateTitle, `${command}: exit ${result.code}: ${output}`),
  );
  return checks;
}

/** Runs the whole pre-flight for the forms entered so far (scope.forms) and the profile's entries. */
export async function runPreflight(
  profile: Profile,
  scope: Scope,
  io: PreflightIo,
): Promise<PreflightResult> {
  const checks = valueChecks(profile.forms, scope.forms);
  for (const entry of profile.preflight) {
    if (checks.some((check) => check.status === 'refused')) break;
    checks.push(...(await configChecks(profile, entry, scope, io)));
  }
  return { ok: checks.every((check) => check.status === 'ok'), checks };
}

/** The refusal message: every refused check, and that nothing was changed. */
export function preflightRefusal(result: PreflightResult): string {
  const lines = result.checks
    .filter((check) => check.status === 'refused')
    .map((check) => `  - ${check.title}: ${check.evidence}`);
  return [
    `the pre-flight refused the entered values before anything changed:`,
    ...lines,
    'Nothing was changed on any host. Correct the values (the form, or --values FILE) and start the deploy again.',
  ].join('\n');
}
