// The read-only facts a deploy plan decides on, and their gatherer. Every fact is either known or says why
// not (not connected, a probe failed, the repository cannot be read): the plan never guesses. The gatherer
// reuses the profile's own assessment probes (the live commit, the ran migrations) and the local checkout
// (the commit range, the target's migrations); what touches the world arrives through PlanFactsIo.
import type { Probe, Profile } from '../../profile/schema.js';
import { parseProbe } from '../assess/assess-parse.js';
import type { HistoryEntry } from '../run/run-history.js';
import type { CommitRange } from '../assess/repo/repo-range.js';
import type { CompareIo } from './plan-compare.js';
import { conditionsOf } from '../../profile/when-conditions.js';

/** The facts of a plan the assessment's probes read (plan-reads.ts batches those probes per host). */
const planProbeFacts = ['current_release', 'deployed_commit', 'ran_migrations'] as const;

/** Those, and the assessment facts the profile's `assessed:` conditions read. */
export function planProbeFactsOf(profile: Profile): string[] {
  return [...new Set([...planProbeFacts, ...assessedNames(profile)])];
}

/** A fact, or why it is not known. */
export type Known<T> = { known: true; value: T } | { known: false; why: string };

/** The run a pre-flight compares with: the last deploy of this profile. */
export type LastRun = Pick<HistoryEntry, 'runId' | 'result' | 'durationMs' | 'startedAt' | 'operator'>;

/** One file a config step writes: the rendered target beside the live file (null: absent on the host). */
export type ConfigFileFact = {
  path: string;
  /** A secret file (its text never leaves the engine; only `identical` and the redacted diff do). */
  secret: boolean;
  identical: boolean;
  /** Unified diff live → rendered, secret values redacted; empty when identical. */
  diff: string[];
};

/** A config step's files against the live ones: identical everywhere → the write and its reload skip. */
export type ConfigFact = { step: string; host: string; identical: boolean; files: ConfigFileFact[] };

/** An upload step's local file against its destination (bytes, mode and owner): identical → nothing to stage. */
export type UploadFact = { step: string; host: string; path: string; identical: boolean };

/** The keys (never values) of the target's `.env.example` against the live shared `.env`. */
export type EnvKeysFact = { missingLive: string[]; onlyLive: string[] };

/** The SMTP settings stored on the host against the ones the run would store (values never carried). */
export type SmtpStoredFact = { identical: boolean; differing: string[] };

/** What the plan knows of the world. */
export type PlanFacts = {
  /** `live`: read from the hosts now; `offline`: nothing was read from a host (plain `plan`). */
  source: 'live' | 'offline';
  liveRelease: Known<string>;
  liveCommit: Known<string>;
  /** The commit the deploy fetches (the profile's `commit` var). */
  targetCommit: Known<string>;
  commits: Known<CommitRange>;
  /** Migrations of the target commit not yet run on the live database. */
  pendingMigrations: Known<string[]>;
  /** Each config step's rendered files against the live ones. */
  configs: Known<ConfigFact[]>;
  envKeys: Known<EnvKeysFact>;
  smtpStored: Known<SmtpStoredFact>;
  /**
   * Every form live source (`FORM.SOURCE`, e.g. `smtp.stored`) against the values the run would store;
   * `smtpStored` is the one an `unchanged:` condition of the profile names first.
   */
  formSources?: Record<string, Known<SmtpStoredFact>>;
  /** Every upload step's local file against its destination (`upload: identical`, `uploads: identical`). */
  uploads?: Known<UploadFact[]>;
  /** The assessment facts `assessed:` conditions name, as lines (read by their probes with the others). */
  assessed?: Record<string, Known<string[]>>;
  /** Config steps `configs` lacks because they could not be compared, and why. */
  configErrors?: Record<string, string>;
  /** The last deploy of this profile (null: none journalled here). */
  lastRun: LastRun | null;
};

/** What the gatherer may touch; every call is read-only. */
export type PlanFactsIo = {
  /** Runs one of the profile's assessment probes on its host; resolves with its stdout. */
  probe(probe: Probe): Promise<string>;
  /** A profile var, rendered (runtime vars included); undefined when it cannot be rendered here. */
  variable(name: string): string | undefined;
  commitRange(dir: string, live: string, target: string): Promise<CommitRange>;
  migrationsAt(dir: string, commit: string): Promise<string[]>;
  /** The journalled runs, newest first. */
  history(): readonly HistoryEntry[];
  /**
   * What the comparisons of configs, `.env` keys and form live sources read (plan-compare.ts); without it
   * `configs`, `envKeys` and `smtpStored` stay unknown.
   */
  compare?: CompareIo;
};

const unknown = (why: string): { known: false; why: string } => ({ known: false, why });
const known = <T>(value: T): Known<T> => ({ known: true, value });
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The probe whose parser produces `fact`. */
export function probeFor(profile: Profile, fact: string): Probe | undefined {
  return profile.assess.find((probe) => {
    const parse = probe.parse;
    return 'fact' in parse
      ? parse.fact === fact
      : fact in parse.facts || fact in (('lists' in parse && parse.lists) || {});
  });
}

/** The last deploy of `profile` in the history. */
export function lastDeploy(history: readonly HistoryEntry[], profile: string): LastRun | null {
  const entry = history.find((run) => run.mode === 'deploy' && run.profile === profile);
  return entry
    ? {
        runId: entry.runId,
        result: entry.result,
        durationMs: entry.durationMs,
        startedAt: entry.startedAt,
        operator: entry.operator,
      }
    : null;
}

/** The target commit: the profile's `commit` var when it renders to a hash here. */
function targetOf(io: Pick<PlanFactsIo, 'variable'>): Known<string> {
  const commit = io.variable('commit');
  if (commit === undefined || /[‹›]/.test(commit))
    return unknown("the profile's commit var is only known once the world is running");
  return known(commit);
}

/** The facts of a plan made without connecting: only what is local (the target commit, the last run). */
export function offlineFacts(
  profile: Profile,
  io: Pick<PlanFactsIo, 'variable' | 'history'>,
  why = 'not connected (plan reads no host)',
): PlanFacts {
  return {
    source: 'offline',
    liveRelease: unknown(why),
    liveCommit: unknown(why),
    targetCommit: targetOf(io),
    commits: unknown(`${why}: the live commit is needed`),
    pendingMigrations: unknown(`${why}: the database's ran migrations are needed`),
    configs: unknown(`${why}: the live configs are needed`),
    envKeys: unknown(`${why}: the live .env is needed`),
    smtpStored: unknown(`${why}: the stored settings are needed`),
    lastRun: lastDeploy(io.history(), profile.name),
  };
}

/** Runs the probe of `facts` (once per probe) and returns them, or why not. */
async function probed(
  profile: Profile,
  io: Pick<PlanFactsIo, 'probe'>,
  facts: readonly string[],
): Promise<Record<string, Known<unknown>>> {
  const probes = new Map<Probe, string[]>();
  const out: Record<string, Known<unknown>> = {};
  for (const fact of facts) {
    const probe = probeFor(profile, fact);
    if (probe === undefined)
      out[fact] = unknown(`no assessment probe of profile ${profile.name} reads ${fact}`);
    else probes.set(probe, [...(probes.get(probe) ?? []), fact]);
  }
  await Promise.all(
    [...probes].map(async ([probe, names]) => {
      try {
        const parsed = parseProbe(probe.parse, await io.probe(probe));
        for (const name of names) {
          const value = parsed[name];
          out[name] =
            value === null || value === undefined || value === ''
              ? unknown(`probe ${probe.id} on ${probe.host} did not report ${name}`)
              : known(value);
        }
      } catch (error) {
        for (const name of names)
          out[name] = unknown(`probe ${probe.id} on ${probe.host}: ${message(error)}`);
      }
    }),
  );
  return out;
}

const text = (fact: Known<unknown> | undefined): Known<string> =>
  fact === undefined ? unknown('not read') : fact.known ? known(String(fact.value)) : fact;

/** The probed facts, the commit range and the target's migrations (read beside the comparisons). */
async function probedFacts(profile: Profile, io: PlanFactsIo, targetCommit: Known<string>, repo?: string) {
  const noRepo = unknown('the profile has no repo var (the local checkout)');
  // the target's migrations need no host: read while the probes run
  const targetMigrations: Promise<Known<string[]>> = !targetCommit.known
    ? Promise.resolve(targetCommit)
    : repo === undefined
      ? Promise.resolve(noRepo)
      : io.migrationsAt(repo, targetCommit.value).then(known, (e) => unknown(message(e)));
  const read = await probed(profile, io, planProbeFactsOf(profile));
  const liveCommit = text(read['deployed_commit']);
  const [commits, migrations] = await Promise.all([
    !liveCommit.known
      ? unknown(`the live commit is unknown: ${liveCommit.why}`)
      : !targetCommit.known
        ? targetCommit
        : repo === undefined
          ? noRepo
          : io
              .commitRange(repo, liveCommit.value, targetCommit.value)
              .then(known, (e) => unknown(message(e))),
    targetMigrations,
  ]);
  return { read, liveCommit, commits, pendingMigrations: pendingOf(read['ran_migrations'], migrations) };
}

/** Reads the facts from the hosts and the local checkout, read-only. */
export async function gatherPlanFacts(profile: Profile, io: PlanFactsIo): Promise<PlanFacts> {
  const targetCommit = targetOf(io);
  const repo = io.variable('repo');
  // the comparisons need no probe: they run beside them (loaded only when comparing: they render YAML,
  // which a plain `plan` must not load, see the startup-modules test)
  const [{ read, liveCommit, commits, pendingMigrations }, compared] = await Promise.all([
    probedFacts(profile, io, targetCommit, repo),
    io.compare
      ? import('./plan-compare.js').then((m) => m.comparePlan(profile, io.compare!, targetCommit, repo))
      : null,
  ]);
  const notCompared = unknown('this caller reads no live files');
  const stored = storedSource(profile);
  const named = assessedNames(profile);
  return {
    source: 'live',
    liveRelease: text(read['current_release']),
    liveCommit,
    targetCommit,
    commits,
    pendingMigrations,
    configs: compared?.configs ?? notCompared,
    ...(compared && Object.keys(compared.configErrors).length > 0 && { configErrors: compared.configErrors }),
    envKeys: compared?.envKeys ?? notCompared,
    smtpStored:
      compared === null
        ? notCompared
        : stored === null
          ? unknown('no step of the profile compares stored settings (when: unchanged)')
          : (compared.formSources[stored] ?? unknown(`${stored} was not read`)),
    ...(compared && { formSources: compared.formSources, uploads: compared.uploads }),
    ...(named.length > 0 && {
      assessed: Object.fromEntries(named.map((name) => [name, asLines(read[name])])),
    }),
    lastRun: lastDeploy(io.history(), profile.name),
  };
}

/** The assessment facts the profile's `assessed:` conditions name. */
function assessedNames(profile: Profile): string[] {
  const whens = [
    ...profile.phases.flatMap((phase) => (phase.when ? [phase.when] : [])),
    ...profile.phases.flatMap((phase) => phase.steps.flatMap((step) => (step.when ? [step.when] : []))),
  ];
  const names = whens.flatMap((when) =>
    conditionsOf(when).flatMap(({ condition }) => ('assessed' in condition ? [condition.assessed] : [])),
  );
  return [...new Set(names)];
}

/** A probed fact as lines (a `lines` fact is a list already). */
export function asLines(fact: Known<unknown> | undefined): Known<string[]> {
  if (fact === undefined) return unknown('not read');
  if (!fact.known) return fact;
  if (Array.isArray(fact.value)) return known(fact.value.map(String));
  return known(
    String(fact.value)
      .split('\n')
      .filter((line) => line !== ''),
  );
}

/** The form live source the profile's first `unchanged:` condition names (the stored SMTP settings). */
function storedSource(profile: Profile): string | null {
  for (const step of profile.phases.flatMap((phase) => phase.steps))
    for (const { condition } of step.when ? conditionsOf(step.when) : [])
      if ('unchanged' in condition) return condition.unchanged;
  return null;
}

/** The target's migrations not in the ran ones, or why that is not known. */
function pendingOf(ran: Known<unknown> | undefined, target: Known<string[]>): Known<string[]> {
  if (!ran?.known) return unknown(`the ran migrations are unknown: ${ran?.why ?? 'not read'}`);
  if (!target.known) return unknown(`the target's migrations are unknown: ${target.why}`);
  const done = ranNames(ran.value);
  return known(target.value.filter((name) => !done.has(name)));
}

/** The pending migrations alone, read now (the run's `pending_migrations: none` right before its step). */
export async function readPendingMigrations(
  profile: Profile,
  io: Pick<PlanFactsIo, 'probe' | 'variable' | 'migrationsAt'>,
): Promise<Known<string[]>> {
  const read = await probed(profile, io, ['ran_migrations']);
  const target = targetOf(io);
  const repo = io.variable('repo');
  const targetMigrations: Known<string[]> = !target.known
    ? target
    : repo === undefined
      ? unknown('the profile has no repo var (the local checkout)')
      : await io.migrationsAt(repo, target.value).then(known, (e) => unknown(message(e)));
  return pendingOf(read['ran_migrations'], targetMigrations);
}

/** `ran_migrations` is one space-separated line (the database probe's keyvalue output). */
function ranNames(value: unknown): Set<string> {
  const items = Array.isArray(value) ? value.map(String) : String(value).split(/\s+/);
  return new Set(items.filter((name) => name !== ''));
}
