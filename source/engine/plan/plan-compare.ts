// The plan's comparisons of issue 16 (read-only): each config step rendered as the run would render it
// (its template from the local checkout it is staged from, the form values the run would store, the facts
// predicted by the profile's preflight) against the live files; the target's `.env.example` keys against
// the live shared `.env`; each form live source against the values to store. Values never leave the engine.
import {
  absentExit,
  buildEnvKeys,
  buildReadLive,
  buildSameAsStdin,
} from '../../commands/live-file-commands.js';
import { interpolate } from '../../profile/interpolate.js';
import type { Profile, Step } from '../../profile/schema.js';
import type { Scope } from '../../profile/scope.js';
import { compareConfig, renderStepConfig, type LiveFileIo } from '../actions/config-compare.js';
import { compareLive, liveValues } from '../actions/form-live.js';
import { predictFacts as predictPreflight } from '../run/preflight.js';
import type { ConfigFact, EnvKeysFact, Known, SmtpStoredFact, UploadFact } from './plan-facts.js';
import { liveSourceScript, sharedEnvOf } from './plan-reads.js';
import { compareUploads } from './upload-compare.js';

/** Read-only access the comparisons need; each answer stays in the engine. */
export type CompareIo = {
  /** Runs a read-only script on a host (stdin: content compared there); resolves with exit code and output. */
  exec(
    host: string,
    script: string,
    stdin?: string,
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
  readLocal(path: string): Promise<string>;
  /** The key names of `.env.example` at `commit` in the local checkout `dir`. */
  envExampleKeys(dir: string, commit: string): Promise<string[]>;
  /** The run's scope before it starts (vars, runtime vars; no forms, no facts). */
  scope(): Scope;
  /** The values the run would store per form (--values); undefined: the live ones (the form pre-filled). */
  formValues(formId: string): Record<string, string> | undefined;
};

/** What the comparisons found. */
export type Compared = {
  configs: Known<ConfigFact[]>;
  /** Config steps that could not be compared, and why. */
  configErrors: Record<string, string>;
  envKeys: Known<EnvKeysFact>;
  formSources: Record<string, Known<SmtpStoredFact>>;
  /** Every upload step's local file against its destination. */
  uploads: Known<UploadFact[]>;
};

const unknown = (why: string): { known: false; why: string } => ({ known: false, why });
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function fileIo(io: CompareIo): LiveFileIo {
  return {
    readLive: async (host, path, root) => {
      const read = await io.exec(host, buildReadLive(host, path, root).script);
      if (read.code === absentExit) return null;
      if (read.code !== 0) throw new Error(`cannot read ${path} on ${host}: exit ${read.code}`);
      return read.stdout;
    },
    sameAs: async (host, path, content, root) => {
      const read = await io.exec(host, buildSameAsStdin(host, path, content, root).script, content);
      if (read.code === absentExit) return null;
      if (read.code !== 0 && read.code !== 1)
        throw new Error(`cannot compare ${path} on ${host}: exit ${read.code}`);
      return read.code === 0;
    },
  };
}

/** Every form's live values (sources read now), per source. */
async function liveSources(profile: Profile, io: CompareIo, scope: Scope) {
  const out: Record<string, Known<Record<string, string>>> = {};
  for (const [formId, form] of Object.entries(profile.forms))
    for (const [sourceId, source] of Object.entries(form.live ?? {})) {
      try {
        const read = await io.exec(source.host, liveSourceScript(source, scope));
        out[`${formId}.${sourceId}`] =
          read.code === 0
            ? { known: true, value: liveValues(source, read.stdout) }
            : unknown(`${formId}.${sourceId} on ${source.host}: exit ${read.code}`);
      } catch (error) {
        out[`${formId}.${sourceId}`] = unknown(`${formId}.${sourceId} on ${source.host}: ${message(error)}`);
      }
    }
  return out;
}

/** The values the run would store: --values where given (a missing secret keeps the live one), else live. */
function toStore(profile: Profile, io: CompareIo, live: Record<string, Known<Record<string, string>>>) {
  const forms: Record<string, Record<string, string>> = {};
  for (const formId of Object.keys(profile.forms)) {
    const fromLive = Object.entries(live)
      .filter(([name, read]) => name.startsWith(`${formId}.`) && read.known)
      .reduce<Record<string, string>>((all, [, read]) => ({ ...all, ...(read.known ? read.value : {}) }), {});
    forms[formId] = { ...fromLive, ...(io.formValues(formId) ?? {}) };
  }
  return forms;
}

/** The local file an upload step stages at `path` (the template before phase 1), else null. */
function stagedFrom(profile: Profile, path: string, plain: (t: string) => string): string | null {
  for (const step of profile.phases.flatMap((phase) => phase.steps))
    if (step.upload && plain(step.upload.to) === path) return plain(step.upload.source);
  return null;
}

/** One config step rendered as the run would render it, against the live files (the run's `configs:` too). */
export async function compareOne(
  profile: Profile,
  step: Step,
  scope: Scope,
  io: CompareIo,
): Promise<ConfigFact> {
  const action = step.config!;
  const entry = profile.preflight.find((e) => e.config === step.id);
  const facts = entry ? predictPreflight(entry, scope).facts : {};
  const withFacts: Scope = { ...scope, facts: { ...scope.facts, ...facts } };
  const render = (template: string, context: 'plain' | 'stdin') => interpolate(template, withFacts, context);
  const templatePath = render(action.template, 'plain');
  const local = stagedFrom(profile, templatePath, (t) => render(t, 'plain'));
  const templateText =
    local !== null ? await io.readLocal(local) : await fileIo(io).readLive(step.host, templatePath, false);
  if (templateText === null) throw new Error(`the template ${templatePath} is not on ${step.host}`);
  const secrets = Object.entries(profile.forms).flatMap(([formId, form]) =>
    form.fields.flatMap((field) => {
      const value = scope.forms[formId]?.[field.id];
      return field.type === 'secret' && value ? [value] : [];
    }),
  );
  const rendered = renderStepConfig(step, action, templateText, render, () => false);
  const redact = (text: string) => secrets.reduce((line, secret) => line.split(secret).join('***'), text);
  return compareConfig(rendered, fileIo(io), redact);
}

/** Runs every comparison; nothing is written anywhere. */
export async function comparePlan(
  profile: Profile,
  io: CompareIo,
  target: Known<string>,
  repo: string | undefined,
): Promise<Compared> {
  const base = io.scope();
  // the .env keys need no form value: read beside the live sources (envKeysOf never rejects)
  const envKeysRead = envKeysOf(profile, io, target, repo, base);
  const live = await liveSources(profile, io, base);
  const forms = toStore(profile, io, live);
  const formSources: Record<string, Known<SmtpStoredFact>> = {};
  for (const [name, read] of Object.entries(live)) {
    const [formId = '', sourceId = ''] = name.split('.');
    formSources[name] = read.known
      ? {
          known: true,
          value: compareLive(profile.forms[formId]!.live![sourceId]!, read.value, forms[formId] ?? {}),
        }
      : read;
  }
  const scope: Scope = { ...base, forms: { ...base.forms, ...forms } };
  const configs: ConfigFact[] = [];
  const configErrors: Record<string, string> = {};
  // the steps at once: their reads are independent, each waits only for its own host
  const steps = profile.phases.flatMap((phase) => phase.steps).filter((s) => s.config);
  const [outcomes, envKeys, uploads] = await Promise.all([
    Promise.all(
      steps.map((step) =>
        compareOne(profile, step, scope, io).then(
          (fact) => ({ ok: true as const, fact }),
          (error: unknown) => ({ ok: false as const, why: message(error) }),
        ),
      ),
    ),
    envKeysRead,
    compareUploads(profile, {
      readLocal: (path) => io.readLocal(path),
      exec: (host, script, stdin) => io.exec(host, script, stdin),
      render: (template) => interpolate(template, base, 'plain'),
      base: repo,
    }),
  ]);
  outcomes.forEach((outcome, i) => {
    if (outcome.ok) configs.push(outcome.fact);
    else configErrors[steps[i]!.id] = outcome.why;
  });
  return { configs: { known: true, value: configs }, configErrors, envKeys, formSources, uploads };
}

async function envKeysOf(
  profile: Profile,
  io: CompareIo,
  target: Known<string>,
  repo: string | undefined,
  scope: Scope,
): Promise<Known<EnvKeysFact>> {
  if (!target.known) return target;
  if (repo === undefined) return unknown('the profile has no repo var (the local checkout)');
  try {
    const env = sharedEnvOf(profile, scope);
    if (typeof env === 'string') return unknown(env);
    const { host: appHost, path } = env;
    const [example, live] = await Promise.all([
      io.envExampleKeys(repo, target.value),
      io.exec(appHost, buildEnvKeys(appHost, path).script),
    ]);
    if (live.code === absentExit) return unknown(`${path} does not exist on ${appHost}`);
    if (live.code !== 0) return unknown(`cannot read the keys of ${path} on ${appHost}: exit ${live.code}`);
    const liveKeys = new Set(live.stdout.split('\n').filter((key) => key !== ''));
    const exampleKeys = new Set(example);
    return {
      known: true,
      value: {
        missingLive: [...exampleKeys].filter((key) => !liveKeys.has(key)).sort(),
        onlyLive: [...liveKeys].filter((key) => !exampleKeys.has(key)).sort(),
      },
    };
  } catch (error) {
    return unknown(message(error));
  }
}
