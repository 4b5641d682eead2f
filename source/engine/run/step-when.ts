// Evaluates a step's or phase's `when:` (profile/when-schema.ts) against a view of the facts: the plan's
// view answers from what it read, the run's from what it read on the hosts right before the step. A condition that cannot
// be read never skips: the step runs (the plan says so as `unknown`, with why).
import type { When, WhenCondition } from '../../profile/when-schema.js';
import type { ConfigFact, Known, SmtpStoredFact } from '../plan/plan-facts.js';

/** What evaluating a `when:` found: skip (the target state is reached), run, or unknown (runs). */
export type WhenVerdict =
  { kind: 'skip'; evidence: string } | { kind: 'run'; evidence: string } | { kind: 'unknown'; why: string };

/** The facts a condition reads; each is known, or says why not. */
export type WhenView = {
  pendingMigrations(): Known<string[]>;
  /** The rendered files of config step `stepId` against the live ones. */
  config(stepId: string): Known<ConfigFact>;
  /** `form.source`: the values the run would store against the live ones (field names only). */
  unchanged(source: string): Known<SmtpStoredFact>;
  /** A fact saved earlier in the run (save_as), as text. */
  fact(name: string): Known<string>;
};

const holds = (evidence: string): WhenVerdict => ({ kind: 'skip', evidence });
const fails = (evidence: string): WhenVerdict => ({ kind: 'run', evidence });

/** The verdict of `when` for step `stepId` (a phase passes its own id; `config` needs a config step). */
export function evaluateWhen(when: When, stepId: string, view: WhenView): WhenVerdict {
  if ('skip_if' in when) return condition(when.skip_if, stepId, view);
  const fact = view.fact(when.fact);
  if (!fact.known) return { kind: 'unknown', why: fact.why };
  return new RegExp(when.matches, 'm').test(fact.value)
    ? fails(`${when.fact} matches /${when.matches}/`)
    : holds(when.else);
}

function condition(when: WhenCondition, stepId: string, view: WhenView): WhenVerdict {
  if ('pending_migrations' in when) {
    const pending = view.pendingMigrations();
    if (!pending.known) return { kind: 'unknown', why: `pending migrations: ${pending.why}` };
    return pending.value.length === 0
      ? holds('no pending migration (every migration of the target has run on the live database)')
      : fails(`${pending.value.length} pending: ${pending.value.join(', ')}`);
  }
  if ('config' in when) {
    const config = view.config(stepId);
    if (!config.known) return { kind: 'unknown', why: `config of ${stepId}: ${config.why}` };
    const names = config.value.files.map((file) => file.path);
    if (config.value.identical)
      return holds(`rendered config identical to the live files (${names.join(', ')})`);
    const differing = config.value.files.filter((file) => !file.identical).map((file) => file.path);
    return fails(`rendered config differs from the live files: ${differing.join(', ')}`);
  }
  if ('unchanged' in when) {
    const stored = view.unchanged(when.unchanged);
    if (!stored.known) return { kind: 'unknown', why: `${when.unchanged}: ${stored.why}` };
    return stored.value.identical
      ? holds(`${when.unchanged}: the live values equal the ones to store`)
      : fails(`${when.unchanged} differs in: ${stored.value.differing.join(', ')}`);
  }
  if ('fact' in when) {
    const fact = view.fact(when.fact);
    if (!fact.known) return { kind: 'unknown', why: fact.why };
    return new RegExp(when.matches, 'm').test(fact.value)
      ? holds(`${when.fact} matches /${when.matches}/`)
      : fails(`${when.fact} does not match /${when.matches}/`);
  }
  const verdicts = [];
  for (const inner of 'any' in when ? when.any : when.all) verdicts.push(condition(inner, stepId, view));
  return 'any' in when ? anyOf(verdicts) : allOf(verdicts);
}

const evidence = (verdicts: WhenVerdict[]): string =>
  verdicts.map((v) => (v.kind === 'unknown' ? v.why : v.evidence)).join('; ');

/** Holds when one holds; unknown when none holds and one is unknown. */
function anyOf(verdicts: WhenVerdict[]): WhenVerdict {
  const hit = verdicts.find((v) => v.kind === 'skip');
  if (hit) return hit;
  const unknown = verdicts.filter((v) => v.kind === 'unknown');
  return unknown.length > 0 ? { kind: 'unknown', why: evidence(unknown) } : fails(evidence(verdicts));
}

/** Holds when all hold; runs as soon as one fails. */
function allOf(verdicts: WhenVerdict[]): WhenVerdict {
  const failed = verdicts.filter((v) => v.kind === 'run');
  if (failed.length > 0) return fails(evidence(failed));
  const unknown = verdicts.filter((v) => v.kind === 'unknown');
  return unknown.length > 0 ? { kind: 'unknown', why: evidence(unknown) } : holds(evidence(verdicts));
}
