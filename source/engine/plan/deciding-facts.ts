// The facts that decide each step of a deploy plan, as name → value lines, and their fingerprint: the
// sha256 of those lines. `deploy --plan` re-reads them once the lock is held and refuses when one moved,
// naming it. Volatile facts (free disk, round-trip times, the last run) never enter: they decide nothing.
// Values are what a reviewer may read: hashes, commit ids, migration names, key names; never a secret.
import { createHash } from 'node:crypto';
import type { ConfigFact, Known, PlanFacts } from './plan-facts.js';
import type { ConfigIdentity } from './config-identity.js';

/** One deciding fact: a stable name, what it is in words, and its value (`unknown` when it was not read). */
export type DecidingFact = { name: string; label: string; value: string; why?: string };

/** Where the app facts were read (the hosts of the probes), for the labels. */
export type FactHosts = { release: string; commit: string; migrations: string };

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
const fileName = (path: string): string => path.slice(path.lastIndexOf('/') + 1) || path;

function fact<T>(name: string, label: string, value: Known<T>, show: (value: T) => string): DecidingFact {
  return value.known
    ? { name, label, value: show(value.value) }
    : { name, label, value: 'unknown', why: value.why };
}

/**
 * A config step's comparison: identical, or which files differ (a redacted diff's hash, never its text; a
 * secret file only whether it differs: even a hash of its lines could be guessed back).
 */
function configValue(config: ConfigFact): string {
  if (config.identical) return 'identical';
  const files = config.files.map((file) => {
    const name = fileName(file.path);
    if (file.identical) return `${name}=`;
    return file.secret ? `${name}≠` : `${name}≠${sha(file.diff.join('\n')).slice(0, 16)}`;
  });
  return `differs: ${files.join(' ')}`;
}

function configFacts(configs: Known<ConfigFact[]>): DecidingFact[] {
  if (!configs.known)
    return [
      {
        name: 'configs',
        label: 'the rendered configs against the live ones',
        value: 'unknown',
        why: configs.why,
      },
    ];
  return configs.value.map((config) => ({
    name: `config:${config.step}`,
    label: `the rendered config of step ${config.step} against the live one on ${config.host}`,
    value: configValue(config),
  }));
}

function identityFacts(identities: Known<ConfigIdentity[]>): DecidingFact[] {
  if (!identities.known)
    return [{ name: 'config-files', label: 'the live config files', value: 'unknown', why: identities.why }];
  return identities.value.map((file) => ({
    name: `config-file:${file.host}:${file.path}`,
    label: `${fileName(file.path)} on ${file.host}`,
    value: file.sha256 === null ? 'absent' : `sha256:${file.sha256}`,
  }));
}

/** The deciding facts of a plan, in a stable order. */
export function decidingFacts(
  facts: PlanFacts,
  identities: Known<ConfigIdentity[]>,
  hosts: FactHosts,
): DecidingFact[] {
  return [
    fact('live-release', `the live release on ${hosts.release}`, facts.liveRelease, (v) => v),
    fact('live-commit', `the live commit on ${hosts.commit}`, facts.liveCommit, (v) => v),
    fact('target-commit', 'the target commit', facts.targetCommit, (v) => v),
    fact(
      'pending-migrations',
      `the pending migrations on ${hosts.migrations}`,
      facts.pendingMigrations,
      (v) => (v.length === 0 ? 'none' : v.join(' ')),
    ),
    ...identityFacts(identities),
    ...configFacts(facts.configs),
    fact(
      'env-keys',
      "the .env keys against the target's .env.example",
      facts.envKeys,
      (v) => `missing live: ${v.missingLive.join(' ') || '-'}; only live: ${v.onlyLive.join(' ') || '-'}`,
    ),
    fact('smtp-stored', 'the stored SMTP settings', facts.smtpStored, (v) =>
      v.identical ? 'identical' : `differs: ${v.differing.join(' ')}`,
    ),
  ];
}

/** The fingerprint: sha256 over the names and values (not the labels, not why a fact is unknown). */
export function fingerprintOf(facts: readonly DecidingFact[]): string {
  const lines = facts.map((f) => `${f.name}\t${f.value}`).sort();
  return `sha256:${sha(lines.join('\n'))}`;
}

const short = (value: string): string =>
  value.startsWith('sha256:')
    ? `${value.slice(0, 19)}…`
    : value.length > 60
      ? `${value.slice(0, 57)}…`
      : value;

/** What moved between the plan's facts and the ones read now, one sentence each (empty: nothing moved). */
export function movedFacts(planned: readonly DecidingFact[], now: readonly DecidingFact[]): string[] {
  const current = new Map(now.map((f) => [f.name, f]));
  const before = new Set(planned.map((f) => f.name));
  const moved: string[] = [];
  for (const old of planned) {
    const fresh = current.get(old.name);
    if (fresh === undefined) moved.push(`${old.label}: no longer read (it was ${short(old.value)})`);
    else if (fresh.value !== old.value)
      moved.push(`${old.label} changed since the plan (${short(old.value)} → ${short(fresh.value)})`);
  }
  for (const fresh of now)
    if (!before.has(fresh.name)) moved.push(`${fresh.label}: not in the plan (now ${short(fresh.value)})`);
  return moved;
}
